package dev.hibiki.server.testing;

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
 * The databases persistence tests run against: an embedded H2 file, and a real PostgreSQL that bin/test starts
 * (its admin URL arrives in HIBIKI_TEST_PG_URL). Each PostgreSQL test gets a database of its own.
 */
public final class TestDatabases {

    public static final String PG_URL_ENV = "HIBIKI_TEST_PG_URL";

    private TestDatabases() {
    }

    public static DatabaseSettings h2(Path dataDir) {
        return new DatabaseSettings(DatabaseSettings.embeddedH2Url(dataDir.resolve("hibiki")), "", "", 8, true);
    }

    /** A new, empty PostgreSQL database. Skips the test where no PostgreSQL was provided, except in CI. */
    public static DatabaseSettings freshPostgres() {
        String admin = System.getenv(PG_URL_ENV);
        if (admin == null || admin.isBlank()) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(PG_URL_ENV + " is not set: run the tests with bin/test, which starts PostgreSQL");
            }
            Assumptions.abort(PG_URL_ENV + " not set; run bin/test to include the PostgreSQL tests");
        }
        String name = "hibiki_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + admin, e);
        }
        String url = admin.replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
        return new DatabaseSettings(url, "", "", 8, false);
    }
}
