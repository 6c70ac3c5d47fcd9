package dev.hibiki.storage;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Everything a user says about one destination: where ({@link Destination}), with which credentials, and for S3
 * the region and optionally the endpoint of an S3-compatible store (reached path-style). Validated on
 * construction; {@code toString()} hides the secrets.
 *
 * @param awsRegion  S3 only: the bucket's region; null means us-east-1 (what S3-compatible stores usually expect)
 * @param s3Endpoint S3 only: {@code http(s)://host[:port]} of an S3-compatible store, or null for AWS itself
 */
public record StoreSpec(Destination destination, String awsRegion, StoreCredentials credentials, URI s3Endpoint) {

    /** Letters, digits and hyphens (us-east-1, ap-northeast-1, R2's "auto"): never a dot that could add a host. */
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public StoreSpec {
        if (destination == null) throw new IllegalArgumentException("a destination is needed");
        switch (destination.kind()) {
            case S3 -> {
                if (!(credentials instanceof StoreCredentials.AwsKeys)) {
                    throw new IllegalArgumentException("an s3:// destination needs aws_access_key_id and"
                            + " aws_secret_access_key");
                }
                if (awsRegion != null && !REGION.matcher(awsRegion).matches()) {
                    throw new IllegalArgumentException("aws_region \"" + awsRegion + "\" is not a region name"
                            + " (such as ap-northeast-1)");
                }
                if (s3Endpoint != null) checkEndpoint(s3Endpoint);
            }
            case GCS -> {
                if (!(credentials instanceof StoreCredentials.GcpServiceAccountKey)) {
                    throw new IllegalArgumentException("a gs:// destination needs gcp_credential_json");
                }
                if (s3Endpoint != null) throw new IllegalArgumentException("s3_endpoint is for s3:// destinations only");
            }
            case LOCAL -> {
                if (credentials != null || s3Endpoint != null) {
                    throw new IllegalArgumentException("a local directory takes no credentials and no endpoint");
                }
            }
        }
    }

    public static StoreSpec s3(Destination destination, String awsRegion, StoreCredentials.AwsKeys keys, URI endpoint) {
        return new StoreSpec(destination, awsRegion, keys, endpoint);
    }

    public static StoreSpec gcs(Destination destination, StoreCredentials.GcpServiceAccountKey key) {
        return new StoreSpec(destination, null, key, null);
    }

    public static StoreSpec local(Destination destination) {
        return new StoreSpec(destination, null, null, null);
    }

    /** The region requests are signed for. */
    public String regionOrDefault() {
        return awsRegion == null ? "us-east-1" : awsRegion;
    }

    private static void checkEndpoint(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("s3_endpoint is an http:// or https:// URL");
        }
        if (endpoint.getHost() == null || endpoint.getHost().isEmpty()) {
            throw new IllegalArgumentException("s3_endpoint names no host");
        }
        if (endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("s3_endpoint must not contain a user name or password");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null
                || !(endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() || endpoint.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("s3_endpoint is only scheme, host and port (https://s3.example.com:9000);"
                    + " the bucket comes from bucket_uri");
        }
    }
}
