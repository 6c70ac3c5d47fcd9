package dev.hibiki.platform.persistence;

import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** The data directory and the database file in it are readable by their owner only, also for older installs. */
class DataDirectoryPermissionsTest {

    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aServerStartLeavesTheDataDirectoryToItsOwner() throws Exception {
        Path data = tmp.resolve("data");
        // An install from before the rule: world-readable directory, database and a stray file.
        Files.createDirectories(data.resolve("hls"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("hls"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(data.resolve("notes.txt"), "x");
        Files.setPosixFilePermissions(data.resolve("notes.txt"), PosixFilePermissions.fromString("rw-r--r--"));

        try (ServerFixture fixture = new ServerFixture(data, TestDatabases.h2(data))) {
            fixture.newToken("t"); // a write: the database file exists
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("hls"))).isEqualTo("rwx------");
            assertThat(mode(data.resolve("hibiki.mv.db"))).as("holds HLS keys and token hashes").isEqualTo("rw-------");
            assertThat(mode(data.resolve("notes.txt"))).isEqualTo("rw-------");
        }
    }

    @Test
    void tighteningReportsOnlyWhatChanged() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(tmp.resolve("a"), "x");
        Files.setPosixFilePermissions(tmp.resolve("a"), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(DataDirectoryPermissions.tighten(tmp)).containsExactly(Path.of("a"));
        assertThat(DataDirectoryPermissions.tighten(tmp)).isEmpty();
    }
}
