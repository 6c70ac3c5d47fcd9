package dev.hibiki.option;

import dev.hibiki.platform.config.DatabaseSettings;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The databases the API tests run on: embedded H2, and the PostgreSQL that bin/test starts (its admin URL in
 * HIBIKI_TEST_PG_URL), a fresh database per test class. As hibiki-server's TestDatabases, which this module cannot
 * depend on.
 */
enum TestDatabase {
    H2, POSTGRES;

    DatabaseSettings settings(Path dataDir) {
        if (this == H2) return new DatabaseSettings(DatabaseSettings.embeddedH2Url(dataDir.resolve("hibiki")), "", "", 8, true);
        String admin = System.getenv("HIBIKI_TEST_PG_URL");
        if (admin == null || admin.isBlank()) {
            if (System.getenv("CI") != null) throw new IllegalStateException("HIBIKI_TEST_PG_URL is not set: run bin/test");
            Assumptions.abort("HIBIKI_TEST_PG_URL not set; run bin/test to include the PostgreSQL tests");
        }
        String name = "hibiki_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + admin, e);
        }
        return new DatabaseSettings(admin.replaceFirst("/postgres(\\?|$)", "/" + name + "$1"), "", "", 8, false);
    }
}
