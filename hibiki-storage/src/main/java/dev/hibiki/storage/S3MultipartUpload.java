package dev.hibiki.storage;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One large file as an S3 multipart upload, by hand: CreateMultipartUpload, UploadPart for each slice of the file
 * (streamed from disk; each part can be retried by the client on its own), CompleteMultipartUpload. The SDK's own
 * multipart support lives in its asynchronous client, whose HTTP stack would not look addresses up through the
 * outbound policy. A failed upload is aborted so that its parts stop costing the bucket owner storage.
 */
final class S3MultipartUpload {
    private S3MultipartUpload() {
    }

    static void upload(S3Client s3, String bucket, String name, Path file, long size, String contentType,
                       long partSize) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(name).contentType(contentType)).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long length = Math.min(partSize, size - offset);
                long from = offset;
                int partNumber = number;
                RequestBody body = RequestBody.fromContentProvider(() -> open(file, from, length), length,
                        contentType);
                UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key(name).uploadId(uploadId)
                        .partNumber(partNumber).contentLength(length), body);
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(r.eTag()).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            completed = true;
        } finally {
            if (!completed) abort(s3, bucket, name, uploadId);
        }
    }

    private static FilePartStream open(Path file, long offset, long length) {
        try {
            return new FilePartStream(file, offset, length);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void abort(S3Client s3, String bucket, String name, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId));
        } catch (RuntimeException ignored) {
            // the upload already failed for a reason that is reported; a bucket lifecycle rule
            // (AbortIncompleteMultipartUpload) removes parts that nobody could abort
        }
    }
}
