package dev.hibiki.archive;

import dev.hibiki.hls.playlist.SegmentFormat;
import dev.hibiki.live.channel.HlsRendition;
import dev.hibiki.live.hls.HlsFile;
import dev.hibiki.live.hls.HlsOutputInfo;
import dev.hibiki.storage.Destination;
import dev.hibiki.storage.LocalObjectStore;
import dev.hibiki.storage.ObjectStore;
import dev.hibiki.storage.StoreException;
import dev.hibiki.storage.spool.SpoolItem;
import dev.hibiki.storage.spool.SpoolListener;
import dev.hibiki.storage.spool.SpoolSettings;
import dev.hibiki.storage.spool.UploadSpool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The recorder against a real spool and a local destination: the live window's files (which the HLS output deletes
 * soon after) all arrive, each playlist version after its segments, the VOD playlists list every segment, and the
 * VOD master playlist arrives after the VOD playlists it names.
 */
class ArchiveRecorderTest {

    @TempDir
    Path dir;

    private UploadSpool spool;
    private final List<String> uploaded = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        if (spool != null) spool.close();
    }

    private ArchiveRecorder recorder(Path bucket) throws IOException {
        Files.createDirectories(bucket);
        return recorder(new LocalObjectStore(bucket));
    }

    private ArchiveRecorder recorder(ObjectStore store) throws IOException {
        HeldVodMasters masters = new HeldVodMasters(dir.resolve("held"), new SpoolListener() {
            @Override
            public void uploaded(SpoolItem item) {
                uploaded.add(item.key());
            }
        });
        spool = UploadSpool.open(dir.resolve("spool"), id -> id.equals("dest") ? store : null, masters,
                SpoolSettings.defaults().withWorkers(2).withRetryDelays(Duration.ofMillis(10), Duration.ofMillis(100)),
                new SimpleMeterRegistry());
        ArchiveRecorder recorder = new ArchiveRecorder(spool, dir.resolve("scratch"), dir.resolve("journals"),
                (destination, key, cause) -> {
                    throw new AssertionError("not queued: " + key, cause);
                }, masters);
        masters.releaseTo(recorder::queuePlaylist);
        return recorder;
    }

    @Test
    void everySegmentOfTheArchivedRenditionArrivesAndTheVodPlaylistListsThemAll() throws IOException {
        Path bucket = dir.resolve("bucket");
        ArchiveRecorder recorder = recorder(bucket);
        Path out = dir.resolve("hls/ch1/key1");
        HlsOutputInfo info = new HlsOutputInfo("ch1", "conn1", "token1", "key1", out, List.of(
                new HlsRendition(1, null, 640, 360, 30, 500_000, null, 96_000, "dest"),
                new HlsRendition(1, null, 320, 180, 30, 200_000, null, 96_000, null)), SegmentFormat.MPEGTS,
                "index.m3u8");
        int segments = 12;
        broadcast(recorder, info, segments);

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(bucket.resolve("ch1/conn1/vod.m3u8")));
        for (int seq = 0; seq < segments; seq++) {
            assertThat(bucket.resolve("ch1/conn1/r0/segment-" + seq + ".ts")).hasContent("segment 0/" + seq);
            assertThat(bucket.resolve("ch1/conn1/r1/segment-" + seq + ".ts")).doesNotExist();
        }
        String vod = Files.readString(bucket.resolve("ch1/conn1/r0/vod.m3u8"));
        assertThat(vod).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST", "#EXT-X-MEDIA-SEQUENCE:0");
        assertThat(vod.lines().filter(l -> l.startsWith("segment-")).toList())
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, segments).mapToObj(i -> "segment-" + i + ".ts").toList());
        assertThat(Files.readString(bucket.resolve("ch1/conn1/vod.m3u8")))
                .contains("r0/vod.m3u8", "RESOLUTION=640x360").doesNotContain("r1/", "playlist.m3u8");
        // the live playlist's last version arrived after the last segment it lists
        assertThat(Files.readString(bucket.resolve("ch1/conn1/r0/playlist.m3u8"))).contains("# up to " + (segments - 1));
        List<String> r0 = uploaded.stream().filter(k -> k.startsWith("ch1/conn1/r0/")).toList();
        assertThat(r0.indexOf("ch1/conn1/r0/segment-11.ts")).isLessThan(r0.lastIndexOf("ch1/conn1/r0/playlist.m3u8"));
        assertThat(r0.getLast()).isEqualTo("ch1/conn1/r0/vod.m3u8");
        assertThat(dir.resolve("scratch")).isEmptyDirectory();
    }

    /**
     * Two renditions archived to one destination, one of them slow to upload: the VOD master playlist, queued when
     * the sender leaves, still arrives only after both VOD playlists it names (the spool orders files within a
     * rendition, not among renditions).
     */
    @Test
    void theVodMasterArrivesAfterTheVodPlaylistsOfEveryRendition() throws IOException {
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        LocalObjectStore local = new LocalObjectStore(bucket);
        ArchiveRecorder recorder = recorder(new ObjectStore() {
            @Override
            public Destination destination() {
                return local.destination();
            }

            @Override
            public void put(String key, Path file, String contentType) throws StoreException {
                if (key.contains("/r1/")) sleep(20);
                local.put(key, file, contentType);
            }

            @Override
            public void delete(String key) throws StoreException {
                local.delete(key);
            }
        });
        HlsOutputInfo info = new HlsOutputInfo("ch3", "conn3", "token1", "key3", dir.resolve("hls/ch3/key3"), List.of(
                new HlsRendition(1, null, 640, 360, 30, 500_000, null, 96_000, "dest"),
                new HlsRendition(1, null, 320, 180, 30, 200_000, null, 96_000, "dest")), SegmentFormat.MPEGTS,
                "index.m3u8");

        broadcast(recorder, info, 12);

        await().atMost(Duration.ofSeconds(20)).until(() -> uploaded.contains("ch3/conn3/vod.m3u8"));
        assertThat(bucket.resolve("ch3/conn3/r0/vod.m3u8")).exists();
        assertThat(bucket.resolve("ch3/conn3/r1/vod.m3u8")).exists();
        assertThat(bucket.resolve("ch3/conn3/r1/segment-11.ts")).exists();
        assertThat(Files.readString(bucket.resolve("ch3/conn3/vod.m3u8"))).contains("r0/vod.m3u8", "r1/vod.m3u8");
        assertThat(uploaded.getLast()).isEqualTo("ch3/conn3/vod.m3u8");
        assertThat(dir.resolve("held")).isEmptyDirectory();
    }

    @Test
    void anOutputWithoutArchivedRenditionsQueuesNothing() throws IOException {
        ArchiveRecorder recorder = recorder(dir.resolve("bucket"));
        Path out = dir.resolve("hls/ch2/key2");
        HlsOutputInfo info = new HlsOutputInfo("ch2", "conn2", "token1", "key2", out, List.of(
                new HlsRendition(1, null, 640, 360, 30, 500_000, null, 96_000, null)), SegmentFormat.MPEGTS,
                "index.m3u8");
        recorder.started(info);
        Path segment = write(out.resolve("r0/segment-0.ts"), "x");
        recorder.written(info, new HlsFile(HlsFile.Kind.SEGMENT, 0, "r0/segment-0.ts", segment, 0, 1.0, null, null));
        recorder.ended(info);
        assertThat(spool.queuedItems()).isZero();
        assertThat(uploaded).isEmpty();
    }

    /**
     * What an HLS output writes for {@code segments} one-second segments of every rendition of {@code info}: each
     * segment and then its playlist, the master after the first segments, then the end.
     */
    private static void broadcast(ArchiveRecorder recorder, HlsOutputInfo info, int segments) throws IOException {
        Path out = info.directory();
        recorder.started(info);
        for (int seq = 0; seq < segments; seq++) {
            for (int r = 0; r < info.ladder().size(); r++) {
                Path segment = write(out.resolve("r" + r + "/segment-" + seq + ".ts"), "segment " + r + "/" + seq);
                recorder.written(info, new HlsFile(HlsFile.Kind.SEGMENT, r, "r" + r + "/segment-" + seq + ".ts",
                        segment, seq, 1.0, null, null));
                Path playlist = write(out.resolve("r" + r + "/playlist.m3u8"), "#EXTM3U\n# up to " + seq + "\n");
                recorder.written(info, new HlsFile(HlsFile.Kind.MEDIA_PLAYLIST, r, "r" + r + "/playlist.m3u8",
                        playlist, 0, 0, null, null));
                // the live window deletes old segments right away here: the spool must hold its own copy
                Files.delete(segment);
            }
            if (seq == 0) {
                Path master = write(out.resolve("index.m3u8"), String.join("\n", "#EXTM3U",
                        "#EXT-X-STREAM-INF:BANDWIDTH=596000,RESOLUTION=640x360", "r0/playlist.m3u8",
                        "#EXT-X-STREAM-INF:BANDWIDTH=296000,RESOLUTION=320x180", "r1/playlist.m3u8", ""));
                recorder.written(info, new HlsFile(HlsFile.Kind.MASTER_PLAYLIST, -1, "index.m3u8", master, 0, 0,
                        null, null));
            }
        }
        recorder.ended(info);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBroadcastCutShortByAStopGetsItsVodPlaylistsAtTheNextStart() throws IOException {
        Path bucket = dir.resolve("bucket");
        ArchiveRecorder first = recorder(bucket);
        Path out = dir.resolve("hls/ch3/key3");
        HlsOutputInfo info = new HlsOutputInfo("ch3", "conn3", "token1", "key3", out, List.of(
                new HlsRendition(2, null, 640, 360, 30, 500_000, null, 96_000, "dest")), SegmentFormat.MPEGTS,
                "index.m3u8");
        first.started(info);
        for (int seq = 5; seq < 9; seq++) {
            Path segment = write(out.resolve("r0/segment-" + seq + ".ts"), "segment " + seq);
            first.written(info, new HlsFile(HlsFile.Kind.SEGMENT, 0, "r0/segment-" + seq + ".ts", segment, seq, 2.0,
                    null, null));
            if (seq == 5) {
                Path master = write(out.resolve("index.m3u8"), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=596000\nr0/playlist.m3u8\n");
                first.written(info, new HlsFile(HlsFile.Kind.MASTER_PLAYLIST, -1, "index.m3u8", master, 0, 0, null, null));
            }
        }
        // the process stops here, without ended(): the next start finds the journal
        spool.close();
        ArchiveRecorder second = recorder(bucket);
        second.finishInterruptedBroadcasts();

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(bucket.resolve("ch3/conn3/vod.m3u8")));
        String vod = Files.readString(bucket.resolve("ch3/conn3/r0/vod.m3u8"));
        assertThat(vod).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST", "#EXT-X-MEDIA-SEQUENCE:5",
                "#EXT-X-TARGETDURATION:2");
        assertThat(vod.lines().filter(l -> l.startsWith("segment-")).toList())
                .containsExactly("segment-5.ts", "segment-6.ts", "segment-7.ts", "segment-8.ts");
        assertThat(Files.readString(bucket.resolve("ch3/conn3/vod.m3u8"))).contains("r0/vod.m3u8");
        for (int seq = 5; seq < 9; seq++) {
            assertThat(bucket.resolve("ch3/conn3/r0/segment-" + seq + ".ts")).hasContent("segment " + seq);
        }
        assertThat(dir.resolve("journals")).isEmptyDirectory();
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        return Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
