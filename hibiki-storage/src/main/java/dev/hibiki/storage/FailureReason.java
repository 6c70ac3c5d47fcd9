package dev.hibiki.storage;

/**
 * Why an object store refused or failed a request, in terms a user can act on. The names are stable: an API may
 * return them as they are.
 */
public enum FailureReason {
    /** The bucket does not exist (or was deleted). */
    BUCKET_NOT_FOUND(true),
    /** The credentials are valid but may not write or delete under the prefix. */
    ACCESS_DENIED(true),
    /** The bucket lives in another region than the one given (S3). */
    WRONG_REGION(true),
    /** No connection could be made, or it broke or timed out: the endpoint, the network or the service is down. */
    UNREACHABLE(false),
    /** The store does not know the key, or the signature or service-account key is wrong. */
    INVALID_CREDENTIALS(true),
    /** The endpoint is on a private network and the operator does not allow that (the outbound address policy). */
    NOT_ALLOWED(true),
    /** Anything else: a server error, throttling, an unexpected answer. */
    OTHER(false);

    private final boolean permanent;

    FailureReason(boolean permanent) {
        this.permanent = permanent;
    }

    /**
     * Whether trying again later is unlikely to help until somebody changes the destination or its permissions.
     * An upload queue gives up on such failures after a bounded number of tries; on the others it keeps trying.
     */
    public boolean permanent() {
        return permanent;
    }
}
