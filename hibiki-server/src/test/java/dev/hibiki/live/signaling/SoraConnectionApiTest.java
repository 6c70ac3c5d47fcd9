package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.server.testing.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static dev.hibiki.live.signaling.SignalingMessages.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Sora HTTP API on live signaling connections: list, push, stats, disconnect and keyframe requests, each scoped
 * to the calling token, with the same error shape as the rest of the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoraConnectionApiTest {

    @TempDir
    static Path dataDir;
    private LiveServer server;
    private String otherToken;

    @BeforeAll
    void start() {
        server = LiveServer.start(dataDir);
        otherToken = server.newToken("other-tenant");
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    private ApiClient.Response call(String target, String body) {
        return server.api().call(target, server.token(), body);
    }

    private SignalingClient offered(String role, String channel, String clientId) {
        SignalingClient c = server.client();
        var msg = connect(role, channel);
        if (clientId != null) msg.put("client_id", clientId);
        c.send(msg);
        c.offer();
        return c;
    }

    private static String connectionId(SignalingClient c) {
        return c.receivedOfType("offer").getFirst().get("connection_id").asText();
    }

    private static List<String> ids(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
    }

    @Test
    void listsTheChannelsConnections() {
        String channel = server.createMultistreamChannel();
        try (SignalingClient sender = offered("sendonly", channel, "cam");
             SignalingClient viewer = offered("recvonly", channel, null)) {
            ApiClient.Response r = call("Sora_20201013.ListChannelConnections", "{\"channel_id\":\"" + channel + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().isArray()).isTrue();
            assertThat(ids(r.json(), "connection_id")).containsExactly(connectionId(sender), connectionId(viewer));
            JsonNode first = r.json().get(0);
            assertThat(first.get("client_id").asText()).isEqualTo("cam");
            assertThat(first.get("role").asText()).isEqualTo("sendonly");
            assertThat(first.get("channel_id").asText()).isEqualTo(channel);
            assertThat(first.get("multistream").asBoolean()).isTrue();
            assertThat(first.get("audio").get("codec_type").asText()).isEqualTo("OPUS");

            ApiClient.Response old = call("Sora_20151104.ListConnections", "{\"channel_id\":\"" + channel + "\"}");
            assertThat(ids(old.json(), "connection_id")).containsExactly(connectionId(sender), connectionId(viewer));
            ApiClient.Response all = call("Sora_20201013.ListConnections", "{}");
            assertThat(ids(all.json(), "connection_id")).contains(connectionId(sender), connectionId(viewer));
            ApiClient.Response clients = call("Sora_20170814.ListChannelClients", "{\"channel_id\":\"" + channel + "\"}");
            assertThat(ids(clients.json(), "client_id")).containsExactly("cam", connectionId(viewer));
        }
    }

    @Test
    void pushReachesExactlyTheSelectedConnections() {
        String channel = server.createMultistreamChannel();
        try (SignalingClient sender = offered("sendonly", channel, "cam");
             SignalingClient viewer = offered("recvonly", channel, "tv");
             SignalingClient both = offered("sendrecv", channel, "tv")) {
            String ch = "\"channel_id\":\"" + channel + "\"";

            ApiClient.Response r = call("Sora_20160711.PushChannel", "{" + ch + ",\"data\":{\"n\":1}}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("type").asText()).isEqualTo("push");
            assertThat(r.json().get("data").get("n").asInt()).isEqualTo(1);
            for (SignalingClient c : List.of(sender, viewer, both)) {
                assertThat(c.next("push", Duration.ofSeconds(5)).get("data").get("n").asInt()).isEqualTo(1);
            }

            assertThat(call("Sora_20160711.PushConnection", "{" + ch + ",\"connection_id\":\"" + connectionId(viewer)
                    + "\",\"data\":{\"n\":2}}").status()).isEqualTo(200);
            assertThat(call("Sora_20160711.PushClient", "{" + ch + ",\"client_id\":\"tv\",\"data\":{\"n\":3}}").status())
                    .isEqualTo(200);
            assertThat(call("Sora_20160711.PushUpstream", "{" + ch + ",\"data\":{\"n\":4}}").status()).isEqualTo(200);
            assertThat(call("Sora_20160711.PushDownStream", "{" + ch + ",\"data\":{\"n\":5}}").status()).isEqualTo(200);
            assertThat(call("Sora_20160711.PushDownstream", "{" + ch + ",\"data\":{\"n\":6}}").status()).isEqualTo(200);
            assertThat(call("Sora_20201120.PushChannelByRole", "{" + ch + ",\"role\":\"sendonly\",\"data\":{\"n\":7}}")
                    .status()).isEqualTo(200);
            // a marker to every connection, so each has received everything meant for it before we look
            call("Sora_20160711.PushChannel", "{" + ch + ",\"data\":{\"n\":99}}");
            for (SignalingClient c : List.of(sender, viewer, both)) {
                c.next(m -> m.path("type").asText().equals("push") && m.path("data").path("n").asInt() == 99,
                        Duration.ofSeconds(5), "marker push");
            }
            assertThat(pushed(sender)).containsExactly(1, 4, 7, 99);
            assertThat(pushed(viewer)).containsExactly(1, 2, 3, 5, 6, 99);
            assertThat(pushed(both)).containsExactly(1, 3, 4, 5, 6, 99);
        }
    }

    private static List<Integer> pushed(SignalingClient c) {
        return c.receivedOfType("push").stream().map(m -> m.get("data").get("n").asInt()).toList();
    }

    @Test
    void pushNeedsAnObjectAndAKnownTarget() {
        String channel = server.createMultistreamChannel();
        String ch = "\"channel_id\":\"" + channel + "\"";
        ApiClient.Response notObject = call("Sora_20160711.PushChannel", "{" + ch + ",\"data\":[1]}");
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(notObject.errorCode()).isEqualTo("INVALID_PARAMETER");
        assertThat(notObject.errorMessage()).contains("data must be an object");
        ApiClient.Response missing = call("Sora_20160711.PushChannel", "{" + ch + "}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorCode()).isEqualTo("MISSING_PARAMETER");
        ApiClient.Response unknown = call("Sora_20160711.PushConnection", "{" + ch + ",\"connection_id\":\"NOPE\",\"data\":{}}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("CONNECTION_NOT_FOUND");
        ApiClient.Response badRole = call("Sora_20201120.PushChannelByRole", "{" + ch + ",\"role\":\"viewer\",\"data\":{}}");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.errorMessage()).contains("role must be one of recvonly, sendonly, sendrecv");
    }

    @Test
    void disconnectClosesExactlyTheSelectedConnectionsWith1000DisconnectedApi() {
        String channel = server.createMultistreamChannel();
        String ch = "\"channel_id\":\"" + channel + "\"";
        try (SignalingClient a = offered("sendonly", channel, "a");
             SignalingClient b = offered("recvonly", channel, "b");
             SignalingClient c = offered("recvonly", channel, "c");
             SignalingClient d = offered("sendrecv", channel, "d")) {
            ApiClient.Response r = call("Sora_20151104.DisconnectConnection", "{" + ch + ",\"connection_id\":\""
                    + connectionId(a) + "\",\"reason\":{\"type\":\"normal\"}}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("connection_id").asText()).isEqualTo(connectionId(a));
            assertThat(a.awaitClose()).isEqualTo(new SignalingClient.Closed(1000, "DISCONNECTED-API"));

            assertThat(call("Sora_20151104.DisconnectClient", "{" + ch + ",\"client_id\":\"b\"}").status()).isEqualTo(200);
            assertThat(b.awaitClose()).isEqualTo(new SignalingClient.Closed(1000, "DISCONNECTED-API"));

            ApiClient.Response byRole = call("Sora_20201120.DisconnectChannelByRole", "{" + ch + ",\"role\":\"recvonly\"}");
            assertThat(byRole.json().get("role").asText()).isEqualTo("recvonly");
            assertThat(c.awaitClose()).isEqualTo(new SignalingClient.Closed(1000, "DISCONNECTED-API"));
            d.assertStaysOpen(Duration.ofMillis(300));

            assertThat(call("Sora_20151104.Disconnect", "{" + ch + ",\"connection_id\":\"" + connectionId(d) + "\"}")
                    .status()).isEqualTo(200);
            assertThat(d.awaitClose()).isEqualTo(new SignalingClient.Closed(1000, "DISCONNECTED-API"));
        }
        assertThat(server.listChannelIds()).as("Sora's Disconnect* leave the channel itself").contains(channel);
    }

    @Test
    void disconnectChannelClosesEveryoneAndUnknownTargetsAre404() {
        String channel = server.createMultistreamChannel();
        String ch = "\"channel_id\":\"" + channel + "\"";
        try (SignalingClient a = offered("sendonly", channel, null); SignalingClient b = offered("recvonly", channel, null)) {
            ApiClient.Response r = call("Sora_20151104.DisconnectChannel", "{" + ch + "}");
            assertThat(r.json().get("channel_id").asText()).isEqualTo(channel);
            assertThat(a.awaitClose().reason()).isEqualTo("DISCONNECTED-API");
            assertThat(b.awaitClose().reason()).isEqualTo("DISCONNECTED-API");
        }
        assertThat(call("Sora_20151104.DisconnectConnection", "{" + ch + ",\"connection_id\":\"GONE\"}").errorCode())
                .isEqualTo("CONNECTION_NOT_FOUND");
        assertThat(call("Sora_20151104.Disconnect", "{" + ch + "}").errorCode()).isEqualTo("MISSING_PARAMETER");
        assertThat(call("Sora_20151104.DisconnectChannel", "{" + ch + ",\"reason\":42}").errorCode())
                .isEqualTo("INVALID_PARAMETER");
    }

    @Test
    void statsNameTheConnectionAndCarryItsCounters() {
        String channel = server.createMultistreamChannel();
        String ch = "\"channel_id\":\"" + channel + "\"";
        try (SignalingClient a = offered("sendonly", channel, "cam")) {
            ApiClient.Response r = call("Sora_20170529.GetStatsConnection", "{" + ch + ",\"connection_id\":\""
                    + connectionId(a) + "\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode s = r.json();
            assertThat(s.get("connection_id").asText()).isEqualTo(connectionId(a));
            assertThat(s.get("client_id").asText()).isEqualTo("cam");
            assertThat(s.get("session_id").asText()).hasSize(26);
            for (String counter : List.of("total_received_packets", "total_received_bytes", "total_sent_packets",
                    "total_sent_bytes", "total_received_nack", "total_sent_nack_packets", "total_received_pli",
                    "total_sent_pli", "total_retransmitted_packets")) {
                assertThat(s.get(counter).isIntegralNumber()).as(counter).isTrue();
            }
            assertThat(s.has("rtt_ms")).isTrue();
            ApiClient.Response byClient = call("Sora_20170529.GetStats", "{" + ch + ",\"client_id\":\"cam\"}");
            assertThat(ids(byClient.json(), "connection_id")).containsExactly(connectionId(a));
            assertThat(call("Sora_20170529.GetStats", "{" + ch + ",\"client_id\":\"nobody\"}").status()).isEqualTo(404);
        }
    }

    @Test
    void requestKeyFrameNeedsASendingConnection() {
        String channel = server.createMultistreamChannel();
        String ch = "\"channel_id\":\"" + channel + "\"";
        try (SignalingClient viewer = offered("recvonly", channel, null)) {
            ApiClient.Response r = call("Sora_20241218.RequestKeyFrame", "{" + ch + ",\"connection_id\":\""
                    + connectionId(viewer) + "\"}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.errorMessage()).contains("sends no video");
            assertThat(call("Sora_20241218.RequestKeyFrame", "{" + ch + ",\"connection_id\":\"X\"}").status())
                    .isEqualTo(404);
        }
    }

    @Test
    void anotherTokenCanNeitherListPushNorDisconnect() {
        String channel = server.createMultistreamChannel();
        String ch = "\"channel_id\":\"" + channel + "\"";
        try (SignalingClient a = offered("sendonly", channel, "cam")) {
            String id = connectionId(a);
            for (String[] t : new String[][]{
                    {"Sora_20201013.ListChannelConnections", "{" + ch + "}"},
                    {"Sora_20151104.ListConnections", "{" + ch + "}"},
                    {"Sora_20170814.ListChannelClients", "{" + ch + "}"},
                    {"Sora_20160711.PushChannel", "{" + ch + ",\"data\":{\"evil\":true}}"},
                    {"Sora_20160711.PushConnection", "{" + ch + ",\"connection_id\":\"" + id + "\",\"data\":{}}"},
                    {"Sora_20170529.GetStatsConnection", "{" + ch + ",\"connection_id\":\"" + id + "\"}"},
                    {"Sora_20151104.DisconnectChannel", "{" + ch + "}"},
                    {"Sora_20151104.DisconnectConnection", "{" + ch + ",\"connection_id\":\"" + id + "\"}"},
                    {"Sora_20241218.RequestKeyFrame", "{" + ch + ",\"connection_id\":\"" + id + "\"}"}}) {
                ApiClient.Response r = server.api().call(t[0], otherToken, t[1]);
                assertThat(r.status()).as(t[0]).isEqualTo(404);
                assertThat(r.errorCode()).as(t[0]).isEqualTo("CHANNEL_NOT_FOUND");
            }
            ApiClient.Response all = server.api().call("Sora_20201013.ListConnections", otherToken, "{}");
            assertThat(all.json().size()).isZero();
            a.assertStaysOpen(Duration.ofMillis(300));
            assertThat(a.receivedOfType("push")).isEmpty();
        }
    }

    @Test
    void usageStatsAnswerForTheCallersTokenAndCheckTheRange() {
        ApiClient.Response r = call("ImageFlux_20180601.Stats", "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("total").get("connection_minutes").has("recvonly")).isTrue();
        assertThat(r.json().get("channels").isArray()).isTrue();
        ApiClient.Response bad = call("ImageFlux_20180601.Stats", "{\"start_time\":\"yesterday\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorMessage()).contains("start_time must be an RFC 3339 time");
        ApiClient.Response reversed = call("ImageFlux_20180601.Stats",
                "{\"start_time\":\"2026-11-02T00:00:00Z\",\"end_time\":\"2026-11-01T00:00:00Z\"}");
        assertThat(reversed.errorMessage()).contains("end_time must be after start_time");
    }
}
