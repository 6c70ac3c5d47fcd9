package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.archive.ArchiveDestinationApi;
import dev.hibiki.archive.ArchiveSettings;
import dev.hibiki.hls.playlist.HlsOutputDirectory;
import dev.hibiki.platform.webhook.WebhookSettings;
import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.server.testing.WebhookReceiver;
import dev.hibiki.storage.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static dev.hibiki.server.browser.ChannelPages.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The archive end to end: sora-js-sdk in headless Chromium publishes into an HLS channel whose first rendition
 * archives to a bucket of a real S3 server (S3Proxy), and every segment, the final live playlist and the VOD
 * playlists arrive, also when the bucket is down for a while or Hibiki restarts with uploads still waiting. Each
 * upload is announced to the channel's event webhook.
 */
@Tag("browser")
class ArchiveBrowserTest extends ChannelBrowserTest {

    private static final String PREFIX = "archive/";
    private static final String CREATED = "imageflux.archive_created";
    /** The spool's retry delay doubles up to 60 s: after an outage, the last waiting file may take that long. */
    private static final Duration ARCHIVE_WAIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookReceiver hooks = new WebhookReceiver();
    private S3ProxyServer s3;
    private Path dataDir;

    @TempDir
    Path work;

    @Override
    String tokenName() {
        return "archive-browser-tests";
    }

    @Override
    ServerFixture startFixture(Path dataDir) {
        this.dataDir = dataDir;
        try {
            s3 = new S3ProxyServer();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        // S3Proxy and the webhook receiver listen on loopback, which Hibiki reaches only when the operator allows it
        return new ServerFixture(dataDir, TestDatabases.h2(dataDir), WebhookSettings.DEFAULT.withPrivateNetworks(true),
                ArchiveSettings.DEFAULT.withPrivateNetworks(true));
    }

    @AfterAll
    void stopBucketAndReceiver() throws Exception {
        hooks.close();
        if (s3 != null) s3.close();
    }

    /**
     * 30 s of broadcast with the S3 server stopped from the 5th to the 25th second: the segments written meanwhile
     * wait in the spool and arrive once it is back, the archive is whole and plays for as long as the sender sent.
     */
    @Test
    void everySegmentArrivesThoughTheBucketIsDownForTwentySeconds() throws Exception {
        ArchivedChannel archive = archivedChannel("archive-outage");
        HeadlessChromium sender = chromium.launch("sender");
        pages.publish(sender, archive.channel(), "video_codec_type=VP8");
        long sendingSince = System.nanoTime();
        try {
            sleepUntil(sendingSince, 5_000);
            s3.stop();
            sleepUntil(sendingSince, 25_000);
        } finally {
            s3.restart();
        }
        long bucketBackAt = System.nanoTime();
        sleepUntil(sendingSince, 30_000);
        double broadcastSeconds = disconnect(sender);

        Map<String, Long> segments = checkArchive(archive, broadcastSeconds);
        long late = hooks.calls(archive.eventsPath()).stream()
                .filter(c -> c.receivedAtNanos() > bucketBackAt && isCreated(c.body(), segments.keySet()))
                .count();
        assertThat(late).as("segments written while the bucket was down, announced once it was back")
                .isGreaterThanOrEqualTo(10);
    }

    /**
     * With the S3 server down, a sender broadcasts 8 s and leaves; Hibiki restarts over the same data directory
     * with every file still in its spool, and once the S3 server is back they all arrive, the VOD playlists too.
     */
    @Test
    void filesWaitingInTheSpoolArriveAfterHibikiRestarts() throws Exception {
        ArchivedChannel archive = archivedChannel("archive-restart");
        HeadlessChromium sender = chromium.launch("sender");
        double broadcastSeconds;
        s3.stop();
        try {
            pages.publish(sender, archive.channel(), "video_codec_type=VP8");
            sleep(8_000);
            broadcastSeconds = disconnect(sender);
            // the output ends its live playlists, then the archive queues the VOD playlists on the same thread
            await().atMost(WAIT).until(() -> HlsPlaylists.get(archive.liveRendition(0)).body()
                    .contains("#EXT-X-ENDLIST"));
            sleep(1_000);
            assertThat(spoolItems()).as("files waiting in the spool").isGreaterThan(10);

            fixture.restart();
            pages = new ChannelPages(fixture, tokenName()); // the restarted server listens on another port
        } finally {
            s3.restart();
        }

        checkArchive(archive, broadcastSeconds);
    }

    /** A channel whose first rendition archives to a new bucket of its own; the second is not archived. */
    private ArchivedChannel archivedChannel(String bucket) {
        s3.createBucket(bucket);
        ApiClient.Response created = pages.call(ArchiveDestinationApi.CREATE, """
                {"bucket_uri":"s3://%s/%s","aws_access_key_id":"%s","aws_secret_access_key":"%s","s3_endpoint":"%s"}"""
                .formatted(bucket, PREFIX, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, s3.endpoint()));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String eventsPath = "/events-" + bucket;
        JsonNode channel = pages.create(ChannelPages.CREATE_CHANNEL, """
                {"event_webhook_url":"%s","hls":[
                  {"durationSeconds":1,"startTimeOffset":-2,"video":{"width":640,"height":360,"fps":30,"bps":500000},
                   "audio":{"bps":96000},"archive":{"archive_destination_id":"%s"}},
                  {"durationSeconds":1,"startTimeOffset":-2,"video":{"width":320,"height":180,"fps":30,"bps":200000},
                   "audio":{"bps":64000}}]}"""
                .formatted(hooks.url(eventsPath), created.json().get("archive_destination_id").asText()));
        // a broadcast's files are under <prefix><channel_id>/<connection_id>/, laid out as served below /hls/
        String channelPrefix = PREFIX + channel.get("channel_id").asText() + "/";
        return new ArchivedChannel(channel, bucket, new BucketObjects(s3, bucket), channelPrefix, eventsPath);
    }

    /**
     * Waits for the VOD master playlist, then checks the archive: the archived rendition's VOD playlist lists
     * every segment from the first, in order, each of them in the bucket and no other; the final live playlist
     * arrived after its segments; the rendition without archive has nothing in the bucket; ffprobe plays the
     * downloaded archive for as long as the broadcast was; one {@code imageflux.archive_created} per segment.
     *
     * @return the segments' object names and sizes
     */
    private Map<String, Long> checkArchive(ArchivedChannel archive, double broadcastSeconds) throws IOException {
        BucketObjects bucket = archive.objects();
        String master = await().atMost(ARCHIVE_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> bucket.text(archive.output() + "vod.m3u8"), Objects::nonNull);
        assertThat(master).contains("r0/vod.m3u8").doesNotContain("r1/");

        String vod = bucket.text(archive.output() + "r0/vod.m3u8");
        assertThat(vod).as("the rendition's VOD playlist is there before the master naming it")
                .isNotNull().contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST");
        List<String> listed = vod.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        long first = Long.parseLong(vod.replaceAll("(?s).*#EXT-X-MEDIA-SEQUENCE:(\\d+).*", "$1"));
        assertThat(first).as("the archive starts with the first segment, long gone from the live window").isZero();
        assertThat(listed).as("contiguous sequence numbers, in order").containsExactlyElementsOf(
                LongStream.range(first, first + listed.size()).mapToObj(HlsOutputDirectory::segmentFileName).toList());

        Map<String, Long> segments = new TreeMap<>(bucket.list(archive.output() + "r0/"));
        segments.keySet().removeIf(name -> !name.endsWith(".ts"));
        assertThat(segments.keySet().stream().map(n -> n.substring(n.lastIndexOf('/') + 1)).toList())
                .as("every segment listed is in the bucket, once, and no other").containsExactlyElementsOf(listed);
        assertThat(bucket.text(archive.output() + "r0/playlist.m3u8")).as("the live playlist's last version")
                .contains(listed.getLast(), "#EXT-X-ENDLIST");
        assertThat(bucket.list(archive.output() + "r1/")).as("the rendition without archive").isEmpty();

        Path local = Files.createDirectories(work.resolve(archive.bucket()));
        bucket.download(archive.output(), local);
        JsonNode probe = Ffprobe.probe(local.resolve("vod.m3u8"));
        double archivedSeconds = probe.get("format").get("duration").asDouble();
        System.out.printf("archive %s: %d segments, %.2f s of media for a broadcast of %.2f s%n", archive.bucket(),
                segments.size(), archivedSeconds, broadcastSeconds);
        assertThat(Ffprobe.stream(probe, "video").get("width").asInt()).isEqualTo(640);
        assertThat(archivedSeconds).as("ffprobe's duration of the archive").isCloseTo(broadcastSeconds, within(2.0));

        await().atMost(WAIT).until(() -> hooks.calls(archive.eventsPath()).stream()
                .filter(c -> isCreated(c.body(), segments.keySet())).count() >= segments.size());
        List<JsonNode> events = hooks.calls(archive.eventsPath()).stream().map(WebhookReceiver.Call::body).toList();
        for (Map.Entry<String, Long> segment : segments.entrySet()) {
            List<JsonNode> about = events.stream()
                    .filter(e -> segment.getKey().equals(e.at("/data/file_path").asText())).toList();
            assertThat(about).as("events about " + segment.getKey()).hasSize(1);
            assertThat(about.getFirst().get("type").asText()).isEqualTo(CREATED);
            assertThat(about.getFirst().get("channel_id").asText()).isEqualTo(archive.channelId());
            assertThat(about.getFirst().get("data").toString())
                    .isEqualTo(createdData(archive, segment.getKey(), segment.getValue()).toString());
        }
        assertThat(events).as("no file given up")
                .noneMatch(e -> e.path("type").asText().equals("imageflux.archive_failed"));
        return segments;
    }

    /** The data of an archive_created event, with the older keys and the newer ones. */
    private ObjectNode createdData(ArchivedChannel archive, String name, long size) {
        String destUri = "s3://" + archive.bucket() + "/" + PREFIX;
        ObjectNode data = JSON.createObjectNode();
        data.put("dest_uri", destUri);
        data.put("file_path", name);
        data.put("current_dest_uri", destUri);
        data.put("current_file_path", name);
        data.put("size", size);
        data.put("file_type", "ts");
        data.put("absolute_url", s3.endpoint() + "/" + archive.bucket() + "/" + name);
        return data;
    }

    private static boolean isCreated(JsonNode event, Set<String> names) {
        return CREATED.equals(event.path("type").asText()) && names.contains(event.at("/data/file_path").asText());
    }

    /**
     * Ends the sender's connection and returns how long it sent media, which is the media duration of the
     * broadcast: a live sender's media advances with the wall clock from the moment the connection is up to the
     * moment it is closed. Both moments are taken from the page's own log, on the page's clock (the state changes
     * to "connected" once sora-js-sdk's connect() resolved, and to "closed" when disconnect() released it).
     */
    private static double disconnect(HeadlessChromium sender) {
        sender.eval("window.hibikiDemo.disconnect()");
        sender.waitFor("window.hibikiDemo.state === 'closed'", WAIT);
        long connected = ChannelPages.eventTime(sender, "state", "state", "connected");
        long closed = ChannelPages.eventTime(sender, "state", "state", "closed");
        assertThat(connected).as("the page logged its connection").isNotNegative();
        return (closed - connected) / 1000.0;
    }

    /** Files waiting in the archive's spool: it keeps one manifest ({@code *.item}) for each. */
    private long spoolItems() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("archive/spool"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".item")).count();
        }
    }

    private static void sleepUntil(long sinceNanos, long millis) {
        sleep(Math.max(0, millis - (System.nanoTime() - sinceNanos) / 1_000_000));
    }

    /**
     * @param bucket the bucket's name
     * @param channelPrefix the object name prefix of the channel's broadcasts ({@code archive/<channel_id>/})
     */
    private record ArchivedChannel(JsonNode channel, String bucket, BucketObjects objects, String channelPrefix,
                                   String eventsPath) {
        /**
         * The object name prefix of the sender's broadcast, {@code archive/<channel_id>/<connection_id>/}; one
         * broadcast per channel here, and a prefix that names nothing while none of its files has arrived.
         */
        String output() throws IOException {
            java.util.Set<String> broadcasts = new java.util.TreeSet<>();
            for (String name : objects.list(channelPrefix).keySet()) {
                int slash = name.indexOf('/', channelPrefix.length());
                if (slash > 0) broadcasts.add(name.substring(channelPrefix.length(), slash + 1));
            }
            if (broadcasts.size() > 1) throw new AssertionError("one broadcast expected, found " + broadcasts);
            return channelPrefix + (broadcasts.isEmpty() ? "(none yet)/" : broadcasts.iterator().next());
        }

        String channelId() {
            return channel.get("channel_id").asText();
        }

        URI liveRendition(int index) {
            return URI.create(channel.get("playlist_url").asText()).resolve("r" + index + "/playlist.m3u8");
        }
    }
}
