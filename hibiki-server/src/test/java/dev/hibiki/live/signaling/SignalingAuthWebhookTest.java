package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.server.testing.WebhookReceiver;
import dev.hibiki.server.testing.WebhookReceiver.Answer;
import dev.hibiki.platform.webhook.WebhookSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.hibiki.live.signaling.SignalingMessages.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth webhook on a real server with a real HTTP receiver: admitted with overrides, refused with the webhook's
 * reason, refused on an error or a timeout, and a slow webhook never holds up other connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalingAuthWebhookTest {

    @TempDir
    static Path dataDir;
    private LiveServer server;
    private WebhookReceiver hooks;

    @BeforeAll
    void start() {
        hooks = new WebhookReceiver();
        server = LiveServer.start(dataDir, TestDatabases.h2(dataDir),
                new WebhookSettings(Duration.ofSeconds(1), 3, Duration.ofMillis(100), 1000, true));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
        if (hooks != null) hooks.close();
    }

    private String channelWithAuth(String path) {
        return server.createMultistreamChannel("{\"auth_webhook_url\":\"" + hooks.url(path) + "\"}");
    }

    @Test
    void anAllowedConnectionGetsTheWebhooksOverridesInItsOffer() {
        hooks.answer("/allow", Answer.json("""
                {"allowed":true,"client_id":"client-from-webhook","metadata":{"room":"blue"},
                 "event_metadata":{"plan":"pro"},"video_codec_type":"VP9","video_bit_rate":800}"""));
        String channel = channelWithAuth("/allow");
        try (SignalingClient c = server.client()) {
            ObjectNode msg = connect("sendonly", channel);
            msg.putObject("metadata").put("access_token", "secret-jwt");
            c.send(msg);
            JsonNode offer = c.offer();
            assertThat(offer.get("client_id").asText()).isEqualTo("client-from-webhook");
            assertThat(offer.get("metadata").get("room").asText()).isEqualTo("blue");
            assertThat(offer.get("sdp").asText()).contains("VP9").doesNotContain("VP8/90000");

            WebhookReceiver.Call call = hooks.calls("/allow").getLast();
            assertThat(call.header("sora-connection-id")).isEqualTo(offer.get("connection_id").asText());
            JsonNode body = call.body();
            assertThat(body.get("channel_id").asText()).isEqualTo(channel);
            assertThat(body.get("connection_id").asText()).isEqualTo(offer.get("connection_id").asText());
            assertThat(body.get("role").asText()).isEqualTo("sendonly");
            assertThat(body.get("metadata").get("access_token").asText()).isEqualTo("secret-jwt");
            assertThat(body.get("multistream").asBoolean()).isTrue();
            assertThat(body.has("channel_connections")).isTrue();
            assertThat(body.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        }
    }

    @Test
    void theWebhooksIceTransportPolicyOutranksTheChannels() {
        hooks.answer("/policy-all", Answer.json("{\"allowed\":true,\"ice_transport_policy\":\"all\"}"));
        hooks.answer("/policy-unsaid", Answer.json("{\"allowed\":true}"));
        for (String path : new String[] {"/policy-all", "/policy-unsaid"}) {
            String channel = server.createMultistreamChannel("{\"auth_webhook_url\":\"" + hooks.url(path)
                    + "\",\"ice_transport_policy\":\"relay\"}");
            try (SignalingClient c = server.client()) {
                c.send(connect("sendonly", channel));
                assertThat(c.offer().get("config").get("iceTransportPolicy").asText()).as(path)
                        .isEqualTo(path.equals("/policy-all") ? "all" : "relay");
            }
        }
    }

    @Test
    void aRefusalClosesWith4490AndTheWebhooksReason() {
        hooks.answer("/refuse", Answer.json("{\"allowed\":false,\"reason\":\"NO-TICKET: buy one first\"}"));
        String channel = channelWithAuth("/refuse");
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", channel));
            assertThat(c.awaitClose()).isEqualTo(new SignalingClient.Closed(4490, "NO-TICKET: buy one first"));
            assertThat(c.receivedOfType("offer")).isEmpty();
        }
    }

    @Test
    void aWebhookErrorRefuses() {
        hooks.answer("/broken", new Answer(500, "{\"allowed\":true}", Duration.ZERO));
        String channel = channelWithAuth("/broken");
        try (SignalingClient c = server.client()) {
            c.send(connect("recvonly", channel));
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(4490);
            assertThat(closed.reason()).isEqualTo("AUTH-WEBHOOK-ERROR: the auth webhook answered HTTP 500");
        }
    }

    @Test
    void anOverrideOfTheWrongTypeRefusesAndSaysWhich() {
        hooks.answer("/bad-override", Answer.json("{\"allowed\":true,\"video_codec_type\":\"H265\"}"));
        String channel = channelWithAuth("/bad-override");
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", channel));
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(4490);
            assertThat(closed.reason()).startsWith("INVALID-AUTH-WEBHOOK-RESPONSE: video_codec_type");
        }
    }

    @Test
    void aSlowWebhookRefusesOnTimeoutWithoutHoldingUpOthers() {
        hooks.answer("/slow", new Answer(200, "{\"allowed\":true}", Duration.ofSeconds(4)));
        String slowChannel = channelWithAuth("/slow");
        String openChannel = server.createMultistreamChannel("{\"auth_webhook_url\":\"\"}");
        try (SignalingClient slow = server.client(); SignalingClient other = server.client()) {
            long start = System.nanoTime();
            slow.send(connect("sendonly", slowChannel));
            other.send(connect("recvonly", openChannel));
            other.offer(); // admitted while the slow webhook is still thinking
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
            SignalingClient.Closed closed = slow.awaitClose(Duration.ofSeconds(5));
            assertThat(closed.code()).isEqualTo(4490);
            assertThat(closed.reason()).startsWith("AUTH-WEBHOOK-TIMEOUT");
        }
    }

    @Test
    void anEmptyAuthWebhookUrlAdmitsEveryoneWithoutACall() {
        String channel = server.createMultistreamChannel("{\"auth_webhook_url\":\"\"}");
        int before = hooks.calls("/allow").size() + hooks.calls("/refuse").size();
        try (SignalingClient c = server.client()) {
            c.send(connect("recvonly", channel));
            assertThat(c.offer().get("metadata").isNull()).isTrue();
        }
        assertThat(hooks.calls("/allow").size() + hooks.calls("/refuse").size()).isEqualTo(before);
    }
}
