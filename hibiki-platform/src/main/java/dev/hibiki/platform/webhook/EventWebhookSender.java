package dev.hibiki.platform.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.platform.json.JsonMappers;
import dev.hibiki.net.DestinationNotAllowedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers event webhooks (Sora's event webhook) in the background. Each receiver URL has its own queue, drained in
 * order by one virtual thread, so events of a connection arrive in the order they happened and a receiver that
 * is slow or down delays only its own events. Failed posts are retried with exponential backoff; all queues
 * together hold at most {@link WebhookSettings#eventQueueLimit()} events, beyond which the receiver's oldest
 * waiting event is dropped. Nothing here ever blocks the caller.
 */
public final class EventWebhookSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventWebhookSender.class);
    private static final ObjectMapper JSON = JsonMappers.sharedBufferMapper();

    private final WebhookSettings settings;
    private final WebhookHttp http;
    private final Map<Receiver, ArrayDeque<byte[]>> queues = new HashMap<>();

    /** A receiver URL, and whether a tenant chose it (and so is checked against the webhook policy). */
    private record Receiver(URI url, boolean tenantUrl) {
    }
    private int queued;
    private boolean closed;
    private final Counter delivered;
    private final Counter failed;
    private final Counter dropped;
    private final Counter retried;

    public EventWebhookSender(WebhookSettings settings, MeterRegistry metrics) {
        this.settings = settings;
        this.http = new WebhookHttp(settings.timeout(), settings.policy());
        this.delivered = Counter.builder("hibiki.webhook.events.delivered")
                .description("event webhooks answered with 2xx").register(metrics);
        this.failed = Counter.builder("hibiki.webhook.events.failed")
                .description("event webhooks given up after every retry").register(metrics);
        this.dropped = Counter.builder("hibiki.webhook.events.dropped")
                .description("event webhooks dropped unsent because the delivery queue was full").register(metrics);
        this.retried = Counter.builder("hibiki.webhook.events.retried")
                .description("event webhook posts that failed and were tried again").register(metrics);
        Gauge.builder("hibiki.webhook.events.queued", this, EventWebhookSender::queued)
                .description("event webhooks waiting for delivery").register(metrics);
    }

    /** Queues {@code event} for a channel's (a tenant's) webhook {@code url}; returns at once. */
    public void send(URI url, ObjectNode event) {
        enqueue(new Receiver(url, true), event);
    }

    /**
     * Queues {@code event} for a URL the operator configured (a SIP app's callback), which may be on a private
     * network whatever {@link WebhookSettings#allowPrivateNetworks()} says; returns at once.
     */
    public void sendToOperatorUrl(URI url, ObjectNode event) {
        enqueue(new Receiver(url, false), event);
    }

    private void enqueue(Receiver receiver, ObjectNode event) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event is not serialisable", e);
        }
        boolean startDrainer;
        synchronized (this) {
            if (closed) return;
            ArrayDeque<byte[]> q = queues.get(receiver);
            startDrainer = q == null;
            if (startDrainer) {
                q = new ArrayDeque<>();
                queues.put(receiver, q);
            }
            if (q.size() >= perReceiverLimit() || queued >= settings.eventQueueLimit()) {
                if (q.pollFirst() != null) queued--;
                else {
                    dropped.increment();
                    LOG.warn("event webhook queue full: dropped an event for {}", receiver.url());
                    if (startDrainer) queues.remove(receiver);
                    return;
                }
                dropped.increment();
                LOG.warn("event webhook queue full: dropped the oldest waiting event for {}", receiver.url());
            }
            q.addLast(json);
            queued++;
        }
        if (startDrainer) Thread.ofVirtual().name("event-webhook").start(() -> drain(receiver));
    }

    private void drain(Receiver receiver) {
        while (true) {
            byte[] next;
            synchronized (this) {
                ArrayDeque<byte[]> q = queues.get(receiver);
                next = q == null ? null : q.pollFirst();
                if (next == null) {
                    queues.remove(receiver);
                    return;
                }
                queued--;
            }
            deliver(receiver, next);
        }
    }

    private void deliver(Receiver receiver, byte[] json) {
        URI url = receiver.url();
        long delayMillis = settings.firstRetryDelay().toMillis();
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                WebhookHttp.Response r = http.post(url, json, null, receiver.tenantUrl())
                        .get(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
                if (r.status() / 100 == 2) {
                    delivered.increment();
                    return;
                }
                problem = "HTTP " + r.status();
                // A 4xx other than 408/429 will not change on a retry.
                if (r.status() / 100 == 4 && r.status() != 408 && r.status() != 429) attempt = settings.eventAttempts();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                DestinationNotAllowedException refused = WebhookHttp.notAllowed(e);
                if (refused != null) {
                    failed.increment();
                    LOG.warn("event webhook to {} not sent: {} ({}); event dropped", url, refused.getMessage(),
                            refused.address());
                    return;
                }
                problem = e.getCause() instanceof TimeoutException ? "timeout" : "unreachable";
            } catch (TimeoutException e) {
                problem = "timeout";
            }
            if (attempt >= settings.eventAttempts()) {
                failed.increment();
                LOG.warn("event webhook to {} failed after {} tries ({}); event dropped", url, attempt, problem);
                return;
            }
            retried.increment();
            synchronized (this) {
                if (closed) return;
            }
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            delayMillis *= 2;
        }
    }

    /** One receiver may fill a tenth of the queue, so a few receivers that are down cannot starve the others. */
    private int perReceiverLimit() {
        return Math.max(10, settings.eventQueueLimit() / 10);
    }

    synchronized int queued() {
        return queued;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queues.clear();
            queued = 0;
        }
        http.close();
    }
}
