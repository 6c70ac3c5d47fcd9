package dev.hibiki.archive;

import dev.hibiki.storage.StoreSpec;

/**
 * A token's archive destination: its id, the bucket URI as the user gave it, and what the store needs (credentials
 * included, so {@code toString()} of the spec hides them).
 */
public record ArchiveDestination(String id, String ownerTokenId, String bucketUri, StoreSpec spec) {

    @Override
    public String toString() {
        return "ArchiveDestination[" + id + ", " + bucketUri + "]";
    }
}
