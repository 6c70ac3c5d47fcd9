package dev.hibiki.server.browser;

import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * A browser test class against one real server for all its tests: headless Chromium ({@link #chromium}), the
 * server ({@link #fixture}, on an H2 database in a temporary directory) and the demo pages driven through
 * {@link #pages}. A class that needs other server settings overrides {@link #startFixture}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChannelBrowserTest {

    @RegisterExtension
    final ChromiumExtension chromium = new ChromiumExtension();

    ServerFixture fixture;
    ChannelPages pages;

    /** The name of the access token the pages use. */
    abstract String tokenName();

    /** The server under test; the default has the embedded defaults. */
    ServerFixture startFixture(Path dataDir) {
        return new ServerFixture(dataDir, TestDatabases.h2(dataDir));
    }

    @BeforeAll
    final void startServer(@TempDir Path dataDir) {
        fixture = startFixture(dataDir);
        pages = new ChannelPages(fixture, tokenName());
    }

    @AfterAll
    final void stopServer() {
        if (fixture != null) fixture.close();
    }
}
