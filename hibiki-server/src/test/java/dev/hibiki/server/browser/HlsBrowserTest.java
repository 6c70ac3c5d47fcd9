package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.server.testing.ApiClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.hibiki.server.browser.ChannelPages.sleep;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * HLS end to end: headless Chromium publishes with sora-js-sdk, Hibiki transcodes the sender into the channel's
 * ladder, ffprobe checks what the playlists serve, hls.js in Chromium plays it, and the sender leaving ends the
 * playlists.
 */
@Tag("browser")
class HlsBrowserTest extends ChannelBrowserTest {

    /** The ImageFlux quickstart's ladder. */
    static final String QUICKSTART_LADDER = """
            {"hls":[
              {"durationSeconds":1,"startTimeOffset":-2,"video":{"width":1280,"height":720,"fps":30,"bps":2000000},"audio":{"bps":96000}},
              {"durationSeconds":1,"startTimeOffset":-2,"video":{"width":640,"height":360,"fps":30,"bps":500000},"audio":{"bps":96000}}]}""";
    static final String ONE_RUNG = """
            {"hls":[{"durationSeconds":1,"startTimeOffset":-2,"video":{"width":640,"height":360,"fps":30,"bps":500000},"audio":{"bps":96000}}]}""";
    /** @param level the H.264 level the master playlist's CODECS announces (level_idc: 31 = 3.1) */
    record Rung(int width, int height, int fps, long videoBps, int level) {
    }

    @TempDir
    Path work;

    @Override
    String tokenName() {
        return "hls-browser-tests";
    }

    @Test
    void vp8PublisherBecomesAPlayableTwoRungLadderThatEndsWhenTheSenderLeaves() throws IOException {
        JsonNode channel = pages.create(ChannelPages.CREATE_CHANNEL, QUICKSTART_LADDER);
        URI master = URI.create(channel.get("playlist_url").asText());
        HeadlessChromium sender = chromium.launch("sender");

        long t0 = System.nanoTime();
        String publisherId = pages.publish(sender, channel, "video_codec_type=VP8");
        String masterText = HlsPlaylists.await200(master, Duration.ofSeconds(30));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("HLS: master playlist served %d ms after the publisher started connecting%n", millis);

        assertThat(masterText).startsWith("#EXTM3U\n").contains(
                "#EXT-X-STREAM-INF:BANDWIDTH=2305600,AVERAGE-BANDWIDTH=2190320,RESOLUTION=1280x720,FRAME-RATE=30.000,CODECS=\"avc1.64001f,mp4a.40.2\"\nr0/playlist.m3u8",
                "#EXT-X-STREAM-INF:BANDWIDTH=655600,AVERAGE-BANDWIDTH=622820,RESOLUTION=640x360,FRAME-RATE=30.000,CODECS=\"avc1.64001e,mp4a.40.2\"\nr1/playlist.m3u8");
        List<URI> media = HlsPlaylists.uris(master, masterText);
        assertThat(media).hasSize(2);
        ApiClient.Response listed = pages.api().call("ImageFlux_20200207.ListPlaylistURLs", pages.token(),
                "{\"channel_id\":\"" + channel.get("channel_id").asText() + "\"}");
        assertThat(listed.json().get("hls").toString())
                .isEqualTo("[{\"connection_id\":\"" + publisherId + "\",\"playlist_url\":\"" + master + "\"}]");

        checkRendition(media.get(0), new Rung(1280, 720, 30, 2_000_000, 31), "r0");
        checkRendition(media.get(1), new Rung(640, 360, 30, 500_000, 30), "r1");

        HeadlessChromium viewer = chromium.launch("hls-viewer");
        viewer.open(fixture.baseUri().resolve("/demo/hls.html?url=" + java.net.URLEncoder.encode(master.toString(),
                java.nio.charset.StandardCharsets.UTF_8)));
        viewer.waitFor("window.hibikiDemo.state === 'playing'", WAIT);
        assertThat(viewer.json("window.hibikiDemo.levels").size()).isEqualTo(2);
        double start = viewer.json("document.getElementById('video').currentTime").asDouble();
        sleep(5000);
        double end = viewer.json("document.getElementById('video').currentTime").asDouble();
        System.out.printf("HLS: hls.js played %.2f s of media in 5 s; latency %s s%n", end - start,
                viewer.json("window.hibikiDemo.latency"));
        assertThat(end - start).as("hls.js keeps playing").isGreaterThan(4.0);
        assertThat(viewer.consoleErrors()).isEmpty();

        sender.eval("window.hibikiDemo.disconnect()");
        for (URI m : media) {
            await().atMost(WAIT).until(() -> HlsPlaylists.get(m).body().contains("#EXT-X-ENDLIST"));
        }
        assertThat(HlsPlaylists.get(master).status()).as("the ended output stays for players").isEqualTo(200);

        pages.delete(channel);
        assertThat(HlsPlaylists.get(master).status()).isEqualTo(404);
        assertThat(HlsPlaylists.get(media.get(0)).status()).isEqualTo(404);
    }

    /**
     * A multistream channel with HLS and two senders (VP9 and VP8): each gets a playlist of its own, listed by
     * ListPlaylistURLs and announced to the playlist listener; a sender leaving ends only its own playlist.
     */
    @Test
    void everySenderOfAMultistreamChannelGetsItsOwnPlaylist() throws IOException {
        JsonNode channel = pages.create("ImageFlux_20200316.CreateMultistreamChannelWithHLS", ONE_RUNG);
        String channelId = channel.get("channel_id").asText();
        List<String> ready = new java.util.concurrent.CopyOnWriteArrayList<>();
        fixture.server().hls().setPlaylistListener((id, p) -> ready.add(id + " " + p.connectionId() + " " + p.playlistUrl()));
        HeadlessChromium vp9 = chromium.launch("vp9-sender");
        HeadlessChromium vp8 = chromium.launch("vp8-sender");
        String vp9Id = pages.publish(vp9, channel, "video_codec_type=VP9");
        String vp8Id = pages.publish(vp8, channel, "video_codec_type=VP8");
        String body = "{\"channel_id\":\"" + channelId + "\"}";
        JsonNode[] hls = new JsonNode[1];
        await().atMost(WAIT).until(() -> {
            hls[0] = pages.api().call("ImageFlux_20200207.ListPlaylistURLs", pages.token(), body).json().get("hls");
            return hls[0].size() == 2;
        });
        java.util.Map<String, URI> masters = new java.util.HashMap<>();
        for (JsonNode e : hls[0]) masters.put(e.get("connection_id").asText(), URI.create(e.get("playlist_url").asText()));
        assertThat(masters.keySet()).containsExactlyInAnyOrder(vp9Id, vp8Id);
        assertThat(masters.get(vp9Id)).isNotEqualTo(masters.get(vp8Id));
        for (URI master : masters.values()) {
            assertThat(master.getPath()).startsWith("/hls/" + channelId + "/").endsWith("/index.m3u8");
        }

        checkOneSegmentThenEnd(masters.get(vp9Id), vp9);
        await().atMost(WAIT).until(() -> pages.api().call("ImageFlux_20200207.ListPlaylistURLs", pages.token(), body)
                .json().get("hls").size() == 1);
        URI vp8Media = HlsPlaylists.uris(masters.get(vp8Id), HlsPlaylists.await200(masters.get(vp8Id), WAIT)).getFirst();
        URI lastBefore = HlsPlaylists.uris(vp8Media, awaitSegments(vp8Media, 1)).getLast();
        await().atMost(WAIT).until(() -> !HlsPlaylists.uris(vp8Media, HlsPlaylists.get(vp8Media).body()).getLast()
                .equals(lastBefore));
        assertThat(HlsPlaylists.get(vp8Media).body()).as("the other sender's playlist goes on")
                .doesNotContain("#EXT-X-ENDLIST");
        assertThat(ready).as("the playlist events (for notify.playlist_url)").containsExactlyInAnyOrder(
                channelId + " " + vp9Id + " " + masters.get(vp9Id), channelId + " " + vp8Id + " " + masters.get(vp8Id));
        fixture.server().hls().setPlaylistListener((id, p) -> { });
    }

    /**
     * H.264 on a channel with encrypt_key_uri: the playlist names the key URI with the output's kid, the owner gets
     * the key with GetEncryptKey, and the segments decrypt (AES-128-CBC, IV = media sequence number) to H.264 + AAC.
     */
    @Test
    void h264SenderIntoAnEncryptedChannel() throws IOException {
        String body = ONE_RUNG.replace("{\"hls\":", "{\"encrypt_key_uri\":\"https://keys.example.com/key?user=1\",\"hls\":");
        JsonNode channel = pages.create(ChannelPages.CREATE_CHANNEL, body);
        HeadlessChromium sender = chromium.launch("sender");
        pages.publish(sender, channel, "video_codec_type=H264");
        checkOneSegmentThenEnd(URI.create(channel.get("playlist_url").asText()), sender, true);
    }

    /**
     * Lip sync: the sender shows a white flash and plays a beep at every whole second, timed by one clock; in the
     * HLS segments each flash and its beep are at most 100 ms apart (audio and video are placed on the sender's
     * clock with its RTCP sender reports).
     */
    @Test
    void flashesAndBeepsStayTogether() throws IOException {
        JsonNode channel = pages.create(ChannelPages.CREATE_CHANNEL, ONE_RUNG);
        HeadlessChromium sender = chromium.launch("sender");
        pages.publish(sender, channel, "video_codec_type=VP8&source=sync-pattern");
        URI master = URI.create(channel.get("playlist_url").asText());
        URI media = HlsPlaylists.uris(master, HlsPlaylists.await200(master, Duration.ofSeconds(30))).getFirst();
        String text = awaitSegments(media, 6); // the first seconds may be silent: audio waits for its first SR
        List<URI> segments = HlsPlaylists.uris(media, text);
        Path all = HlsPlaylists.tempFile(work, "all.ts");
        try (var out = java.nio.file.Files.newOutputStream(all)) {
            for (URI segment : segments.subList(segments.size() - 4, segments.size())) {
                out.write(java.nio.file.Files.readAllBytes(HlsPlaylists.download(segment, work.resolve("part.ts"))));
            }
        }
        List<Double> flashes = Ffprobe.onsets(all, "movie", "signalstats", "lavfi.signalstats.YAVG", 128);
        List<Double> beeps = Ffprobe.onsets(all, "amovie", "astats=metadata=1:reset=1",
                "lavfi.astats.Overall.RMS_level", -30);
        System.out.printf("lip sync: flashes at %s, beeps at %s%n", flashes, beeps);
        assertThat(flashes).as("a flash a second").hasSizeGreaterThanOrEqualTo(3);
        assertThat(beeps).as("a beep a second").hasSizeGreaterThanOrEqualTo(3);
        for (double flash : flashes) {
            double nearest = beeps.stream().min(java.util.Comparator.comparingDouble(b -> Math.abs(b - flash)))
                    .orElseThrow();
            assertThat(nearest - flash).as("beep minus flash at " + flash + " s").isBetween(-0.1, 0.1);
        }
        sender.eval("window.hibikiDemo.disconnect()");
    }

    /**
     * The clock pattern of send.html?source=clock goes through the transcoder and hls.js and reads back on hls.html:
     * the glass-to-glass samples exist and are plausible (a sanity check; bench/hls-glass-to-glass.sh measures).
     */
    @Test
    void clockDrawnBySenderReadsBackFromHlsJs() {
        JsonNode channel = pages.create(ChannelPages.CREATE_CHANNEL, ONE_RUNG);
        HeadlessChromium sender = chromium.launch("sender");
        pages.publish(sender, channel, "video_codec_type=VP8&source=clock");
        URI master = URI.create(channel.get("playlist_url").asText());
        HlsPlaylists.await200(master, Duration.ofSeconds(30));
        HeadlessChromium viewer = chromium.launch("hls-viewer");
        viewer.open(fixture.baseUri().resolve("/demo/hls.html?url=" + java.net.URLEncoder.encode(master.toString(),
                java.nio.charset.StandardCharsets.UTF_8)));
        viewer.waitFor("window.hibikiDemo.glassToGlass.length >= 5", WAIT);
        JsonNode samples = viewer.json("window.hibikiDemo.glassToGlass.map((s) => s.ms)");
        System.out.printf("HLS glass-to-glass samples (ms): %s%n", samples);
        for (JsonNode ms : samples) assertThat(ms.asLong()).as("glass-to-glass ms").isBetween(1L, 30_000L);
        assertThat(viewer.eval("document.getElementById('glass-to-glass').textContent").toString()).endsWith(" s");
        assertThat(viewer.consoleErrors()).isEmpty();
        sender.eval("window.hibikiDemo.disconnect()");
    }

    /**
     * 5 % of the sender's RTP lost before Hibiki sees it: NACKed packets refill the jitter buffer, what cannot be
     * recovered makes the transcoder ask for a keyframe, and the segments keep coming, whole and decodable.
     */
    @Test
    void segmentsKeepComingUnderFivePercentLoss() throws IOException {
        JsonNode channel = pages.create(ChannelPages.CREATE_CHANNEL, ONE_RUNG);
        HeadlessChromium sender = chromium.launch("sender");
        pages.publish(sender, channel, "video_codec_type=VP8");
        URI master = URI.create(channel.get("playlist_url").asText());
        URI media = HlsPlaylists.uris(master, HlsPlaylists.await200(master, Duration.ofSeconds(30))).getFirst();
        try {
            fixture.server().sfu().setIncomingRtpLossForTesting(0.05);
            URI lastBefore = HlsPlaylists.uris(media, awaitSegments(media, 1)).getLast();
            sleep(6000);
            String text = HlsPlaylists.get(media).body();
            List<URI> segments = HlsPlaylists.uris(media, text);
            int since = segments.indexOf(lastBefore);
            System.out.printf("HLS under 5%% loss: %s%n", HlsPlaylists.durations(text));
            assertThat(segments.size() - 1 - Math.max(since, 0)).as("segments during 6 s of loss").isGreaterThanOrEqualTo(4);
            for (double d : HlsPlaylists.durations(text)) assertThat(d).isCloseTo(1.0, within(0.1));
            Path file = HlsPlaylists.download(segments.getLast(), HlsPlaylists.tempFile(work, "lossy.ts"));
            assertThat(Ffprobe.decodeErrors(file)).as("the segment decodes cleanly").isEmpty();
        } finally {
            fixture.server().sfu().setIncomingRtpLossForTesting(0);
        }
        sender.eval("window.hibikiDemo.disconnect()");
    }

    private void checkOneSegmentThenEnd(URI master, HeadlessChromium sender) throws IOException {
        checkOneSegmentThenEnd(master, sender, false);
    }

    private void checkOneSegmentThenEnd(URI master, HeadlessChromium sender, boolean encrypted) throws IOException {
        String masterText = HlsPlaylists.await200(master, Duration.ofSeconds(30));
        URI media = HlsPlaylists.uris(master, masterText).getFirst();
        String text = awaitSegments(media, 2);
        URI segment = HlsPlaylists.uris(media, text).get(1);
        Path file = HlsPlaylists.download(segment, HlsPlaylists.tempFile(work, "seg.ts"));
        if (encrypted) {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("#EXT-X-KEY:METHOD=AES-128,URI=\"https://keys\\.example\\.com/key\\?user=1&kid=([A-Za-z0-9]+)\"\n")
                    .matcher(text);
            assertThat(m.find()).as(text).isTrue();
            ApiClient.Response key = pages.api().call("ImageFlux_20200707.GetEncryptKey", pages.token(),
                    "{\"kid\":\"" + m.group(1) + "\"}");
            assertThat(key.status()).as(key.body()).isEqualTo(200);
            byte[] aes = java.util.HexFormat.of().parseHex(key.json().get("encrypt_key").asText());
            String name = segment.getPath().substring(segment.getPath().lastIndexOf('/') + 1);
            long sequence = Long.parseLong(name.replaceAll("\\D", ""));
            byte[] iv = new byte[16];
            for (int i = 0; i < 8; i++) iv[15 - i] = (byte) (sequence >>> (8 * i));
            java.nio.file.Files.write(file, decrypt(aes, iv, java.nio.file.Files.readAllBytes(file)));
        } else {
            assertThat(text).doesNotContain("#EXT-X-KEY");
        }
        JsonNode probe = Ffprobe.probe(file);
        JsonNode video = Ffprobe.stream(probe, "video");
        assertThat(video.get("codec_name").asText()).isEqualTo("h264");
        assertThat(video.get("width").asInt()).isEqualTo(640);
        assertThat(video.get("height").asInt()).isEqualTo(360);
        assertThat(Ffprobe.stream(probe, "audio").get("codec_name").asText()).isEqualTo("aac");
        sender.eval("window.hibikiDemo.disconnect()");
        await().atMost(WAIT).until(() -> HlsPlaylists.get(media).body().contains("#EXT-X-ENDLIST"));
    }

    private static byte[] decrypt(byte[] key, byte[] iv, byte[] data) {
        try {
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(javax.crypto.Cipher.DECRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"),
                    new javax.crypto.spec.IvParameterSpec(iv));
            return c.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError("the segment does not decrypt with the key GetEncryptKey gave", e);
        }
    }

    private String awaitSegments(URI media, int count) {
        String[] text = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            ApiClient.Response r = HlsPlaylists.get(media);
            text[0] = r.body();
            return r.status() == 200 && HlsPlaylists.durations(r.body()).size() >= count;
        });
        return text[0];
    }

    private void checkRendition(URI media, Rung rung, String name) throws IOException {
        String text = awaitSegments(media, 4);
        assertThat(text).contains("#EXT-X-TARGETDURATION:1\n", "#EXT-X-START:TIME-OFFSET=-2");
        List<Double> durations = HlsPlaylists.durations(text);
        System.out.printf("HLS %s: segment durations %s%n", name, durations);
        for (double d : durations) assertThat(d).as(name + " segment duration").isCloseTo(1.0, within(0.1));
        List<URI> segments = HlsPlaylists.uris(media, text);
        for (int i = 1; i <= 2; i++) {
            Path file = HlsPlaylists.download(segments.get(i), HlsPlaylists.tempFile(work, name + "-" + i + ".ts"));
            JsonNode probe = Ffprobe.probe(file);
            JsonNode video = Ffprobe.stream(probe, "video");
            JsonNode audio = Ffprobe.stream(probe, "audio");
            assertThat(video.get("codec_name").asText()).isEqualTo("h264");
            assertThat(video.get("width").asInt()).isEqualTo(rung.width());
            assertThat(video.get("height").asInt()).isEqualTo(rung.height());
            assertThat(video.get("r_frame_rate").asText()).isEqualTo(rung.fps() + "/1");
            assertThat(video.get("profile").asText()).as("what CODECS announces").isEqualTo("High");
            assertThat(video.get("level").asInt()).as("what CODECS announces").isEqualTo(rung.level());
            assertThat(audio.get("codec_name").asText()).isEqualTo("aac");
            long frames = probe.get("packets").findValues("stream_index").stream()
                    .filter(n -> n.asInt() == video.get("index").asInt()).count();
            double seconds = durations.get(i);
            assertThat((double) frames).as(name + " frames in a " + seconds + " s segment")
                    .isCloseTo(seconds * rung.fps(), within(rung.fps() * 0.1 + 1));
            double bps = Ffprobe.packetBytes(probe, video.get("index").asInt()) * 8 / seconds;
            System.out.printf("HLS %s segment %d: %d frames, video %.0f bit/s, %s%n", name, i, frames, bps,
                    video.get("profile").asText());
            assertThat(bps).as(name + " video bit rate").isLessThanOrEqualTo(rung.videoBps() * 1.1);
        }
    }

}
