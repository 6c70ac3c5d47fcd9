package dev.hibiki.storage.spool;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.hibiki.net.OutboundAddressPolicy;
import dev.hibiki.storage.Destination;
import dev.hibiki.storage.FailureReason;
import dev.hibiki.storage.S3ObjectStore;
import dev.hibiki.storage.S3ProxyServer;
import dev.hibiki.storage.StoreCredentials;
import dev.hibiki.storage.StoreOptions;
import dev.hibiki.storage.StoreProbeException;
import dev.hibiki.storage.StoreSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The spool in front of a real S3 server that goes away for a while, and what the logs say meanwhile. */
@Tag("slow")
class UploadSpoolS3Test {
    private static final String BUCKET = "spool-archive";
    private static final String WRONG_SECRET = "wrong-secret-Hibiki-9876543210fedcba";

    @TempDir
    Path dir;
    S3ProxyServer server;
    ListAppender<ILoggingEvent> log;
    private static final List<String> CLIENT_LOGGERS = List.of("dev.hibiki", "software.amazon.awssdk", "org.apache.http");
    private final List<Level> levels = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        server = new S3ProxyServer();
        server.createBucket(BUCKET);
        // everything the client side logs, down to DEBUG (the SDK's requests, Apache HttpClient's headers and
        // bytes on the wire), is searched for secrets; the server's own logs are not Hibiki's
        for (String name : CLIENT_LOGGERS) {
            Logger l = (Logger) LoggerFactory.getLogger(name);
            levels.add(l.getLevel());
            l.setLevel(Level.DEBUG);
        }
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void tearDown() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        for (int i = 0; i < CLIENT_LOGGERS.size(); i++) {
            ((Logger) LoggerFactory.getLogger(CLIENT_LOGGERS.get(i))).setLevel(levels.get(i));
        }
        server.close();
    }

    private S3ObjectStore s3(String secret) {
        return new S3ObjectStore(StoreSpec.s3(Destination.parse("s3://" + BUCKET + "/live/"), "us-east-1",
                new StoreCredentials.AwsKeys(S3ProxyServer.ACCESS_KEY, secret), server.endpoint()),
                OutboundAddressPolicy.of(true, "archive.allow_private_networks"),
                StoreOptions.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    @Test
    void itemsWaitOutAStoppedServerAndArriveOnceInOrder() throws Exception {
        RecordingListener listener = new RecordingListener();
        List<String> enqueued = new ArrayList<>();
        try (S3ObjectStore s3 = s3(S3ProxyServer.SECRET_KEY);
             UploadSpool spool = UploadSpool.open(dir.resolve("spool"), id -> s3, listener, SpoolSettings.defaults().withRetryDelays(Duration.ofMillis(100), Duration.ofMillis(800)),
                     new SimpleMeterRegistry())) {
            server.stop();
            for (int i = 0; i < 6; i++) {
                for (String rendition : List.of("720p", "360p")) {
                    String key = rendition + "/seg-" + i + ".ts";
                    Path f = Files.writeString(dir.resolve(rendition + i), "segment " + key);
                    spool.enqueue("tenant-dest", key, f, "video/mp2t", rendition);
                    enqueued.add(key);
                    Path playlist = Files.writeString(dir.resolve(rendition + "-pl" + i), "#EXTM3U up to " + i);
                    spool.enqueue("tenant-dest", rendition + "/index.m3u8", playlist, "application/vnd.apple.mpegurl",
                            rendition);
                    enqueued.add(rendition + "/index.m3u8");
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> log.list.stream().anyMatch(e ->
                    e.getLevel() == Level.WARN && e.getFormattedMessage().contains("trying again")));
            Thread.sleep(1500); // several rounds of retries against the closed port
            assertThat(listener.uploaded()).isEmpty();
            server.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> spool.queuedItems() == 0);
        }
        assertThat(listener.failed()).isEmpty();
        List<String> uploaded = listener.uploaded().stream().map(SpoolItem::key).toList();
        assertThat(uploaded).containsExactlyInAnyOrderElementsOf(enqueued); // each item confirmed exactly once
        for (String rendition : List.of("720p", "360p")) {
            assertThat(uploaded.stream().filter(k -> k.startsWith(rendition)).toList())
                    .isEqualTo(enqueued.stream().filter(k -> k.startsWith(rendition)).toList());
            assertThat(server.read(BUCKET, "live/" + rendition + "/index.m3u8"))
                    .asString(StandardCharsets.UTF_8).isEqualTo("#EXTM3U up to 5");
            assertThat(server.read(BUCKET, "live/" + rendition + "/seg-3.ts")).asString(StandardCharsets.UTF_8)
                    .isEqualTo("segment " + rendition + "/seg-3.ts");
        }
        assertNoSecretLogged();
    }

    @Test
    void aWrongSecretFailsTheItemAndNeverReachesTheLog() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (S3ObjectStore s3 = s3(WRONG_SECRET);
             UploadSpool spool = UploadSpool.open(dir.resolve("spool"), id -> s3, listener,
                     SpoolSettings.defaults().withRetryDelays(Duration.ofMillis(10), Duration.ofMillis(50))
                             .withPermanentErrorAttempts(2), new SimpleMeterRegistry())) {
            assertThatThrownBy(s3::probe).isInstanceOf(StoreProbeException.class);
            spool.enqueue("tenant-dest", "seg.ts", Files.writeString(dir.resolve("s"), "x"), "video/mp2t", "g");
            await().atMost(Duration.ofSeconds(20)).until(() -> listener.failed().size() == 1);
        }
        assertThat(listener.failed().get(0).failure().storeReason())
                .isIn(FailureReason.INVALID_CREDENTIALS, FailureReason.ACCESS_DENIED);
        assertThat(listener.failed().get(0).failure().message()).doesNotContain(WRONG_SECRET);
        assertThat(log.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("gave up seg.ts"));
        assertNoSecretLogged();
    }

    private void assertNoSecretLogged() {
        assertThat(log.list).isNotEmpty();
        for (ILoggingEvent e : List.copyOf(log.list)) {
            String text = e.getFormattedMessage()
                    + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()));
            assertThat(text).doesNotContain(S3ProxyServer.SECRET_KEY).doesNotContain(WRONG_SECRET);
        }
    }
}
