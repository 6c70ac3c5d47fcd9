package dev.hibiki.storage.spool;

import java.io.IOException;

/**
 * An item could not be enqueued because the spool's byte limit leaves no room for it even after the queued items
 * that may be dropped were dropped (it is larger than the limit, or what remains is being uploaded right now).
 */
public final class SpoolFullException extends IOException {
    public SpoolFullException(String message) {
        super(message);
    }
}
