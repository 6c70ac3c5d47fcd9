package dev.hibiki.live.webhook;

import dev.hibiki.platform.webhook.WebhookSettings;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.server.testing.WebhookReceiver;
import dev.hibiki.server.testing.WebhookReceiver.Answer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The auth webhook call against a real HTTP receiver: every way an answer can admit or refuse. */
class AuthWebhookTest {

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AuthWebhook webhook = new AuthWebhook(
            new WebhookSettings(Duration.ofMillis(700), 1, Duration.ofMillis(10), 100, true), metrics);

    @AfterEach
    void close() {
        webhook.close();
        receiver.close();
    }

    private AuthDecision ask(String path) throws Exception {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("channel_id", "ch").put("role", "sendonly");
        return webhook.authorize(URI.create(receiver.url(path)), "CONN1", body).get(5, TimeUnit.SECONDS);
    }

    @Test
    void allowedTrueAdmitsAndKeepsTheOverrides() throws Exception {
        receiver.answer("/a", Answer.json("{\"allowed\":true,\"client_id\":\"c9\",\"metadata\":{\"k\":1}}"));
        AuthDecision d = ask("/a");
        assertThat(d.allowed()).isTrue();
        assertThat(d.response().get("client_id").asText()).isEqualTo("c9");
        WebhookReceiver.Call call = receiver.calls("/a").getFirst();
        assertThat(call.header("sora-connection-id")).isEqualTo("CONN1");
        assertThat(call.header("Content-Type")).isEqualTo("application/json");
        assertThat(call.body().get("channel_id").asText()).isEqualTo("ch");
        assertThat(metrics.counter("hibiki.webhook.auth", "outcome", "allowed").count()).isEqualTo(1);
    }

    @Test
    void aPrivateAddressIsNotCalledUnlessTheOperatorAllowsIt() throws Exception {
        receiver.answer("/p", Answer.json("{\"allowed\":true}"));
        try (AuthWebhook strict = new AuthWebhook(WebhookSettings.DEFAULT, metrics)) {
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("channel_id", "ch").put("role", "sendonly");
            AuthDecision d = strict.authorize(URI.create(receiver.url("/p")), "CONN1", body).get(5, TimeUnit.SECONDS);
            assertThat(d.allowed()).isFalse();
            assertThat(d.reason()).isEqualTo("AUTH-WEBHOOK-ERROR: the auth webhook URL is not allowed: it points to a "
                    + "private network address");
        }
        assertThat(receiver.calls("/p")).isEmpty();
        assertThat(metrics.counter("hibiki.webhook.auth", "outcome", "error").count()).isEqualTo(1);
    }

    @Test
    void allowedFalseRefusesWithTheWebhooksReason() throws Exception {
        receiver.answer("/r", Answer.json("{\"allowed\":false,\"reason\":\"認証に失敗しました。\"}"));
        AuthDecision d = ask("/r");
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).isEqualTo("認証に失敗しました。");
        assertThat(metrics.counter("hibiki.webhook.auth", "outcome", "refused").count()).isEqualTo(1);
    }

    @Test
    void aVeryLongReasonIsCutToWhatAWebSocketCloseCanCarry() throws Exception {
        receiver.answer("/r", Answer.json("{\"allowed\":false,\"reason\":\"" + "拒否".repeat(100) + "\"}"));
        AuthDecision d = ask("/r");
        assertThat(d.reason().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(d.reason()).startsWith("拒否拒否");
    }

    @Test
    void missingAllowedOrNonBooleanRefuses() throws Exception {
        receiver.answer("/m", Answer.json("{\"client_id\":\"x\"}"));
        receiver.answer("/s", Answer.json("{\"allowed\":\"true\"}"));
        assertThat(ask("/m").allowed()).isFalse();
        assertThat(ask("/s").allowed()).isFalse();
        assertThat(ask("/m").reason()).isEqualTo("AUTH-WEBHOOK-REFUSED");
    }

    @Test
    void non200InvalidJsonAndNonObjectRefuseAsErrors() throws Exception {
        receiver.answer("/500", new Answer(500, "{\"allowed\":true}", Duration.ZERO));
        receiver.answer("/bad", Answer.json("{allowed:"));
        receiver.answer("/arr", Answer.json("[true]"));
        assertThat(ask("/500").reason()).isEqualTo("AUTH-WEBHOOK-ERROR: the auth webhook answered HTTP 500");
        assertThat(ask("/bad").reason()).isEqualTo("AUTH-WEBHOOK-ERROR: the auth webhook's answer is not JSON");
        assertThat(ask("/arr").reason()).contains("not a JSON object");
        assertThat(metrics.counter("hibiki.webhook.auth", "outcome", "error").count()).isEqualTo(3);
    }

    @Test
    void aSlowWebhookRefusesOnTimeout() throws Exception {
        receiver.answer("/slow", new Answer(200, "{\"allowed\":true}", Duration.ofSeconds(20)));
        long start = System.nanoTime();
        AuthDecision d = ask("/slow");
        long took = (System.nanoTime() - start) / 1_000_000;
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).startsWith("AUTH-WEBHOOK-TIMEOUT");
        assertThat(took).as("refused once the 700 ms timeout passed, not when the webhook answered (20 s)")
                .isLessThan(15_000);
    }

    @Test
    void anUnreachableWebhookRefuses() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        AuthDecision d = webhook.authorize(URI.create("http://127.0.0.1:" + closedPort + "/"), "C", body)
                .get(5, TimeUnit.SECONDS);
        assertThat(d.allowed()).isFalse();
        assertThat(d.reason()).startsWith("AUTH-WEBHOOK-ERROR");
    }
}
