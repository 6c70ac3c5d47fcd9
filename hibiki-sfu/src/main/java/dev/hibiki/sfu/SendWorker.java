package dev.hibiki.sfu;

import dev.hibiki.rtp.RtpPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One fan-out thread. It owns the outgoing state (rewriters, RTX sequence numbers, send buffers, SRTP send order) of
 * the subscribers assigned to it: everything that touches an {@link OutgoingStream} runs here, in the order it was
 * queued, so one subscriber's packets keep their order and need no lock.
 *
 * <p>The queue is bounded. When it is full the oldest task is dropped, and a media packet that waited longer than
 * the delay limit is dropped instead of sent: overload shows as counted loss, not as seconds of latency.
 */
final class SendWorker {

    private static final Logger LOG = LoggerFactory.getLogger(SendWorker.class);

    final int index;
    private final ArrayBlockingQueue<Object> queue;
    private final long maxQueueDelayNanos;
    private final SfuCounters counters;
    private final RtpPacket view = new RtpPacket();
    final SendBuffers buffers = new SendBuffers();
    final ForwardDelayHistogram forwardDelay = new ForwardDelayHistogram();
    private final Thread thread;
    private volatile boolean running = true;
    private int subscribers; // guarded by SendWorkers

    SendWorker(int index, int queueCapacity, long maxQueueDelayNanos, SfuCounters counters, String namePrefix,
               IntConsumer onStart) {
        this.index = index;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxQueueDelayNanos = maxQueueDelayNanos;
        this.counters = counters;
        this.thread = Thread.ofPlatform().daemon().name(namePrefix + index).unstarted(() -> {
            onStart.accept(index);
            run();
        });
        thread.start();
    }

    /** Queues a packet for this worker's subscribers of {@code packet.source}; drops the oldest task when full. */
    void enqueue(ForwardedPacket packet) {
        offer(packet);
    }

    /** Queues work on this worker's subscribers (retransmissions, sender reports), in order with their media. */
    void submit(Runnable task) {
        offer(task);
    }

    private void offer(Object task) {
        while (!queue.offer(task)) {
            Object oldest = queue.poll();
            if (oldest != null) discard(oldest);
        }
    }

    private void discard(Object task) {
        counters.fanoutDropped.increment();
        if (task instanceof ForwardedPacket p) p.release();
    }

    private void run() {
        while (running) {
            Object task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                if (!running) break;
                continue;
            }
            if (task instanceof ForwardedPacket p) {
                try {
                    if (System.nanoTime() - p.receivedNanos > maxQueueDelayNanos) counters.fanoutDropped.increment();
                    else forward(p);
                } finally {
                    p.release();
                }
            } else {
                try {
                    ((Runnable) task).run();
                } catch (RuntimeException e) {
                    LOG.warn("send task failed", e);
                }
            }
        }
        for (Object task; (task = queue.poll()) != null; ) {
            if (task instanceof ForwardedPacket p) p.release();
        }
    }

    private void forward(ForwardedPacket p) {
        if (!view.wrap(p.buf, 0, p.length)) return;
        for (OutgoingStream o : p.source.subscribersOn(index)) {
            try {
                if (o.forward(view, p.receivedNanos)) forwardDelay.record(System.nanoTime() - p.receivedNanos);
            } catch (RuntimeException e) {
                LOG.warn("forwarding to {} failed", o.subscriber.id(), e);
            }
        }
    }

    int queued() {
        return queue.size();
    }

    int subscribers() {
        return subscribers;
    }

    void adjustSubscribers(int delta) {
        subscribers += delta;
    }

    void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
