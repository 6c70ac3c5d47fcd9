package dev.hibiki.sipgateway;

import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.server.testing.TestDatabases;

import java.nio.file.Path;

class SipCallApiPostgresTest extends SipCallApiContract {
    @Override
    DatabaseSettings database(Path dataDir) {
        return TestDatabases.freshPostgres();
    }
}
