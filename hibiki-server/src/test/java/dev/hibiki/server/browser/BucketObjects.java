package dev.hibiki.server.browser;

import dev.hibiki.storage.S3ProxyServer;
import org.jclouds.blobstore.domain.PageSet;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** What a bucket of the test's S3 server holds, read as a customer reads their archive. */
final class BucketObjects {

    private final S3ProxyServer s3;
    private final String bucket;

    BucketObjects(S3ProxyServer s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The names of the objects under {@code prefix} with their sizes, in name order. */
    Map<String, Long> list(String prefix) {
        Map<String, Long> out = new TreeMap<>();
        ListContainerOptions options = ListContainerOptions.Builder.prefix(prefix).recursive();
        while (true) {
            PageSet<? extends StorageMetadata> page = s3.blobs().list(bucket, options);
            for (StorageMetadata m : page) {
                if (m.getType() == StorageType.BLOB) out.put(m.getName(), m.getSize());
            }
            if (page.getNextMarker() == null) return out;
            options = ListContainerOptions.Builder.prefix(prefix).recursive().afterMarker(page.getNextMarker());
        }
    }

    /** The object as text, or null when there is none. */
    String text(String name) throws IOException {
        byte[] bytes = s3.read(bucket, name);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Copies every object under {@code prefix} into {@code dir}, each named by the rest of its name. */
    void download(String prefix, Path dir) throws IOException {
        for (String name : list(prefix).keySet()) {
            Path file = dir.resolve(name.substring(prefix.length()));
            Files.createDirectories(file.getParent());
            Files.write(file, s3.read(bucket, name));
        }
    }
}
