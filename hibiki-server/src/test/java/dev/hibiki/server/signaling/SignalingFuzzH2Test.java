package dev.hibiki.server.signaling;

import dev.hibiki.server.config.DatabaseSettings;
import dev.hibiki.server.testing.TestDatabases;

import java.nio.file.Path;

class SignalingFuzzH2Test extends SignalingFuzzContract {
    @Override
    DatabaseSettings database(Path dataDir) {
        return TestDatabases.h2(dataDir);
    }
}
