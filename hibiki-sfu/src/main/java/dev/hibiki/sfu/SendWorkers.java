package dev.hibiki.sfu;

import java.util.function.IntConsumer;

/**
 * The fan-out threads. Each subscribing connection is assigned to the least loaded worker for its lifetime; a
 * publisher's packet is copied once into a pooled {@link ForwardedPacket} and queued on every worker that has
 * subscribers of its stream. The ICE receive thread thus only receives, decrypts and queues, so STUN, DTLS and
 * RTCP never wait behind the fan-out.
 */
final class SendWorkers implements AutoCloseable {

    /** Tasks a worker may hold: ~4 s of one 1.5 Mbit/s publisher's packets, far beyond the delay limit. */
    static final int QUEUE_CAPACITY = 1024;
    /** A media packet that waited longer than this in a worker's queue is dropped rather than sent late. */
    static final long MAX_QUEUE_DELAY_NANOS = 200_000_000L;

    private final SendWorker[] workers;
    private final ForwardedPacket.Pool pool;

    /** @param onWorkerStart run on each worker's thread with its index before it takes work (socket choice) */
    SendWorkers(int count, SfuCounters counters, IntConsumer onWorkerStart) {
        if (count < 1) throw new IllegalArgumentException("at least one send worker");
        this.workers = new SendWorker[count];
        for (int i = 0; i < count; i++) {
            workers[i] = new SendWorker(i, QUEUE_CAPACITY, MAX_QUEUE_DELAY_NANOS, counters, "sfu-send-", onWorkerStart);
        }
        this.pool = new ForwardedPacket.Pool(QUEUE_CAPACITY * count);
    }

    int size() {
        return workers.length;
    }

    SendWorker get(int index) {
        return workers[index];
    }

    ForwardedPacket.Pool pool() {
        return pool;
    }

    /** The worker with the fewest connections; give it back with {@link #release}. */
    synchronized SendWorker assign() {
        SendWorker best = workers[0];
        for (SendWorker w : workers) {
            if (w.subscribers() < best.subscribers()) best = w;
        }
        best.adjustSubscribers(1);
        return best;
    }

    /** All workers' samples in buckets 0 to {@code bucket}; see {@link Sfu#forwardedWithin}. */
    long forwardedWithin(int bucket) {
        long n = 0;
        for (SendWorker w : workers) n += w.forwardDelay.countUpTo(bucket);
        return n;
    }

    synchronized void release(SendWorker worker) {
        worker.adjustSubscribers(-1);
    }

    @Override
    public void close() {
        for (SendWorker w : workers) w.close();
    }
}
