package dev.hibiki.storage.spool;

import dev.hibiki.storage.ObjectKeys;
import dev.hibiki.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A durable local queue of files to upload. {@link #enqueue} puts a file into the spool directory and returns
 * once it is safely on disk; worker threads upload it to its destination's {@link ObjectStore}, retrying with
 * exponential backoff as long as it takes, and remove it once the store confirmed it. The items of one group
 * arrive in the order they were enqueued (one upload under way per group), so a playlist never arrives before
 * the segments it lists. After a crash, {@link #open} over the same directory finds what was enqueued and
 * uploads it.
 *
 * <p>The spool takes at most {@link SpoolSettings#maxBytes()} of disk. An item that does not fit makes the
 * spool drop the group holding its oldest item (every queued item of it), loudly: an ERROR log, the
 * {@code evicted} count and {@link SpoolListener#failed} for each. An item is otherwise never dropped for being
 * late; it is given up only when its store keeps refusing it for a lasting reason (see
 * {@link SpoolSettings#permanentErrorAttempts()}) or its destination no longer exists.
 */
public final class UploadSpool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadSpool.class);

    private final SpoolDirectory directory;
    private final SpoolQueues queues;
    private final SpoolMetrics metrics;
    private final SpoolListener listener;
    private final SpoolUploader uploader;
    private final AtomicLong nextSequence;

    private UploadSpool(SpoolDirectory directory, SpoolQueues queues, SpoolMetrics metrics, SpoolListener listener,
                        SpoolUploader uploader, long nextSequence) {
        this.directory = directory;
        this.queues = queues;
        this.metrics = metrics;
        this.listener = listener;
        this.uploader = uploader;
        this.nextSequence = new AtomicLong(nextSequence);
    }

    /**
     * Opens (or creates) the spool in {@code dir} and starts its workers, which begin with whatever an earlier
     * spool left there.
     *
     * @param stores the store of a destination id, looked up before each try; null once the destination is gone
     * @throws IOException the directory cannot be used, or another spool uses it
     */
    public static UploadSpool open(Path dir, Function<String, ObjectStore> stores, SpoolListener listener,
                                   SpoolSettings settings, MeterRegistry registry) throws IOException {
        SpoolDirectory directory = SpoolDirectory.open(dir);
        try {
            SpoolQueues queues = new SpoolQueues(settings.maxBytes());
            long next = 1;
            List<SpoolDirectory.Stored> found = directory.recover();
            for (SpoolDirectory.Stored s : found) {
                queues.admit(new SpoolQueues.Entry(s.item(), s.data()), 0);
                next = Math.max(next, s.item().sequence() + 1);
            }
            if (!found.isEmpty()) {
                LOG.info("upload spool {}: {} files ({} bytes) left from before; uploading them", dir, found.size(),
                        queues.bytes());
            }
            SpoolMetrics metrics = new SpoolMetrics(registry, queues);
            SpoolUploader uploader = new SpoolUploader(queues, directory, stores, listener, settings, metrics);
            UploadSpool spool = new UploadSpool(directory, queues, metrics, listener, uploader, next);
            uploader.start();
            return spool;
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /**
     * Queues {@code source} for upload as {@code key} to {@code destinationId}. Returns once the spool's copy (a
     * hard link where the file system allows, else a copy) and its manifest are on disk: from then on the item
     * survives a crash. The caller may delete {@code source} afterwards, but must not rewrite it in place (a hard
     * link shares its content); replacing it by renaming a new file over it is fine.
     *
     * @throws SpoolFullException no room can be made for it
     * @throws IOException        the file cannot be read or the spool cannot be written; nothing was queued
     */
    public SpoolItem enqueue(String destinationId, String key, Path source, String contentType, String group)
            throws IOException {
        Objects.requireNonNull(destinationId, "destinationId");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(group, "group");
        ObjectKeys.check(key);
        if (uploader.closed()) throw new IOException("the upload spool is closed");
        long size = Files.size(source);
        List<SpoolQueues.Entry> evicted = queues.reserve(size);
        reportEvicted(evicted, size);
        long sequence = nextSequence.getAndIncrement();
        SpoolItem item;
        try {
            long stored = directory.storeData(sequence, source);
            item = new SpoolItem(sequence, destinationId, key, contentType, group, stored, Instant.now());
            directory.commit(item);
        } catch (IOException | RuntimeException e) {
            queues.cancelReservation(size);
            directory.remove(sequence);
            throw e;
        }
        // counts the size on disk, which a file still growing could make larger than the reservation
        queues.admit(new SpoolQueues.Entry(item, directory.dataPath(sequence)), size);
        return item;
    }

    private void reportEvicted(List<SpoolQueues.Entry> evicted, long needed) {
        if (evicted.isEmpty()) return;
        Map<List<String>, List<SpoolItem>> byGroup = new LinkedHashMap<>();
        for (SpoolQueues.Entry e : evicted) {
            directory.remove(e.item.sequence());
            metrics.evicted(e.item.destinationId());
            byGroup.computeIfAbsent(List.of(e.item.destinationId(), e.item.group()), k -> new ArrayList<>()).add(e.item);
        }
        for (List<SpoolItem> items : byGroup.values()) {
            SpoolItem first = items.get(0);
            LOG.error("upload spool full: dropped {} unsent files of group {} for destination {} (the oldest from {})"
                            + " to make room for {} bytes; the destination has not taken uploads fast enough",
                    items.size(), first.group(), first.destinationId(), first.enqueuedAt(), needed);
        }
        UploadFailure failure = new UploadFailure(UploadFailure.Kind.EVICTED, null,
                "dropped unsent: the upload spool was full");
        for (SpoolQueues.Entry e : evicted) SpoolUploader.notifyFailed(listener, e.item, failure);
    }

    /** Bytes queued (under way included). */
    public long queuedBytes() {
        return queues.bytes();
    }

    /** Items queued (under way included). */
    public int queuedItems() {
        return queues.items();
    }

    /**
     * Stops the workers (an upload under way is interrupted) and releases the directory. What was not uploaded
     * stays on disk for the next {@link #open}.
     */
    @Override
    public void close() {
        uploader.close();
        metrics.close();
        try {
            directory.close();
        } catch (IOException e) {
            LOG.warn("upload spool: releasing the directory lock failed: {}", e.toString());
        }
    }
}
