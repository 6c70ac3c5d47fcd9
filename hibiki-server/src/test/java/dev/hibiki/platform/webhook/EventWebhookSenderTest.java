package dev.hibiki.platform.webhook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.server.testing.WebhookReceiver;
import dev.hibiki.server.testing.WebhookReceiver.Answer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Event delivery against a real HTTP receiver: order, retries with backoff, giving up, and the bounded queue. */
class EventWebhookSenderTest {

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private EventWebhookSender sender;

    @AfterEach
    void close() {
        if (sender != null) sender.close();
        receiver.close();
    }

    private static ObjectNode event(int n) {
        return JsonNodeFactory.instance.objectNode().put("type", "connection.updated").put("n", n);
    }

    private double counter(String name) {
        return metrics.counter(name).count();
    }

    @Test
    void eventsOfOneReceiverArriveInOrder() {
        sender = new EventWebhookSender(new WebhookSettings(Duration.ofSeconds(2), 3, Duration.ofMillis(50), 1000, true), metrics);
        URI url = URI.create(receiver.url("/events"));
        for (int i = 0; i < 50; i++) sender.send(url, event(i));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.calls("/events").size() == 50);
        List<Integer> order = receiver.calls("/events").stream().map(c -> c.body().get("n").asInt()).toList();
        assertThat(order).isSorted().hasSize(50);
        assertThat(counter("hibiki.webhook.events.delivered")).isEqualTo(50);
        assertThat(receiver.calls("/events").getFirst().header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void aTenantsPrivateAddressGetsNothingButAnOperatorsDoes() {
        sender = new EventWebhookSender(WebhookSettings.DEFAULT, metrics);
        sender.send(URI.create(receiver.url("/tenant")), event(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> counter("hibiki.webhook.events.failed") == 1);
        sender.sendToOperatorUrl(URI.create(receiver.url("/operator")), event(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.calls("/operator").size() == 1);
        assertThat(receiver.calls("/tenant")).isEmpty();
        assertThat(counter("hibiki.webhook.events.retried")).as("a refused target is not retried").isZero();
        assertThat(counter("hibiki.webhook.events.delivered")).isEqualTo(1);
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffThenGivenUp() {
        receiver.answer("/down", new Answer(503, "", Duration.ZERO));
        sender = new EventWebhookSender(new WebhookSettings(Duration.ofSeconds(2), 3, Duration.ofMillis(200), 1000, true), metrics);
        sender.send(URI.create(receiver.url("/down")), event(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> counter("hibiki.webhook.events.failed") == 1);
        List<WebhookReceiver.Call> calls = receiver.calls("/down");
        assertThat(calls).hasSize(3);
        long firstGap = (calls.get(1).receivedAtNanos() - calls.get(0).receivedAtNanos()) / 1_000_000;
        long secondGap = (calls.get(2).receivedAtNanos() - calls.get(1).receivedAtNanos()) / 1_000_000;
        assertThat(firstGap).isGreaterThanOrEqualTo(190);
        assertThat(secondGap).as("backoff doubles").isGreaterThanOrEqualTo(390);
        assertThat(counter("hibiki.webhook.events.retried")).isEqualTo(2);
    }

    @Test
    void aClientErrorIsNotRetried() {
        receiver.answer("/gone", new Answer(404, "", Duration.ZERO));
        sender = new EventWebhookSender(new WebhookSettings(Duration.ofSeconds(2), 3, Duration.ofMillis(50), 1000, true), metrics);
        sender.send(URI.create(receiver.url("/gone")), event(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> counter("hibiki.webhook.events.failed") == 1);
        assertThat(receiver.calls("/gone")).hasSize(1);
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.SECONDS)
    void aHangingReceiverNeverBlocksTheCallerAndItsQueueStaysBounded() {
        // The receiver holds every request for a minute: a sender that waited for it could not queue 10,000 events
        // before the test's timeout.
        receiver.answer("/hang", new Answer(200, "", Duration.ofSeconds(60)));
        sender = new EventWebhookSender(new WebhookSettings(Duration.ofSeconds(30), 1, Duration.ofMillis(50), 100, true), metrics);
        URI hang = URI.create(receiver.url("/hang"));
        for (int i = 0; i < 10_000; i++) sender.send(hang, event(i));
        assertThat(receiver.calls("/hang")).as("the first event is still being held").hasSizeLessThanOrEqualTo(1);
        assertThat(sender.queued()).isLessThanOrEqualTo(100);
        // all but the 100 queued and the one or two the drainer already took
        assertThat(counter("hibiki.webhook.events.dropped")).isGreaterThanOrEqualTo(10_000 - 100 - 2);

        // another receiver still gets its events meanwhile
        sender.send(URI.create(receiver.url("/ok")), event(1));
        receiver.awaitCall("/ok", c -> true, Duration.ofSeconds(3));
    }
}
