package dev.hibiki.storage;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where objects go: a bucket and a prefix in S3 ({@code s3://bucket/prefix/}) or Google Cloud Storage
 * ({@code gs://bucket/prefix}), or a local directory ({@code file:///path}, for operators only). The prefix is
 * empty or ends with a slash, whether or not the URI had one, so keys always land "in" it.
 */
public final class Destination {

    public enum Kind { S3, GCS, LOCAL }

    private final Kind kind;
    private final String bucket;
    private final String prefix;
    private final Path directory;

    private Destination(Kind kind, String bucket, String prefix, Path directory) {
        this.kind = kind;
        this.bucket = bucket;
        this.prefix = prefix;
        this.directory = directory;
    }

    /**
     * Parses a bucket URI a user gave ({@code s3://…} or {@code gs://…}; never a local directory).
     *
     * @throws IllegalArgumentException it is not such a URI or names an invalid bucket; the message says why
     */
    public static Destination parse(String bucketUri) {
        Objects.requireNonNull(bucketUri, "bucketUri");
        int sep = bucketUri.indexOf("://");
        String scheme = sep < 0 ? "" : bucketUri.substring(0, sep).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "s3" -> bucket(Kind.S3, bucketUri.substring(sep + 3));
            case "gs" -> bucket(Kind.GCS, bucketUri.substring(sep + 3));
            default -> throw new IllegalArgumentException(
                    "a bucket URI starts with s3:// or gs://, followed by the bucket name and an optional prefix"
                            + " (s3://my-bucket/archive/)");
        };
    }

    /**
     * Parses a destination the operator configured: a bucket URI, or {@code file:///absolute/directory}.
     *
     * @throws IllegalArgumentException it is neither; the message says why
     */
    public static Destination parseOperatorUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.regionMatches(true, 0, "file:", 0, 5)) {
            String path = uri.substring(5);
            if (path.startsWith("//")) path = path.substring(2);
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a file destination names an absolute directory: file:///var/lib/…");
            }
            return local(Path.of(path));
        }
        return parse(uri);
    }

    public static Destination s3(String bucket, String prefix) {
        BucketNames.checkS3(bucket);
        return new Destination(Kind.S3, bucket, normalPrefix(prefix), null);
    }

    public static Destination gcs(String bucket, String prefix) {
        BucketNames.checkGcs(bucket);
        return new Destination(Kind.GCS, bucket, normalPrefix(prefix), null);
    }

    public static Destination local(Path directory) {
        if (!directory.isAbsolute()) throw new IllegalArgumentException("a local destination is an absolute directory");
        return new Destination(Kind.LOCAL, null, "", directory.normalize());
    }

    private static Destination bucket(Kind kind, String rest) {
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a bucket URI has no query (?) or fragment (#)");
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("the bucket URI names no bucket: " + (kind == Kind.S3 ? "s3" : "gs")
                    + "://BUCKET/PREFIX/");
        }
        return kind == Kind.S3 ? s3(bucket, prefix) : gcs(bucket, prefix);
    }

    private static String normalPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) return "";
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        if (p.startsWith("/")) throw new IllegalArgumentException("the prefix \"" + prefix + "\" has an empty segment (//)");
        ObjectKeys.checkSegments("prefix", p);
        return p + "/";
    }

    public Kind kind() {
        return kind;
    }

    /** The bucket, or null for a local directory. */
    public String bucket() {
        return bucket;
    }

    /** Empty, or the prefix with its trailing slash. */
    public String prefix() {
        return prefix;
    }

    /** The directory of a local destination, or null. */
    public Path directory() {
        return directory;
    }

    /** The full object name of {@code key}: the prefix and the key. */
    public String objectName(String key) {
        return ObjectKeys.join(prefix, key);
    }

    /** The canonical URI: {@code s3://bucket/prefix/}, {@code gs://bucket/prefix/} or {@code file:///dir}. */
    public String uri() {
        return switch (kind) {
            case S3 -> "s3://" + bucket + "/" + prefix;
            case GCS -> "gs://" + bucket + "/" + prefix;
            case LOCAL -> directory.toUri().toString();
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Destination d && d.kind == kind && Objects.equals(d.bucket, bucket)
                && d.prefix.equals(prefix) && Objects.equals(d.directory, directory);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, bucket, prefix, directory);
    }

    @Override
    public String toString() {
        return uri();
    }
}
