package dev.hibiki.sip.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the scratch directories the peer helpers create. */
final class TempDirs {
    private TempDirs() {
    }

    static void delete(Path dir) {
        if (Boolean.getBoolean("hibiki.keepPeerLogs")) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temp directory
        }
    }
}
