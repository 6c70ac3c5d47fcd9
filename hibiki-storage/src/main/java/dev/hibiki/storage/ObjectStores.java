package dev.hibiki.storage;

import dev.hibiki.net.OutboundAddressPolicy;

/** Opens the store a {@link StoreSpec} describes. */
public final class ObjectStores {
    private ObjectStores() {
    }

    /**
     * @param policy where a user's endpoint (an S3-compatible store, a key's token service) may be; the operator's
     *               own choices ({@link StoreOptions#gcsHost()}, a local directory) are not checked against it
     * @throws StoreException the credentials cannot be used at all (a malformed service-account key)
     */
    public static ObjectStore open(StoreSpec spec, OutboundAddressPolicy policy, StoreOptions options)
            throws StoreException {
        return switch (spec.destination().kind()) {
            case S3 -> new S3ObjectStore(spec, policy, options);
            case GCS -> new GcsObjectStore(spec, policy, options);
            case LOCAL -> new LocalObjectStore(spec.destination());
        };
    }
}
