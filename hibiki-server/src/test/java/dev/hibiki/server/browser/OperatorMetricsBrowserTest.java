package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.server.testing.ApiClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.hibiki.server.browser.ChannelPages.RECV_STATS;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static dev.hibiki.server.browser.ChannelPages.awaitDecoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator watches on {@code /metrics}, while the real thing runs: a sender in headless Chromium publishing
 * to an HLS channel, a viewer, a SIP call. Each gauge and counter must show that state, and every Hibiki metric the
 * server exposes must be explained in docs/METRICS.md.
 */
@Tag("browser")
class OperatorMetricsBrowserTest extends ChannelBrowserTest {

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-z_]+)(\\{[^}]*})? ([0-9.eE+-]+|NaN)$");

    @Override
    String tokenName() {
        return "metrics-browser-tests";
    }

    private String scrape() {
        ApiClient.Response r = pages.api().send(pages.api().request("/metrics").GET().build());
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    /** The value of one sample, e.g. {@code hibiki_connections{role="sendonly"}}; NaN when it is missing. */
    private static double value(String metrics, String name, String labels) {
        Matcher m = SAMPLE.matcher(metrics);
        while (m.find()) {
            if (m.group(1).equals(name) && (labels == null || (m.group(2) != null && m.group(2).contains(labels)))) {
                return Double.parseDouble(m.group(3));
            }
        }
        return Double.NaN;
    }

    @Test
    void theGaugesAndCountersShowWhatRuns() throws Exception {
        JsonNode channel = pages.createSingleStream();
        pages.createMultistream(); // a channel nobody joins: created, not active
        HeadlessChromium sender = chromium.launch("sender");
        HeadlessChromium viewer = chromium.launch("viewer");
        pages.publish(sender, channel, "video_codec_type=VP8");
        pages.view(viewer, channel);
        awaitDecoding(viewer, RECV_STATS, 10);
        HlsPlaylists.await200(URI.create(channel.get("playlist_url").asText()), Duration.ofSeconds(30));

        ApiClient.Response call = pages.api().send(pages.api().request("/rest-api/call/startup")
                .header("Authorization", "Bearer " + pages.token())
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"callId": "metrics1", "callee": "conf1", "rtmpUrl": "rtmp://cdn.example.com/live",
                         "rtmpStream": "s1", "connection": {"sipLogin": "alice", "sipDomain": "sip.example.com"}}""")).build());
        assertThat(call.status()).as(call.body()).isEqualTo(200);

        await().atMost(WAIT).untilAsserted(() -> {
            String m = scrape();
            assertThat(value(m, "hibiki_channels", null)).as("channels").isGreaterThanOrEqualTo(2);
            assertThat(value(m, "hibiki_channels_active", null)).as("active channels").isEqualTo(1);
            assertThat(value(m, "hibiki_connections", "role=\"sendonly\"")).as("senders").isEqualTo(1);
            assertThat(value(m, "hibiki_connections", "role=\"recvonly\"")).as("viewers").isEqualTo(1);
            assertThat(value(m, "hibiki_connections", "role=\"sendrecv\"")).isZero();
            assertThat(value(m, "hibiki_hls_outputs", null)).as("HLS outputs").isEqualTo(1);
            assertThat(value(m, "hibiki_hls_segments_written_total", null)).as("segments").isGreaterThanOrEqualTo(1);
            assertThat(value(m, "hibiki_hls_segments_failed_total", null)).isZero();
            assertThat(value(m, "hibiki_hls_transcoder_lag_seconds", null)).as("transcoder lag").isBetween(0.0, 5.0);
            assertThat(value(m, "hibiki_sip_calls_started_total", null)).isEqualTo(1);
            assertThat(value(m, "hibiki_sip_calls", "status=\"FAILED\"")).as("the call to an unknown domain failed")
                    .isEqualTo(1);
            assertThat(value(m, "hibiki_webhook_events_queued", null)).isZero();
        });

        pages.delete(channel);
        await().atMost(WAIT).untilAsserted(() -> {
            String m = scrape();
            assertThat(value(m, "hibiki_hls_outputs", null)).isZero();
            assertThat(value(m, "hibiki_connections", "role=\"sendonly\"")).isZero();
            assertThat(value(m, "hibiki_channels_active", null)).isZero();
        });

        // Every Hibiki metric on /metrics is explained in the docs.
        String doc = Files.readString(Path.of("..", "docs", "METRICS.md"));
        Set<String> undocumented = new TreeSet<>();
        Matcher m = SAMPLE.matcher(scrape());
        while (m.find()) {
            String name = m.group(1).replaceAll("_(total|bucket|count|sum|max)$", "");
            if (name.startsWith("hibiki_") && !doc.contains("`" + name)) undocumented.add(name);
        }
        assertThat(undocumented).as("metrics missing from docs/METRICS.md").isEmpty();
    }
}
