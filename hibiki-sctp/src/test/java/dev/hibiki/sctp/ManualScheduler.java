package dev.hibiki.sctp;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A single-threaded scheduler on virtual time: tasks run only from {@link #advance} and {@link #runUntil}. */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long nowNanos = 1_000_000_000L;
    private long sequence;

    long nanoTime() {
        return nowNanos;
    }

    /** Runs every task due within the next {@code ms} milliseconds, moving the clock to each task's time. */
    void advance(long ms) {
        long end = nowNanos + ms * 1_000_000L;
        while (!tasks.isEmpty() && tasks.peek().at <= end) {
            Task t = tasks.poll();
            nowNanos = Math.max(nowNanos, t.at);
            if (!t.cancelled) {
                t.run.run();
            }
        }
        nowNanos = end;
    }

    /** Advances in steps of 10 ms until the condition holds or {@code maxMs} of virtual time passed. */
    boolean runUntil(java.util.function.BooleanSupplier condition, long maxMs) {
        for (long t = 0; t < maxMs; t += 10) {
            if (condition.getAsBoolean()) {
                return true;
            }
            advance(10);
        }
        return condition.getAsBoolean();
    }

    private final class Task implements ScheduledFuture<Object> {
        final long at;
        final long seq = sequence++;
        final Runnable run;
        boolean cancelled;
        boolean done;

        Task(long at, Runnable run) {
            this.at = at;
            this.run = () -> {
                done = true;
                run.run();
            };
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - nowNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Task t = (Task) o;
            return at != t.at ? Long.compare(at, t.at) : Long.compare(seq, t.seq);
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            cancelled = true;
            return !done;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task t = new Task(nowNanos + unit.toNanos(Math.max(0, delay)), command);
        tasks.add(t);
        return t;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
        tasks.clear();
    }

    @Override
    public List<Runnable> shutdownNow() {
        tasks.clear();
        return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
