package dev.hibiki.sip.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the media of every call on a few threads (one per core): each wakes every 20 ms and services all of its
 * calls: drain their sockets, play 20 ms through the jitter buffer, encode, write to RTMP. Waking once per tick
 * for all calls, instead of a thread per call woken by every packet, is what lets one machine carry hundreds of
 * calls. What may block for long (connecting to an RTMP server, closing a publish) runs on a separate pool.
 */
public final class MediaScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaScheduler.class);
    static final long TICK_NANOS = 20_000_000L;

    private final Worker[] workers;
    private final AtomicInteger next = new AtomicInteger();
    private final ExecutorService blocking = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sip-rtmp-io");
        t.setDaemon(true);
        return t;
    });

    public MediaScheduler(int threads) {
        workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker("sip-media-" + i);
            workers[i].thread.start();
        }
    }

    public static MediaScheduler perCore() {
        return new MediaScheduler(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    void add(CallMedia media) {
        workers[Math.floorMod(next.getAndIncrement(), workers.length)].added.add(media);
    }

    ExecutorService blocking() {
        return blocking;
    }

    @Override
    public void close() {
        for (Worker w : workers) w.running = false;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
            try {
                w.thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        blocking.shutdown();
    }

    private static final class Worker implements Runnable {
        final Thread thread;
        final ConcurrentLinkedQueue<CallMedia> added = new ConcurrentLinkedQueue<>();
        final List<CallMedia> calls = new ArrayList<>();
        volatile boolean running = true;

        Worker(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY);
        }

        @Override
        public void run() {
            long nextTick = System.nanoTime();
            while (running) {
                for (CallMedia m; (m = added.poll()) != null; ) calls.add(m);
                long now = System.nanoTime();
                for (int i = calls.size() - 1; i >= 0; i--) {
                    CallMedia m = calls.get(i);
                    boolean keep;
                    try {
                        keep = m.service(now);
                    } catch (RuntimeException e) {
                        LOG.warn("media of a call failed", e);
                        keep = false;
                    }
                    if (!keep) {
                        calls.set(i, calls.getLast());
                        calls.removeLast();
                        m.release();
                    }
                }
                nextTick += TICK_NANOS;
                long wait = nextTick - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                else if (wait < -1_000_000_000L) nextTick = System.nanoTime(); // a second behind: stop catching up
            }
            for (CallMedia m : calls) m.release();
        }
    }
}
