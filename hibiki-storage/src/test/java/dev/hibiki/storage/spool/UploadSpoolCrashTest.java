package dev.hibiki.storage.spool;

import dev.hibiki.storage.LocalObjectStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A confirmed enqueue survives kill -9: another JVM enqueues into a spool whose uploads never finish and is
 * killed with SIGKILL mid-stream; a spool opened here over the same directory uploads every item it had
 * confirmed, whole, in order per group.
 */
@Tag("slow")
class UploadSpoolCrashTest {
    @TempDir
    Path dir;

    @Test
    void whatWasConfirmedBeforeAKillIsUploadedAfterwards() throws Exception {
        Path spoolDir = dir.resolve("spool");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SpoolCrashChild.class.getName(), spoolDir.toString(), dir.resolve("sources").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<Integer> confirmed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("ENQUEUED ")) continue;
                confirmed.add(Integer.parseInt(line.substring(9).trim()));
                if (confirmed.size() == 40) child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        assertThat(confirmed).hasSizeGreaterThanOrEqualTo(40);

        Path archive = Files.createDirectories(dir.resolve("archive"));
        ScriptedStore store = new ScriptedStore(new LocalObjectStore(archive));
        RecordingListener listener = new RecordingListener();
        try (UploadSpool spool = UploadSpool.open(spoolDir, id -> store, listener, SpoolSettings.defaults(),
                new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> spool.queuedItems() == 0);
        }
        assertThat(listener.failed()).isEmpty();
        for (int n : confirmed) {
            assertThat(archive.resolve("seg-" + n + ".ts")).hasContent(SpoolCrashChild.content(n));
        }
        // an enqueue under way when the kill came is there whole or not at all
        for (String key : store.confirmed()) {
            int n = Integer.parseInt(key.substring(4, key.indexOf('.')));
            assertThat(archive.resolve(key)).hasContent(SpoolCrashChild.content(n));
        }
        Map<String, List<Integer>> byGroup = store.confirmed().stream()
                .map(k -> Integer.parseInt(k.substring(4, k.indexOf('.'))))
                .collect(Collectors.groupingBy(SpoolCrashChild::group));
        byGroup.values().forEach(order -> assertThat(order).isSorted());
        try (var left = Files.list(spoolDir.resolve("items"))) {
            assertThat(left).isEmpty();
        }
    }
}
