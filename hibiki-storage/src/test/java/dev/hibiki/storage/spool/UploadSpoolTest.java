package dev.hibiki.storage.spool;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hibiki.storage.FailureReason;
import dev.hibiki.storage.LocalObjectStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class UploadSpoolTest {
    private static final SpoolSettings FAST = SpoolSettings.defaults()
            .withRetryDelays(Duration.ofMillis(10), Duration.ofMillis(100));

    @TempDir
    Path dir;
    Path archive;
    Path spoolDir;
    ScriptedStore store;
    RecordingListener listener;
    SimpleMeterRegistry registry;
    ListAppender<ILoggingEvent> log;

    @BeforeEach
    void setUp() throws IOException {
        archive = Files.createDirectories(dir.resolve("archive"));
        spoolDir = dir.resolve("spool");
        store = new ScriptedStore(new LocalObjectStore(archive));
        listener = new RecordingListener();
        registry = new SimpleMeterRegistry();
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger("dev.hibiki.storage")).addAppender(log);
    }

    @AfterEach
    void detachLog() {
        ((Logger) LoggerFactory.getLogger("dev.hibiki.storage")).detachAppender(log);
    }

    private UploadSpool open(SpoolSettings settings) throws IOException {
        return UploadSpool.open(spoolDir, id -> id.equals("dest") ? store : null, listener, settings, registry);
    }

    private Path source(String name, int bytes) throws IOException {
        return Files.write(dir.resolve(name), ("x".repeat(bytes - 1) + "\n").getBytes());
    }

    private double uploads(String result) {
        var c = registry.find("hibiki.storage.spool.uploads").tag("destination", "dest").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void uploadsEveryItemOnceInOrderPerGroup() throws Exception {
        store.failNext(5, FailureReason.UNREACHABLE);
        List<String> enqueued = new ArrayList<>();
        try (UploadSpool spool = open(FAST)) {
            for (int i = 0; i < 20; i++) {
                for (String group : List.of("a", "b", "c")) {
                    String key = group + "/seg-" + i + ".ts";
                    spool.enqueue("dest", key, source(group + i, 100 + i), "video/mp2t", group);
                    enqueued.add(key);
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> listener.uploaded().size() == 60);
            assertThat(spool.queuedItems()).isZero();
            assertThat(spool.queuedBytes()).isZero();
        }
        assertThat(store.confirmed()).containsExactlyInAnyOrderElementsOf(enqueued);
        for (String group : List.of("a", "b", "c")) {
            assertThat(store.confirmed().stream().filter(k -> k.startsWith(group + "/")).toList())
                    .isEqualTo(enqueued.stream().filter(k -> k.startsWith(group + "/")).toList());
        }
        assertThat(archive.resolve("b/seg-7.ts")).hasSize(107);
        assertThat(listener.failed()).isEmpty();
        assertThat(uploads("ok")).isEqualTo(60);
        assertThat(uploads("retried")).isEqualTo(5);
        try (var left = Files.list(spoolDir.resolve("items"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void passingFailuresAreRetriedForAsLongAsItTakes() throws Exception {
        store.failNext(12, FailureReason.UNREACHABLE);
        try (UploadSpool spool = open(FAST.withPermanentErrorAttempts(2))) {
            spool.enqueue("dest", "k.ts", source("s", 10), "video/mp2t", "g");
            await().atMost(Duration.ofSeconds(20)).until(() -> listener.uploaded().size() == 1);
        }
        assertThat(store.attempts.get()).isEqualTo(13);
        assertThat(listener.failed()).isEmpty();
    }

    @Test
    void lastingRefusalsAreGivenUpAfterTheConfiguredTries() throws Exception {
        store.failAlways(FailureReason.ACCESS_DENIED);
        try (UploadSpool spool = open(FAST.withPermanentErrorAttempts(3))) {
            spool.enqueue("dest", "k.ts", source("s", 10), "video/mp2t", "g");
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.failed().size() == 1);
            assertThat(spool.queuedItems()).isZero();
        }
        RecordingListener.Failure f = listener.failed().get(0);
        assertThat(f.failure().kind()).isEqualTo(UploadFailure.Kind.STORE_REFUSED);
        assertThat(f.failure().storeReason()).isEqualTo(FailureReason.ACCESS_DENIED);
        assertThat(store.attempts.get()).isEqualTo(3);
        assertThat(uploads("failed")).isEqualTo(1);
        assertThat(log.list).anySatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.ERROR);
            assertThat(e.getFormattedMessage()).contains("gave up k.ts");
        });
    }

    @Test
    void anItemForADestinationThatIsGoneFails() throws Exception {
        try (UploadSpool spool = open(FAST)) {
            spool.enqueue("deleted", "k.ts", source("s", 10), "video/mp2t", "g");
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.failed().size() == 1);
        }
        assertThat(listener.failed().get(0).failure().kind()).isEqualTo(UploadFailure.Kind.UNKNOWN_DESTINATION);
    }

    @Test
    void aFullSpoolDropsTheOldestGroupLoudly() throws Exception {
        store.failAlways(FailureReason.UNREACHABLE);
        SpoolSettings settings = FAST.withMaxBytes(10_000).withRetryDelays(Duration.ofSeconds(30), Duration.ofSeconds(60));
        try (UploadSpool spool = open(settings)) {
            for (int i = 1; i <= 3; i++) spool.enqueue("dest", "a/" + i, source("a" + i, 2000), "video/mp2t", "a");
            for (int i = 1; i <= 2; i++) spool.enqueue("dest", "b/" + i, source("b" + i, 2000), "video/mp2t", "b");
            assertThat(spool.queuedBytes()).isEqualTo(10_000);
            // both groups tried their first item, failed, and now wait out their (long) retry delay
            await().atMost(Duration.ofSeconds(10)).until(() -> store.attempts.get() == 2 && store.inPut.get() == 0);
            TimeUnit.MILLISECONDS.sleep(50);

            spool.enqueue("dest", "c/1", source("c1", 2000), "video/mp2t", "c");

            assertThat(listener.failed()).extracting(f -> f.item().key()).containsExactly("a/1", "a/2", "a/3");
            assertThat(listener.failed()).allSatisfy(f ->
                    assertThat(f.failure().kind()).isEqualTo(UploadFailure.Kind.EVICTED));
            assertThat(spool.queuedBytes()).isEqualTo(6000);
            assertThat(spool.queuedItems()).isEqualTo(3);
            assertThat(uploads("evicted")).isEqualTo(3);
            assertThat(log.list).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).contains("dropped 3 unsent files of group a");
            });

            // what can never fit is refused, and nothing is dropped for it
            assertThatThrownBy(() -> spool.enqueue("dest", "huge", source("huge", 10_001), "video/mp2t", "d"))
                    .isInstanceOf(SpoolFullException.class);
            assertThat(spool.queuedItems()).isEqualTo(3);
        }
        try (var left = Files.list(spoolDir.resolve("items"))) {
            assertThat(left.filter(p -> p.toString().endsWith(".item"))).hasSize(3);
        }
    }

    @Test
    void closeStopsAnUploadUnderWayAndTheNextSpoolFinishesIt() throws Exception {
        store.hang();
        UploadSpool spool = open(FAST);
        for (int i = 1; i <= 3; i++) spool.enqueue("dest", "k" + i, source("s" + i, 10), "video/mp2t", "g");
        await().atMost(Duration.ofSeconds(10)).until(() -> store.inPut.get() == 1);
        assertThat(registry.get("hibiki.storage.spool.queued.items").gauge().value()).isEqualTo(3);
        assertThat(registry.get("hibiki.storage.spool.queued.bytes").gauge().value()).isEqualTo(30);
        long start = System.nanoTime();
        spool.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(listener.failed()).isEmpty();

        ScriptedStore working = new ScriptedStore(new LocalObjectStore(archive));
        store = working;
        try (UploadSpool again = open(FAST)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> listener.uploaded().size() == 3);
            assertThat(again.queuedItems()).isZero();
        }
        assertThat(working.confirmed()).containsExactly("k1", "k2", "k3");
    }

    @Test
    void oneDirectoryHasOneSpool() throws Exception {
        try (UploadSpool spool = open(FAST)) {
            assertThatThrownBy(() -> open(FAST)).isInstanceOf(IOException.class).hasMessageContaining("another");
        }
    }

    @Test
    void reportsTheOldestItemsAge() throws Exception {
        store.failAlways(FailureReason.UNREACHABLE);
        try (UploadSpool spool = open(FAST)) {
            spool.enqueue("dest", "k", source("s", 10), "video/mp2t", "g");
            TimeUnit.MILLISECONDS.sleep(100);
            assertThat(registry.get("hibiki.storage.spool.oldest.age").timeGauge().value(TimeUnit.MILLISECONDS))
                    .isGreaterThanOrEqualTo(100);
        }
    }
}
