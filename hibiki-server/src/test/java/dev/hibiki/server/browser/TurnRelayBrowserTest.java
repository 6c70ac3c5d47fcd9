package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.live.config.TurnSettings;
import dev.hibiki.platform.http.JsonBodyReader;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.hibiki.server.browser.ChannelPages.RECV_STATS;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static dev.hibiki.server.browser.ChannelPages.awaitDecoding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded TURN server with {@code iceTransportPolicy: "relay"} in the offer, as Sora's mobile SDKs want it: the
 * unmodified sora-js-sdk takes the relays and the policy from the offer's config, and a sender and a viewer connect
 * through TURN over UDP, then over TCP for browsers that may not send UDP.
 */
@Tag("browser")
class TurnRelayBrowserTest extends ChannelBrowserTest {

    private static final String NO_UDP = "--webrtc-ip-handling-policy=disable_non_proxied_udp";

    @Override
    String tokenName() {
        return "turn-browser-tests";
    }

    @Override
    ServerFixture startFixture(Path dataDir) {
        return new ServerFixture(dataDir, TestDatabases.h2(dataDir),
                TurnSettings.embeddedOnAnyPort(List.of(InetAddress.getLoopbackAddress()), "relay"));
    }

    @Test
    void theOfferNamesTheRelayWithCredentialsForTheConnection() throws Exception {
        JsonNode channel = pages.createMultistream();
        JsonNode offer = offer(channel.get("channel_id").asText());
        JsonNode config = offer.get("config");
        assertThat(config.get("iceTransportPolicy").asText()).isEqualTo("relay");
        JsonNode server = config.get("iceServers").get(0);
        assertThat(server.get("urls")).extracting(JsonNode::asText).allMatch(u -> u.startsWith("turn:127.0.0.1:"))
                .anyMatch(u -> u.endsWith("?transport=udp")).anyMatch(u -> u.endsWith("?transport=tcp"));
        assertThat(server.get("username").asText()).matches("\\d+:" + Pattern.quote(offer.get("connection_id").asText()));
        assertThat(server.get("credential").asText()).isNotBlank();
    }

    @Test
    void aSenderAndAViewerConnectThroughTurnOverUdp() {
        long before = metric("hibiki_turn_relayed_packets_total");
        JsonNode channel = pages.createMultistream();
        HeadlessChromium sender = chromium.launch("turn-sender");
        HeadlessChromium viewer = chromium.launch("turn-viewer");
        pages.publish(sender, channel, "");
        pages.view(viewer, channel);
        viewer.waitFor("window.hibikiDemo.remoteStreams.length === 1", WAIT);
        awaitDecoding(viewer, RECV_STATS, 30);
        assertThat(metric("hibiki_turn_relayed_packets_total")).as("the media went through the relay").isGreaterThan(before + 100);
        assertThat(metric("hibiki_turn_allocations_opened_total")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void browsersWithoutUdpConnectThroughTurnOverTcp() {
        long before = metric("hibiki_turn_relayed_packets_total");
        JsonNode channel = pages.createMultistream();
        HeadlessChromium sender = chromium.launch("turn-tcp-sender", NO_UDP);
        HeadlessChromium viewer = chromium.launch("turn-tcp-viewer", NO_UDP);
        pages.publish(sender, channel, "");
        pages.view(viewer, channel);
        viewer.waitFor("window.hibikiDemo.remoteStreams.length === 1", WAIT);
        awaitDecoding(viewer, RECV_STATS, 30);
        assertThat(metric("hibiki_turn_relayed_packets_total")).isGreaterThan(before + 100);
    }

    /** A counter of GET /metrics (Prometheus text). */
    private long metric(String name) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    fixture.baseUri().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+]+)$").matcher(r.body());
            assertThat(m.find()).as(name + " in /metrics").isTrue();
            return (long) Double.parseDouble(m.group(2));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The offer a recvonly client gets (no media set up). */
    private JsonNode offer(String channelId) throws Exception {
        CompletableFuture<String> offer = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create(fixture.baseUri().toString().replace("http://", "ws://") + "signaling"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        if (data.toString().contains("\"offer\"")) offer.complete(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        try {
            ws.sendText("{\"type\":\"connect\",\"role\":\"recvonly\",\"channel_id\":\"" + channelId + "\"}", true).join();
            return JsonBodyReader.mapper().readTree(offer.get(10, TimeUnit.SECONDS));
        } finally {
            ws.abort();
        }
    }
}
