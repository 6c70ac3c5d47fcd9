package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import static dev.hibiki.server.browser.ChannelPages.sleep;

/**
 * Not a test: glass-to-glass delay of HLS ({@code -Dhibiki.bench=true}, run by {@code bench/hls-glass-to-glass.sh}).
 * Headless Chromium publishes {@code send.html?source=clock} (its Date.now() drawn into every frame) into a
 * single-stream channel with the quickstart ladder; a second Chromium plays the playlist_url with hls.html, which
 * reads the clock back from the frames it shows. Per variant (an EXT-X-START offset and hls.js settings) it prints
 * the time from opening the sender's page to the master playlist and to playback, then, after a warm-up, the
 * percentiles of glass-to-glass delay, hls.js's own latency, the stalls, and the server's share: how long after the
 * capture of a segment's last frame (EXT-X-PROGRAM-DATE-TIME + EXTINF, on the sender's clock) it was listed.
 *
 * <p>Settings: {@code hibiki.bench.seconds} (measured seconds per variant, default 30), {@code hibiki.bench.warmup}
 * (default 5), {@code hibiki.bench.variants}: variants separated by {@code ;}, each {@code OFFSET JSON}, e.g.
 * {@code -2 {};-1 {"liveSyncDuration":1}}.
 */
@EnabledIfSystemProperty(named = "hibiki.bench", matches = "true")
class HlsGlassToGlassBenchmark extends ChannelBrowserTest {

    /**
     * hls.html's defaults (1.5 s behind the live edge, up to 1.2x to catch up), hls.js's own (3 target durations
     * behind, never faster than 1x), 2 s behind, the playlist starting 1 s from the end, and one target duration
     * behind. (hls.js's lowLatencyMode is on by default and only matters with LL-HLS parts, which Hibiki does not
     * write.)
     */
    private static final String DEFAULT_VARIANTS = String.join(";",
            "-2 {}",
            "-2 {\"liveSyncDurationCount\":3,\"maxLiveSyncPlaybackRate\":1}",
            "-2 {\"liveSyncDuration\":2}",
            "-1 {}",
            "-2 {\"liveSyncDuration\":1,\"maxLiveSyncPlaybackRate\":1.5}");


    @Override
    String tokenName() {
        return "hls-glass-to-glass";
    }

    @Test
    void glassToGlass() throws IOException {
        int seconds = Integer.getInteger("hibiki.bench.seconds", 30);
        int warmup = Integer.getInteger("hibiki.bench.warmup", 5);
        HeadlessChromium sender = chromium.launch("clock-sender");
        HeadlessChromium viewer = chromium.launch("hls-viewer");
        for (String variant : System.getProperty("hibiki.bench.variants", DEFAULT_VARIANTS).split(";")) {
            String[] parts = variant.trim().split(" ", 2);
            run(sender, viewer, Integer.parseInt(parts[0]), parts[1], warmup, seconds);
        }
    }

    private void run(HeadlessChromium sender, HeadlessChromium viewer, int startOffset, String config, int warmup,
                     int seconds) {
        String ladder = HlsBrowserTest.QUICKSTART_LADDER.replace("\"startTimeOffset\":-2",
                "\"startTimeOffset\":" + startOffset);
        JsonNode channel = pages.create(ChannelPages.CREATE_CHANNEL, ladder);
        URI master = URI.create(channel.get("playlist_url").asText());
        String load0 = loadAverage();

        long t0 = System.nanoTime();
        pages.publish(sender, channel, "video_codec_type=VP8&source=clock");
        String masterText = HlsPlaylists.await200(master, ChannelPages.WAIT);
        long masterMs = (System.nanoTime() - t0) / 1_000_000;
        viewer.open(fixture.baseUri().resolve("/demo/hls.html?url=" + encode(master.toString())
                + "&config=" + encode(config)));
        viewer.waitFor("window.hibikiDemo.state === 'playing'", ChannelPages.WAIT);
        long playingMs = (System.nanoTime() - t0) / 1_000_000;
        viewer.waitFor("window.hibikiDemo.glassToGlass.length > 0", ChannelPages.WAIT);
        long firstSampleMs = (System.nanoTime() - t0) / 1_000_000;

        sleep(warmup * 1000L);
        long from = viewer.json("Date.now()").asLong();
        int stalls0 = viewer.json("window.hibikiDemo.stalls").asInt();
        long stalledMs0 = viewer.json("window.hibikiDemo.stalledMs").asLong();
        List<URI> media = HlsPlaylists.uris(master, masterText);
        SegmentListing listing = new SegmentListing(media);
        List<Double> hlsLatency = new ArrayList<>();
        List<Double> pdtLatency = new ArrayList<>();
        long end = System.currentTimeMillis() + seconds * 1000L;
        long nextPlayerRead = 0;
        while (System.currentTimeMillis() < end) {
            listing.poll();
            if (System.currentTimeMillis() >= nextPlayerRead) {
                nextPlayerRead = System.currentTimeMillis() + 1000;
                JsonNode d = viewer.json("window.hibikiDemo");
                if (d.hasNonNull("latency")) hlsLatency.add(d.get("latency").asDouble() * 1000);
                if (d.hasNonNull("programDateLatency")) pdtLatency.add(d.get("programDateLatency").asDouble());
            }
            sleep(50);
        }
        JsonNode samples = viewer.json("window.hibikiDemo.glassToGlass.filter((s) => s.at >= " + from + ")");
        List<Double> g2g = new ArrayList<>();
        samples.forEach(s -> g2g.add(s.get("ms").asDouble()));
        int stalls = viewer.json("window.hibikiDemo.stalls").asInt() - stalls0;
        long stalledMs = viewer.json("window.hibikiDemo.stalledMs").asLong() - stalledMs0;
        JsonNode level = viewer.json("window.hibikiDemo.events.filter((e) => e.type === 'level').map((e) => e.level)");

        System.out.printf("BENCH variant EXT-X-START %d, hls.js %s (load average before: %s, after: %s)%n",
                startOffset, config, load0, loadAverage());
        System.out.printf("BENCH startup: master playlist %d ms, hls.js playing %d ms, first clock read %d ms "
                + "after opening the sender's page%n", masterMs, playingMs, firstSampleMs);
        System.out.printf("BENCH glass-to-glass: %s over %d s, %d stalls (%d ms in all), levels %s%n", stats(g2g),
                seconds, stalls, stalledMs, level);
        System.out.printf("BENCH hls.js latency (to the live edge): %s; its target at the end %s s%n",
                stats(hlsLatency), viewer.json("window.hibikiDemo.targetLatency"));
        System.out.printf("BENCH now - playingDate (PROGRAM-DATE-TIME): %s%n", stats(pdtLatency));
        listing.print();

        sender.eval("window.hibikiDemo.disconnect()");
        viewer.open(URI.create("about:blank"));
        pages.delete(channel);
    }

    /**
     * Polls media playlists and notes when each segment first appears, against the sender-clock capture time of its
     * last frame: what the server (jitter buffer, SR wait, transcoder, writing) adds before a player can fetch it.
     */
    private static final class SegmentListing {
        private final List<URI> media;
        private final Map<String, Boolean> seen = new HashMap<>();
        private final List<List<Double>> afterLastFrame = new ArrayList<>();

        SegmentListing(List<URI> media) {
            this.media = media;
            for (int i = 0; i < media.size(); i++) afterLastFrame.add(new ArrayList<>());
            for (int i = 0; i < media.size(); i++) read(i, false);
        }

        void poll() {
            for (int i = 0; i < media.size(); i++) read(i, true);
        }

        private void read(int rendition, boolean record) {
            long now = System.currentTimeMillis();
            String text = HlsPlaylists.get(media.get(rendition)).body();
            Instant pdt = null;
            double duration = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                    pdt = Instant.parse(line.substring(line.indexOf(':') + 1));
                } else if (line.startsWith("#EXTINF:")) {
                    duration = Double.parseDouble(line.substring(8, line.indexOf(',')));
                } else if (!line.isEmpty() && !line.startsWith("#")) {
                    String key = rendition + "/" + line;
                    if (seen.put(key, true) == null && record && pdt != null) {
                        afterLastFrame.get(rendition).add(now - (pdt.toEpochMilli() + duration * 1000));
                    }
                    pdt = null;
                }
            }
        }

        void print() {
            for (int i = 0; i < media.size(); i++) {
                System.out.printf("BENCH r%d segment listed after its last frame's capture: %s%n", i,
                        stats(afterLastFrame.get(i)));
            }
        }
    }

    static String stats(List<Double> values) {
        if (values.isEmpty()) return "no samples";
        List<Double> sorted = values.stream().sorted().toList();
        return String.format("p50 %.0f ms, p90 %.0f ms, max %.0f ms, min %.0f ms (%d samples)",
                percentile(sorted, 0.5), percentile(sorted, 0.9), sorted.getLast(), sorted.getFirst(), sorted.size());
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size())));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
