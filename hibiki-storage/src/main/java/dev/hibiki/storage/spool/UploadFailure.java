package dev.hibiki.storage.spool;

import dev.hibiki.storage.FailureReason;

/**
 * Why an {@link UploadSpool} gave an item up.
 *
 * @param storeReason for {@link Kind#STORE_REFUSED}: what the store said; otherwise null
 * @param message     for a log or a user; never contains a secret
 */
public record UploadFailure(Kind kind, FailureReason storeReason, String message) {

    public enum Kind {
        /** The spool was full: the oldest group's items were dropped to make room for a new one. */
        EVICTED,
        /** The store refused the upload in a way that does not pass ({@link FailureReason#permanent()}), every try. */
        STORE_REFUSED,
        /** The store lookup knows the destination no more (it was deleted). */
        UNKNOWN_DESTINATION,
        /** The spool's copy of the file is gone or unreadable. */
        LOST
    }
}
