package dev.hibiki.storage;

import java.io.IOException;

/**
 * An object store request failed. The message is written for the user who configured the destination: it says
 * what went wrong and what to change, and never contains a secret (stores remove their own secrets from anything
 * a remote service answered before it reaches a message).
 */
public class StoreException extends IOException {
    private final FailureReason reason;

    public StoreException(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StoreException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }
}
