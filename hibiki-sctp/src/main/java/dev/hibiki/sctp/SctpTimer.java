package dev.hibiki.sctp;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One of the association's timers (T1-init/cookie, T2-shutdown, T3-rtx, delayed SACK, RE-CONFIG). Its action runs
 * under the association's lock; a generation number makes a stop or restart win over a firing that already started.
 */
final class SctpTimer {
    private final ScheduledExecutorService executor;
    private final Object lock;
    private final Runnable action;
    private final Dispatcher dispatcher;
    private ScheduledFuture<?> future;
    private long generation;

    SctpTimer(ScheduledExecutorService executor, Object lock, Dispatcher dispatcher, Runnable action) {
        this.executor = executor;
        this.lock = lock;
        this.dispatcher = dispatcher;
        this.action = action;
    }

    /** (Re)starts the timer; call with the lock held. */
    void start(long delayMs) {
        stop();
        long g = generation;
        try {
            future = executor.schedule(() -> fire(g), delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            future = null;
        }
    }

    void stop() {
        generation++;
        if (future != null) {
            future.cancel(false);
            future = null;
        }
    }

    boolean running() {
        return future != null;
    }

    private void fire(long g) {
        synchronized (lock) {
            if (g != generation) {
                return;
            }
            future = null;
            action.run();
        }
        dispatcher.drain();
    }
}
