package dev.hibiki.live.webhook;

import dev.hibiki.platform.webhook.WebhookHttp;
import dev.hibiki.platform.webhook.WebhookSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.platform.json.JsonMappers;
import dev.hibiki.net.DestinationNotAllowedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * Asks a channel's {@code auth_webhook_url} whether a connection may join (Sora's auth webhook). Never blocks the
 * caller: the decision arrives on a virtual thread, so a slow webhook holds up only its own connection.
 * Anything but a 200 with {@code {"allowed":true}} refuses, including a timeout.
 */
public final class AuthWebhook implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuthWebhook.class);
    private static final ObjectMapper JSON = JsonMappers.sharedBufferMapper();

    private final WebhookHttp http;
    private final Counter allowed;
    private final Counter refused;
    private final Counter failed;

    public AuthWebhook(WebhookSettings settings, MeterRegistry metrics) {
        this.http = new WebhookHttp(settings.timeout(), settings.policy());
        this.allowed = outcome(metrics, "allowed");
        this.refused = outcome(metrics, "refused");
        this.failed = outcome(metrics, "error");
    }

    private static Counter outcome(MeterRegistry metrics, String outcome) {
        return Counter.builder("hibiki.webhook.auth").tag("outcome", outcome)
                .description("auth webhook decisions; error = non-200, invalid answer, timeout or unreachable")
                .register(metrics);
    }

    /**
     * @param url          the channel's auth webhook
     * @param connectionId sent as the {@code sora-connection-id} header
     * @param body         the request body of Sora's auth webhook (docs/API.md, "Auth webhook")
     */
    public CompletableFuture<AuthDecision> authorize(URI url, String connectionId, ObjectNode body) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
        return http.post(url, json, connectionId, true)
                .handle((response, error) -> {
                    AuthDecision d = error != null ? failure(error) : decide(response);
                    (d.allowed() ? allowed : d.reason().startsWith("AUTH-WEBHOOK-") ? failed : refused).increment();
                    if (!d.allowed()) LOG.info("auth webhook refused connection {}: {}", connectionId, d.reason());
                    DestinationNotAllowedException notAllowed = error == null ? null : WebhookHttp.notAllowed(error);
                    if (notAllowed != null) {
                        LOG.warn("auth webhook {} not called: {} ({})", url, notAllowed.getMessage(),
                                notAllowed.address());
                    }
                    return d;
                });
    }

    private static Throwable rootCause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static AuthDecision failure(Throwable error) {
        if (WebhookHttp.notAllowed(error) != null) {
            return AuthDecision.refuse("AUTH-WEBHOOK-ERROR: the auth webhook URL is not allowed: it points to a private "
                    + "network address");
        }
        Throwable cause = rootCause(error);
        if (cause instanceof TimeoutException) {
            return AuthDecision.refuse("AUTH-WEBHOOK-TIMEOUT: the auth webhook did not answer in time");
        }
        return AuthDecision.refuse("AUTH-WEBHOOK-ERROR: the auth webhook could not be reached");
    }

    static AuthDecision decide(WebhookHttp.Response response) {
        if (response.status() != 200) {
            return AuthDecision.refuse("AUTH-WEBHOOK-ERROR: the auth webhook answered HTTP " + response.status());
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            return AuthDecision.refuse("AUTH-WEBHOOK-ERROR: the auth webhook's answer is not JSON");
        }
        if (answer == null || !answer.isObject()) {
            return AuthDecision.refuse("AUTH-WEBHOOK-ERROR: the auth webhook's answer is not a JSON object");
        }
        JsonNode allowedNode = answer.get("allowed");
        if (allowedNode != null && allowedNode.isBoolean() && allowedNode.booleanValue()) {
            return AuthDecision.allow((ObjectNode) answer);
        }
        JsonNode reason = answer.get("reason");
        String text = reason != null && reason.isTextual() && !reason.textValue().isBlank()
                ? reason.textValue() : "AUTH-WEBHOOK-REFUSED";
        // A WebSocket close reason holds at most 123 bytes of UTF-8.
        return AuthDecision.refuse(CloseReasons.fit(text));
    }

    @Override
    public void close() {
        http.close();
    }
}
