package dev.hibiki.storage.spool;

import java.time.Instant;

/**
 * One file waiting in (or just leaving) an {@link UploadSpool}.
 *
 * @param sequence      the spool's number for it: items of a group upload in this order
 * @param destinationId which destination it goes to (the spool's store lookup resolves it at each try)
 * @param key           the object key, relative to the destination's prefix
 * @param group         the items that must arrive in order (such as one rendition's segments and playlist)
 * @param size          bytes
 * @param enqueuedAt    when it was enqueued (kept across restarts)
 */
public record SpoolItem(long sequence, String destinationId, String key, String contentType, String group, long size,
                        Instant enqueuedAt) {
}
