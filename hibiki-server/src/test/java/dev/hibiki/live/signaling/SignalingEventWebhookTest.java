package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.server.testing.WebhookReceiver;
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
 * Event webhooks for connections whose media never comes up (the happy path, with real media, is in
 * WebhookBrowserTest): an offered connection that goes away is reported as connection.failed, never as created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalingEventWebhookTest {

    @TempDir
    static Path dataDir;
    private LiveServer server;
    private WebhookReceiver hooks;

    @BeforeAll
    void start() {
        hooks = new WebhookReceiver();
        // the receiver listens on loopback, which channels' webhooks may reach only when the operator allows it
        server = LiveServer.start(dataDir, TestDatabases.h2(dataDir),
                dev.hibiki.platform.webhook.WebhookSettings.DEFAULT.withPrivateNetworks(true));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
        if (hooks != null) hooks.close();
    }

    @Test
    void anOfferedConnectionThatLeavesIsReportedAsFailed() {
        String channel = server.createMultistreamChannel("{\"event_webhook_url\":\"" + hooks.url("/events") + "\"}");
        String connectionId;
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", channel));
            connectionId = c.offer().get("connection_id").asText();
        }
        JsonNode failed = hooks.awaitCall("/events", call -> connectionId.equals(call.body().path("connection_id").asText()),
                Duration.ofSeconds(10)).body();
        assertThat(failed.get("type").asText()).isEqualTo("connection.failed");
        assertThat(failed.get("channel_id").asText()).isEqualTo(channel);
        assertThat(failed.get("role").asText()).isEqualTo("sendonly");
        assertThat(failed.get("data").get("message").asText()).isEqualTo("WEBSOCKET-CLOSED");
        assertThat(failed.get("data").get("channel_connections").asInt()).isZero();
        assertThat(hooks.calls("/events")).as("never created, so nothing else").hasSize(1);
    }

    @Test
    void aConnectionRefusedBeforeItsOfferIsNotAnEvent() {
        String channel = server.createMultistreamChannel("{\"event_webhook_url\":\"" + hooks.url("/refused") + "\"}");
        try (SignalingClient c = server.client()) {
            var msg = connect("sendonly", channel);
            msg.put("multistream", false);
            c.send(msg);
            assertThat(c.awaitClose().code()).isEqualTo(4490);
        }
        try {
            Thread.sleep(500); // an event, if one were (wrongly) sent, would have arrived by now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertThat(hooks.calls("/refused")).isEmpty();
    }
}
