package dev.hibiki.live.signaling;

import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.server.testing.TestDatabases;

import java.nio.file.Path;

/** Skipped unless bin/test provides PostgreSQL (HIBIKI_TEST_PG_URL). */
class SignalingFuzzPostgresTest extends SignalingFuzzContract {
    @Override
    DatabaseSettings database(Path dataDir) {
        return TestDatabases.freshPostgres();
    }
}
