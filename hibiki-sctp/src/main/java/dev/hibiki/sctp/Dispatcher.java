package dev.hibiki.sctp;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the association's outward calls (packets to the sender, events to the listener) in the order they were posted,
 * one at a time, on whichever calling thread drains first, and never under the association's lock: so a sender or a
 * listener may call back into the association, and a DTLS lock taken by the sender cannot deadlock against ours.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    void post(Runnable task) {
        tasks.add(task);
    }

    /** Runs what is posted; returns at once if another thread is already draining (it runs these too). */
    void drain() {
        while (!tasks.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        LOG.warn("SCTP sender or listener failed", e);
                    }
                }
            } finally {
                draining.set(false);
            }
        }
    }
}
