package dev.hibiki.sfu;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A decrypted publisher packet on its way to the send workers: one copy per received packet, shared read-only by
 * every worker that has subscribers of its stream (each copies it into its subscribers' own send buffers, where
 * the rewrite and SRTP happen). Reference counted; the last worker to finish returns it to its pool.
 */
final class ForwardedPacket {

    /** Largest packet a pooled buffer holds; bigger ones (never seen from browsers) get a one-off buffer. */
    static final int POOLED_SIZE = 1600;

    final byte[] buf;
    int length;
    long receivedNanos;
    IncomingStream source;
    private final AtomicInteger holders = new AtomicInteger();
    private final Pool pool;

    private ForwardedPacket(int size, Pool pool) {
        this.buf = new byte[size];
        this.pool = pool;
    }

    /** Called once by each worker the packet was handed to. */
    void release() {
        if (holders.decrementAndGet() == 0) {
            source = null;
            if (pool != null) pool.recycle(this);
        }
    }

    /** Free buffers, so that a forwarded packet allocates nothing in a steady state. */
    static final class Pool {
        private final ArrayBlockingQueue<ForwardedPacket> free;

        Pool(int capacity) {
            this.free = new ArrayBlockingQueue<>(capacity);
        }

        /** A packet holding a copy of {@code buf[off, off+len)}, to be released by {@code holders} workers. */
        ForwardedPacket copyOf(byte[] buf, int off, int len, IncomingStream source, long receivedNanos, int holders) {
            ForwardedPacket p = len <= POOLED_SIZE ? free.poll() : null;
            if (p == null) p = new ForwardedPacket(Math.max(len, POOLED_SIZE), len <= POOLED_SIZE ? this : null);
            System.arraycopy(buf, off, p.buf, 0, len);
            p.length = len;
            p.source = source;
            p.receivedNanos = receivedNanos;
            p.holders.set(holders);
            return p;
        }

        private void recycle(ForwardedPacket p) {
            free.offer(p); // when the pool is full the buffer is left to the GC
        }

        int freeCount() {
            return free.size();
        }
    }
}
