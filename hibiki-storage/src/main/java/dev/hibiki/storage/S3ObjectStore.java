package dev.hibiki.storage;

import dev.hibiki.net.OutboundAddressPolicy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A bucket and prefix in Amazon S3, or in an S3-compatible store at an endpoint the user gave (reached
 * path-style: {@code https://endpoint/bucket/key}). Files above the multipart threshold go up in parts.
 *
 * <p>Every connection goes to an address the outbound policy checked (see {@link CheckedDnsResolver}): a user's
 * endpoint on a private network, such as {@code http://127.0.0.1:9000}, is refused unless the operator allows
 * private networks. AWS's own endpoints are built from the validated region and bucket and are not refused, so
 * that a VPC endpoint with private addresses works. Proxy settings of the JVM and the environment are ignored:
 * a proxy would make the connection, and the lookup, where the policy cannot see it.
 */
public final class S3ObjectStore implements ObjectStore {
    private final Destination destination;
    private final S3Client s3;
    private final S3Failures failures;
    private final StoreOptions options;

    public S3ObjectStore(StoreSpec spec, OutboundAddressPolicy policy, StoreOptions options) {
        if (spec.destination().kind() != Destination.Kind.S3) throw new IllegalArgumentException("not an s3:// destination");
        this.destination = spec.destination();
        this.options = options;
        StoreCredentials.AwsKeys keys = (StoreCredentials.AwsKeys) spec.credentials();
        URI endpoint = spec.s3Endpoint();
        String region = spec.regionOrDefault();
        this.failures = new S3Failures(destination, region, endpoint, keys.secretAccessKey());

        OutboundAddressPolicy lookups = endpoint == null ? OutboundAddressPolicy.allowingPrivateNetworks() : policy;
        ApacheHttpClient.Builder http = ApacheHttpClient.builder()
                .connectionTimeout(options.connectTimeout())
                .socketTimeout(options.readTimeout())
                .dnsResolver(new CheckedDnsResolver(lookups, Set.of()))
                .proxyConfiguration(ProxyConfiguration.builder()
                        .useSystemPropertyValues(false).useEnvironmentVariableValues(false).build());
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(http)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey())))
                .overrideConfiguration(o -> o.apiCallTimeout(options.requestTimeout())
                        .retryStrategy(r -> r.maxAttempts(3)));
        if (endpoint != null) {
            // S3-compatible stores do not all know the flexible checksums (aws-chunked bodies with CRC trailers)
            // the SDK sends to AWS by default; the plain protocol works everywhere.
            b.endpointOverride(endpoint).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        this.s3 = b.build();
    }

    @Override
    public Destination destination() {
        return destination;
    }

    @Override
    public void put(String key, Path file, String contentType) throws StoreException {
        String name = destination.objectName(key);
        long size = sizeOf(file);
        try {
            if (size > options.multipartThreshold()) {
                S3MultipartUpload.upload(s3, destination.bucket(), name, file, size, contentType, options.partSize());
            } else {
                s3.putObject(r -> r.bucket(destination.bucket()).key(name).contentType(contentType),
                        RequestBody.fromFile(file));
            }
        } catch (SdkException e) {
            throw failures.classify(e);
        } catch (UncheckedIOException e) {
            throw new StoreException(FailureReason.OTHER, "could not read " + file + ": " + e.getCause().getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws StoreException {
        String name = destination.objectName(key);
        try {
            s3.deleteObject(r -> r.bucket(destination.bucket()).key(name));
        } catch (SdkException e) {
            throw failures.classify(e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    static long sizeOf(Path file) throws StoreException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StoreException(FailureReason.OTHER, "could not read " + file + ": " + e.getMessage(), e);
        }
    }
}
