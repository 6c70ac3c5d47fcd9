package dev.hibiki.storage.spool;

/**
 * Hears what became of each item. Called on a spool worker thread, except {@link UploadFailure.Kind#EVICTED}
 * failures, which are reported on the thread whose enqueue needed the room; never while the spool holds a lock.
 * A listener that throws is logged and otherwise ignored.
 */
public interface SpoolListener {
    SpoolListener NONE = new SpoolListener() {
    };

    /** The store confirmed the upload; the spool's copy is gone. */
    default void uploaded(SpoolItem item) {
    }

    /** The spool gave {@code item} up; the spool's copy is gone. */
    default void failed(SpoolItem item, UploadFailure failure) {
    }
}
