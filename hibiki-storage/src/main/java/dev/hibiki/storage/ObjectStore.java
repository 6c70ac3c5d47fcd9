package dev.hibiki.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A place objects are written to: a bucket and prefix in S3 or Google Cloud Storage, or a local directory. Keys
 * are relative to the destination's prefix ({@link ObjectKeys} says which are valid). Every method blocks until
 * the store answered; none retries for long (an {@link dev.hibiki.storage.spool.UploadSpool} does that).
 */
public interface ObjectStore extends Closeable {

    /** Where this store writes. */
    Destination destination();

    /**
     * Writes {@code file} under {@code key}, replacing whatever was there: writing the same key again is harmless,
     * so an upload that may or may not have arrived can simply be repeated.
     *
     * @throws StoreException the store refused or could not be reached; {@link StoreException#reason()} says why
     */
    void put(String key, Path file, String contentType) throws StoreException;

    /** Removes {@code key}; removing a key that does not exist is not an error. */
    void delete(String key) throws StoreException;

    /**
     * Checks that this destination works as configured by writing a small object under the prefix and deleting
     * it again. Meant for the moment a user configures the destination, so a mistake shows at once rather than
     * as failing uploads later.
     */
    default void probe() throws StoreProbeException {
        String key = ".hibiki-probe-" + UUID.randomUUID();
        Path marker;
        try {
            marker = Files.createTempFile("hibiki-probe", ".txt");
            Files.writeString(marker, "Hibiki checks that it can write here; this object is deleted at once.\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreProbeException(StoreProbeException.Step.WRITE, FailureReason.OTHER,
                    "could not prepare the test object on this server: " + e.getMessage());
        }
        try {
            try {
                put(key, marker, "text/plain; charset=utf-8");
            } catch (StoreException e) {
                throw new StoreProbeException(StoreProbeException.Step.WRITE, e);
            }
            try {
                delete(key);
            } catch (StoreException e) {
                throw new StoreProbeException(StoreProbeException.Step.DELETE, e);
            }
        } finally {
            try {
                Files.deleteIfExists(marker);
            } catch (IOException ignored) {
                // a leftover temporary file of 70 bytes
            }
        }
    }

    /** Releases the store's connections; the default holds none. */
    @Override
    default void close() {
    }
}
