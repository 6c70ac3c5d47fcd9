package dev.hibiki.option;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** One server per test class, on the database the class names (H2 here; the *PostgresTest subclasses PostgreSQL). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OptionApiTest {

    @TempDir
    static Path dataDir;
    OptionServer server;

    TestDatabase database() {
        return TestDatabase.H2;
    }

    OptionSettings settings() {
        return OptionSettings.DEFAULT;
    }

    @BeforeAll
    void startServer() {
        server = new OptionServer(dataDir, database().settings(dataDir), settings());
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }
}
