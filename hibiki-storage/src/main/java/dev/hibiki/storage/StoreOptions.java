package dev.hibiki.storage;

import java.net.URI;
import java.time.Duration;

/**
 * How Hibiki talks to object stores, as the operator (or a test) sets it; the user's part is {@link StoreSpec}.
 *
 * @param connectTimeout     to open a connection
 * @param readTimeout        the longest silence while a request is under way
 * @param requestTimeout     one whole request (one part of a multipart upload), retries of the client included
 * @param multipartThreshold files larger than this are uploaded in parts (S3) or as a resumable upload (GCS)
 * @param partSize           S3: the size of each part but the last (S3 wants at least 5 MiB); GCS: the chunk
 *                           of a resumable upload (rounded down to a multiple of 256 KiB, at most 64 MiB)
 * @param gcsHost            Cloud Storage: another server than Google's ({@code http://127.0.0.1:9023}, an
 *                           emulator), or null; the operator's choice, so reached whatever the outbound policy says
 */
public record StoreOptions(Duration connectTimeout, Duration readTimeout, Duration requestTimeout,
                           long multipartThreshold, long partSize, URI gcsHost) {

    public static final long MIB = 1024 * 1024;

    public StoreOptions {
        if (partSize < 1 || multipartThreshold < 0) {
            throw new IllegalArgumentException("the part size must be positive and the threshold not negative");
        }
    }

    /** 10 s to connect, 60 s of silence, 10 minutes a request; parts of 16 MiB above 16 MiB. */
    public static StoreOptions defaults() {
        return new StoreOptions(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(10),
                16 * MIB, 16 * MIB, null);
    }

    public StoreOptions withMultipart(long threshold, long part) {
        return new StoreOptions(connectTimeout, readTimeout, requestTimeout, threshold, part, gcsHost);
    }

    public StoreOptions withTimeouts(Duration connect, Duration read, Duration request) {
        return new StoreOptions(connect, read, request, multipartThreshold, partSize, gcsHost);
    }

    public StoreOptions withGcsHost(URI host) {
        return new StoreOptions(connectTimeout, readTimeout, requestTimeout, multipartThreshold, partSize, host);
    }
}
