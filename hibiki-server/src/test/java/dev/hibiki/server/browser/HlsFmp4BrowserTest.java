package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.hls.playlist.SegmentFormat;
import dev.hibiki.live.config.HlsSettings;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code hls.segment_format: fmp4}, a sender's HLS is init.mp4 + .m4s segments that hls.js plays. */
@Tag("browser")
class HlsFmp4BrowserTest extends ChannelBrowserTest {

    @Override
    String tokenName() {
        return "hls-fmp4-browser-tests";
    }

    @Override
    ServerFixture startFixture(Path dataDir) {
        HlsSettings fmp4 = new HlsSettings(6, "libx264", "superfast", SegmentFormat.FMP4);
        return new ServerFixture(dataDir, TestDatabases.h2(dataDir), fmp4);
    }

    @Test
    void hlsJsPlaysFragmentedMp4() throws Exception {
        JsonNode channel = pages.create(ChannelPages.CREATE_CHANNEL, HlsBrowserTest.ONE_RUNG);
        URI master = URI.create(channel.get("playlist_url").asText());
        HeadlessChromium sender = chromium.launch("sender");
        pages.publish(sender, channel, "video_codec_type=VP8");
        String masterText = HlsPlaylists.await200(master, Duration.ofSeconds(30));
        List<URI> media = HlsPlaylists.uris(master, masterText);
        String playlist = HlsPlaylists.get(media.getFirst()).body();
        assertThat(playlist).contains("#EXT-X-VERSION:7\n", "#EXT-X-MAP:URI=\"init.mp4\"\n").containsPattern(
                "segment-\\d{8}\\.m4s\n");
        assertThat(HlsPlaylists.get(media.getFirst().resolve("init.mp4")).status()).isEqualTo(200);

        HeadlessChromium viewer = chromium.launch("hls-viewer");
        viewer.open(fixture.baseUri().resolve("/demo/hls.html?url=" + java.net.URLEncoder.encode(master.toString(),
                java.nio.charset.StandardCharsets.UTF_8)));
        viewer.waitFor("window.hibikiDemo.state === 'playing'", WAIT);
        double start = viewer.json("document.getElementById('video').currentTime").asDouble();
        Thread.sleep(4000);
        double end = viewer.json("document.getElementById('video').currentTime").asDouble();
        System.out.printf("HLS fMP4: hls.js played %.2f s of media in 4 s%n", end - start);
        assertThat(end - start).as("hls.js keeps playing fMP4").isGreaterThan(3.0);
        assertThat(viewer.json("document.getElementById('video').videoWidth").asInt()).isEqualTo(640);
        assertThat(viewer.consoleErrors()).isEmpty();
        pages.delete(channel);
    }
}
