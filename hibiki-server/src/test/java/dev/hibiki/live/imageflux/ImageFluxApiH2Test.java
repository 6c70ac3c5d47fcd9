package dev.hibiki.live.imageflux;

import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.server.testing.TestDatabases;

import java.nio.file.Path;

class ImageFluxApiH2Test extends ImageFluxApiContract {
    @Override
    DatabaseSettings database(Path dataDir) {
        return TestDatabases.h2(dataDir);
    }
}
