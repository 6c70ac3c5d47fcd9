package dev.hibiki.live.signaling;

import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.server.testing.TestDatabases;

import java.nio.file.Path;

class SignalingFuzzH2Test extends SignalingFuzzContract {
    @Override
    DatabaseSettings database(Path dataDir) {
        return TestDatabases.h2(dataDir);
    }
}
