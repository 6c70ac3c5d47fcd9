package dev.hibiki.storage;

/**
 * {@link ObjectStore#probe()} failed: the test object could not be written, or written but not deleted. The
 * {@link #reason()} is the store's; the message says which step failed and what to fix.
 */
public final class StoreProbeException extends StoreException {

    /** The step of the probe that failed. */
    public enum Step {
        /** Writing the test object (also where a missing bucket, bad credentials or a wrong region show). */
        WRITE,
        /** Deleting it again: the credentials may write but not delete. */
        DELETE
    }

    private final Step step;

    public StoreProbeException(Step step, StoreException cause) {
        super(cause.reason(), message(step, cause), cause);
        this.step = step;
    }

    public StoreProbeException(Step step, FailureReason reason, String message) {
        super(reason, message);
        this.step = step;
    }

    public Step step() {
        return step;
    }

    private static String message(Step step, StoreException cause) {
        return switch (step) {
            case WRITE -> "writing a test object failed: " + cause.getMessage();
            case DELETE -> "a test object was written but could not be deleted (Hibiki deletes what it replaces): "
                    + cause.getMessage();
        };
    }
}
