package dev.hibiki.live.imageflux;

import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.server.testing.TestDatabases;

import java.nio.file.Path;

class ImageFluxApiPostgresTest extends ImageFluxApiContract {

    private DatabaseSettings database;

    @Override
    DatabaseSettings database(Path dataDir) {
        if (database == null) database = TestDatabases.freshPostgres();
        return database;
    }
}
