package dev.hibiki.storage.spool;

import dev.hibiki.storage.Destination;
import dev.hibiki.storage.FailureReason;
import dev.hibiki.storage.ObjectStore;
import dev.hibiki.storage.StoreException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An object store for spool tests: passes puts on to another store (a real one) and records each one it
 * confirmed, in order; can be told to fail the next tries, or every try, or to hang until interrupted.
 */
final class ScriptedStore implements ObjectStore {
    private final ObjectStore target;
    final List<String> confirmed = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger inPut = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile FailureReason failWith;
    private volatile boolean failAlways;
    private volatile boolean hang;

    ScriptedStore(ObjectStore target) {
        this.target = target;
    }

    /** The next {@code n} tries fail for {@code reason}. */
    ScriptedStore failNext(int n, FailureReason reason) {
        failWith = reason;
        failuresLeft.set(n);
        return this;
    }

    ScriptedStore failAlways(FailureReason reason) {
        failWith = reason;
        failAlways = true;
        return this;
    }

    ScriptedStore succeed() {
        failAlways = false;
        failuresLeft.set(0);
        return this;
    }

    /** Each put blocks until its thread is interrupted. */
    ScriptedStore hang() {
        hang = true;
        return this;
    }

    List<String> confirmed() {
        synchronized (confirmed) {
            return List.copyOf(confirmed);
        }
    }

    @Override
    public Destination destination() {
        return target.destination();
    }

    @Override
    public void put(String key, Path file, String contentType) throws StoreException {
        attempts.incrementAndGet();
        inPut.incrementAndGet();
        try {
            if (hang) {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException(FailureReason.OTHER, "interrupted");
                }
            }
            if (failAlways || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new StoreException(failWith, "scripted failure: " + failWith);
            }
            target.put(key, file, contentType);
            confirmed.add(key);
        } finally {
            inPut.decrementAndGet();
        }
    }

    @Override
    public void delete(String key) throws StoreException {
        target.delete(key);
    }
}
