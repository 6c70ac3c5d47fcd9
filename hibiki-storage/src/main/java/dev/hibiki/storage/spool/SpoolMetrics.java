package dev.hibiki.storage.spool;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The spool's meters: what is queued (bytes, items, the oldest item's age) and, per destination, how uploads
 * ended ({@code hibiki.storage.spool.uploads} with {@code result} ok, retried, failed or evicted). Removed from
 * the registry when the spool closes, so a spool opened again over the same directory reports afresh.
 */
final class SpoolMetrics {
    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    SpoolMetrics(MeterRegistry registry, SpoolQueues queues) {
        this.registry = registry;
        meters.add(Gauge.builder("hibiki.storage.spool.queued.bytes", queues, SpoolQueues::bytes)
                .baseUnit("bytes").description("bytes waiting in the upload spool").strongReference(true)
                .register(registry));
        meters.add(Gauge.builder("hibiki.storage.spool.queued.items", queues, SpoolQueues::items)
                .description("files waiting in the upload spool").strongReference(true).register(registry));
        meters.add(TimeGauge.builder("hibiki.storage.spool.oldest.age", queues, TimeUnit.MILLISECONDS, q -> {
                    long at = q.oldestEnqueuedMillis();
                    return at < 0 ? 0 : Math.max(0, System.currentTimeMillis() - at);
                }).description("how long the oldest file in the upload spool has waited").strongReference(true)
                .register(registry));
    }

    void uploaded(String destinationId) {
        count(destinationId, "ok");
    }

    void retried(String destinationId) {
        count(destinationId, "retried");
    }

    void failed(String destinationId) {
        count(destinationId, "failed");
    }

    void evicted(String destinationId) {
        count(destinationId, "evicted");
    }

    private void count(String destinationId, String result) {
        counters.computeIfAbsent(destinationId + '\0' + result, k -> {
            Counter c = Counter.builder("hibiki.storage.spool.uploads")
                    .description("upload tries of spooled files by how they ended: ok, retried (failed, tried"
                            + " again later), failed (given up), evicted (dropped unsent: the spool was full)")
                    .tag("destination", destinationId).tag("result", result).register(registry);
            meters.add(c);
            return c;
        }).increment();
    }

    void close() {
        for (Meter m : meters) registry.remove(m);
        meters.clear();
        counters.clear();
    }
}
