package dev.hibiki.storage.spool;

import dev.hibiki.storage.FailureReason;
import dev.hibiki.storage.ObjectStore;
import dev.hibiki.storage.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The spool's worker threads: each takes the next group whose head may be tried, uploads it, and removes it,
 * gives it up, or puts the group back to wait out its retry delay. A fixed pool of platform threads: uploads
 * block on the network for as long as a part takes, and their number is what bounds the load on the stores.
 */
final class SpoolUploader {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolUploader.class);

    private final SpoolQueues queues;
    private final SpoolDirectory directory;
    private final Function<String, ObjectStore> stores;
    private final SpoolListener listener;
    private final SpoolSettings settings;
    private final SpoolMetrics metrics;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    SpoolUploader(SpoolQueues queues, SpoolDirectory directory, Function<String, ObjectStore> stores,
                  SpoolListener listener, SpoolSettings settings, SpoolMetrics metrics) {
        this.queues = queues;
        this.directory = directory;
        this.stores = stores;
        this.listener = listener;
        this.settings = settings;
        this.metrics = metrics;
    }

    void start() {
        for (int i = 0; i < settings.workers(); i++) {
            threads.add(Thread.ofPlatform().daemon().name("upload-spool-" + (i + 1)).start(this::run));
        }
    }

    boolean closed() {
        return closed;
    }

    private void run() {
        while (!closed) {
            SpoolQueues.Work work;
            try {
                work = queues.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                attempt(work);
            } catch (RuntimeException e) {
                // a store or lookup that throws what it should not: treated as a passing failure
                if (closed) return;
                LOG.warn("upload spool: uploading {} to {} threw {}", work.entry().item.key(),
                        work.entry().item.destinationId(), e.toString());
                retry(work, null);
            }
        }
    }

    private void attempt(SpoolQueues.Work work) {
        SpoolItem item = work.entry().item;
        if (!Files.exists(work.entry().data)) {
            giveUp(work, new UploadFailure(UploadFailure.Kind.LOST, null, "the spool's copy of the file is gone"));
            return;
        }
        ObjectStore store = stores.apply(item.destinationId());
        if (store == null) {
            giveUp(work, new UploadFailure(UploadFailure.Kind.UNKNOWN_DESTINATION, null,
                    "destination " + item.destinationId() + " no longer exists"));
            return;
        }
        try {
            store.put(item.key(), work.entry().data, item.contentType());
        } catch (StoreException e) {
            if (closed) return;
            retry(work, e);
            return;
        }
        directory.remove(item.sequence());
        queues.finished(work);
        metrics.uploaded(item.destinationId());
        try {
            listener.uploaded(item);
        } catch (RuntimeException e) {
            LOG.warn("upload spool listener failed on an upload: {}", e.toString());
        }
    }

    private void retry(SpoolQueues.Work work, StoreException e) {
        SpoolQueues.Entry entry = work.entry();
        SpoolItem item = entry.item;
        entry.failures++;
        boolean permanent = e != null && e.reason().permanent();
        entry.permanentFailures = permanent ? entry.permanentFailures + 1 : 0;
        String why = e == null ? "unexpected error" : e.reason() + ": " + e.getMessage();
        if (permanent && entry.permanentFailures >= settings.permanentErrorAttempts()) {
            giveUp(work, new UploadFailure(UploadFailure.Kind.STORE_REFUSED, e.reason(),
                    e.getMessage() + " (refused " + entry.failures + " times)"));
            return;
        }
        Duration delay = settings.retryDelay(entry.failures, ThreadLocalRandom.current().nextDouble());
        metrics.retried(item.destinationId());
        // the first failure and then every tenth: a destination that is down for an hour must not flood the log
        if (entry.failures == 1 || entry.failures % 10 == 0) {
            LOG.warn("upload spool: {} to {} failed (try {}), trying again in {} ms: {}", item.key(),
                    item.destinationId(), entry.failures, delay.toMillis(), why);
        }
        queues.retryLater(work, delay.toNanos());
    }

    private void giveUp(SpoolQueues.Work work, UploadFailure failure) {
        SpoolItem item = work.entry().item;
        directory.remove(item.sequence());
        queues.finished(work);
        metrics.failed(item.destinationId());
        LOG.error("upload spool: gave up {} to {}: {}", item.key(), item.destinationId(), failure.message());
        notifyFailed(listener, item, failure);
    }

    static void notifyFailed(SpoolListener listener, SpoolItem item, UploadFailure failure) {
        try {
            listener.failed(item, failure);
        } catch (RuntimeException e) {
            LOG.warn("upload spool listener failed on a failure: {}", e.toString());
        }
    }

    /** Stops the workers: an upload under way is interrupted, and its item stays for the next spool. */
    void close() {
        closed = true;
        for (Thread t : threads) t.interrupt();
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (t.isAlive()) LOG.warn("upload spool: worker {} did not stop within 5 s", t.getName());
        }
    }
}
