package dev.hibiki.storage;

import dev.hibiki.net.OutboundAddressPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link S3ObjectStore} against a real S3-compatible server (S3Proxy) on loopback. */
class S3ObjectStoreTest {
    static final String SETTING = "archive.allow_private_networks";
    static final OutboundAddressPolicy PRIVATE_ALLOWED = OutboundAddressPolicy.of(true, SETTING);
    static final String BUCKET = "hibiki-archive";

    static S3ProxyServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static S3ObjectStore store(String bucketUri, String secret, OutboundAddressPolicy policy, StoreOptions options) {
        return new S3ObjectStore(StoreSpec.s3(Destination.parse(bucketUri), "ap-northeast-1",
                new StoreCredentials.AwsKeys(S3ProxyServer.ACCESS_KEY, secret), server.endpoint()), policy, options);
    }

    static S3ObjectStore store(String bucketUri) {
        return store(bucketUri, S3ProxyServer.SECRET_KEY, PRIVATE_ALLOWED, StoreOptions.defaults());
    }

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void putsOverwritesAndDeletesUnderThePrefix() throws Exception {
        try (S3ObjectStore store = store("s3://" + BUCKET + "/tenant-1/archive")) {
            store.put("ch1/index.m3u8", file("a.m3u8", "#EXTM3U\n#first\n"), "application/vnd.apple.mpegurl");
            assertThat(server.read(BUCKET, "tenant-1/archive/ch1/index.m3u8")).asString(StandardCharsets.UTF_8)
                    .isEqualTo("#EXTM3U\n#first\n");

            store.put("ch1/index.m3u8", file("b.m3u8", "#EXTM3U\n#second\n"), "application/vnd.apple.mpegurl");
            assertThat(server.read(BUCKET, "tenant-1/archive/ch1/index.m3u8")).asString(StandardCharsets.UTF_8)
                    .isEqualTo("#EXTM3U\n#second\n");
            assertThat(server.blobs().blobMetadata(BUCKET, "tenant-1/archive/ch1/index.m3u8")
                    .getContentMetadata().getContentType()).isEqualTo("application/vnd.apple.mpegurl");

            store.delete("ch1/index.m3u8");
            assertThat(server.read(BUCKET, "tenant-1/archive/ch1/index.m3u8")).isNull();
            store.delete("ch1/index.m3u8"); // deleting what is gone is fine
        }
    }

    @Test
    void probeWritesAndRemovesATestObject() throws Exception {
        try (S3ObjectStore store = store("s3://" + BUCKET + "/probe/")) {
            store.probe();
        }
        assertThat(server.blobs().list(BUCKET, org.jclouds.blobstore.options.ListContainerOptions.Builder
                .prefix("probe/").recursive())).isEmpty();
    }

    @Test
    void largeFilesGoUpInParts() throws Exception {
        byte[] data = new byte[12 * 1024 * 1024 + 12345];
        new Random(7).nextBytes(data);
        Path big = dir.resolve("big.ts");
        Files.write(big, data);
        StoreOptions options = StoreOptions.defaults().withMultipart(6 * StoreOptions.MIB, 5 * StoreOptions.MIB);
        try (S3ObjectStore store = store("s3://" + BUCKET + "/mp/", S3ProxyServer.SECRET_KEY, PRIVATE_ALLOWED, options)) {
            store.put("big.ts", big, "video/mp2t");
        }
        assertThat(server.read(BUCKET, "mp/big.ts")).isEqualTo(data);
        // a multipart object's ETag ends in -<number of parts>
        try (S3Client raw = rawClient()) {
            HeadObjectResponse head = raw.headObject(b -> b.bucket(BUCKET).key("mp/big.ts"));
            assertThat(head.eTag()).endsWith("-3\"");
        }
    }

    @Test
    void missingBucketIsReportedAsSuch() {
        try (S3ObjectStore store = store("s3://no-such-bucket/x/")) {
            assertThatThrownBy(store::probe).isInstanceOfSatisfying(StoreProbeException.class, e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.BUCKET_NOT_FOUND);
                assertThat(e.step()).isEqualTo(StoreProbeException.Step.WRITE);
                assertThat(e.getMessage()).contains("no-such-bucket").contains("bucket_uri");
            });
        }
    }

    @Test
    void wrongSecretIsReportedWithoutTheSecret() {
        String wrong = "not-the-secret-but-also-secret-0123456789";
        try (S3ObjectStore store = store("s3://" + BUCKET + "/x/", wrong, PRIVATE_ALLOWED, StoreOptions.defaults())) {
            assertThatThrownBy(store::probe).isInstanceOfSatisfying(StoreProbeException.class, e -> {
                assertThat(e.reason()).isIn(FailureReason.INVALID_CREDENTIALS, FailureReason.ACCESS_DENIED);
                assertThat(e.getMessage()).contains("aws_secret_access_key").doesNotContain(wrong);
            });
        }
    }

    @Test
    void unknownAccessKeyIsInvalidCredentials() {
        StoreSpec spec = StoreSpec.s3(Destination.parse("s3://" + BUCKET + "/"), null,
                new StoreCredentials.AwsKeys("AKIAUNKNOWN", "whatever-secret"), server.endpoint());
        try (S3ObjectStore store = new S3ObjectStore(spec, PRIVATE_ALLOWED, StoreOptions.defaults())) {
            assertThatThrownBy(store::probe).isInstanceOfSatisfying(StoreProbeException.class,
                    e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_CREDENTIALS));
        }
    }

    @Test
    void aLoopbackEndpointIsRefusedUnlessPrivateNetworksAreAllowed() {
        OutboundAddressPolicy strict = OutboundAddressPolicy.of(false, SETTING);
        try (S3ObjectStore store = store("s3://" + BUCKET + "/x/", S3ProxyServer.SECRET_KEY, strict,
                StoreOptions.defaults())) {
            assertThatThrownBy(store::probe).isInstanceOfSatisfying(StoreProbeException.class, e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.NOT_ALLOWED);
                assertThat(e.getMessage()).contains("s3_endpoint").contains("not allowed").contains(SETTING)
                        .doesNotContain(S3ProxyServer.SECRET_KEY);
            });
        }
        assertThat(server.blobs().list(BUCKET, org.jclouds.blobstore.options.ListContainerOptions.Builder
                .prefix("x/").recursive())).isEmpty();
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StoreSpec spec = StoreSpec.s3(Destination.parse("s3://" + BUCKET + "/"), null,
                new StoreCredentials.AwsKeys(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY),
                URI.create("http://127.0.0.1:" + port));
        try (S3ObjectStore store = new S3ObjectStore(spec, PRIVATE_ALLOWED, StoreOptions.defaults())) {
            assertThatThrownBy(store::probe).isInstanceOfSatisfying(StoreProbeException.class, e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.UNREACHABLE);
                assertThat(e.getMessage()).contains("127.0.0.1:" + port).contains("refused");
            });
        }
    }

    private static S3Client rawClient() {
        return S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true)
                .region(Region.AP_NORTHEAST_1)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)))
                .build();
    }
}
