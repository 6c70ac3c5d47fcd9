package dev.hibiki.storage;

import com.google.cloud.storage.StorageException;
import dev.hibiki.net.OutboundAddressPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GcsObjectStore} with the official client against a real Cloud Storage JSON API server (firebase-tools'
 * Storage emulator, {@link GcsEmulator}), signing in through a service-account key whose token service runs
 * here too ({@link FakeTokenService}). The emulator creates any bucket it is asked about and checks no
 * permissions, so a missing bucket and a refusal are checked on the client's own exceptions instead.
 */
@Tag("slow")
class GcsObjectStoreTest {
    static final String SETTING = "archive.allow_private_networks";
    static final String BUCKET = "hibiki-archive";

    @TempDir
    static Path tmp;
    @TempDir
    Path dir;

    static GcsEmulator emulator;
    static FakeTokenService tokens;

    @BeforeAll
    static void start() throws Exception {
        emulator = new GcsEmulator(tmp);
        tokens = new FakeTokenService();
    }

    @AfterAll
    static void stop() throws Exception {
        if (tokens != null) tokens.close();
        if (emulator != null) emulator.close();
    }

    @BeforeEach
    void acceptKeys() {
        tokens.rejectKeys.set(false);
    }

    static GcsObjectStore store(String bucketUri, OutboundAddressPolicy policy, StoreOptions options) throws Exception {
        StoreSpec spec = StoreSpec.gcs(Destination.parse(bucketUri),
                new StoreCredentials.GcpServiceAccountKey(tokens.serviceAccountJson()));
        return new GcsObjectStore(spec, policy, options.withGcsHost(emulator.endpoint()));
    }

    static GcsObjectStore store(String bucketUri) throws Exception {
        return store(bucketUri, OutboundAddressPolicy.of(true, SETTING), StoreOptions.defaults());
    }

    @Test
    void putsOverwritesDeletesAndProbes() throws Exception {
        try (GcsObjectStore store = store("gs://" + BUCKET + "/tenant-1/archive")) {
            store.put("ch1/index.m3u8", Files.writeString(dir.resolve("a"), "#EXTM3U\n#first\n"),
                    "application/vnd.apple.mpegurl");
            assertThat(emulator.read(BUCKET, "tenant-1/archive/ch1/index.m3u8")).asString(StandardCharsets.UTF_8)
                    .isEqualTo("#EXTM3U\n#first\n");
            assertThat(emulator.metadata(BUCKET, "tenant-1/archive/ch1/index.m3u8"))
                    .contains("\"contentType\":\"application/vnd.apple.mpegurl\"");

            store.put("ch1/index.m3u8", Files.writeString(dir.resolve("b"), "#EXTM3U\n#second\n"),
                    "application/vnd.apple.mpegurl");
            assertThat(emulator.read(BUCKET, "tenant-1/archive/ch1/index.m3u8")).asString(StandardCharsets.UTF_8)
                    .isEqualTo("#EXTM3U\n#second\n");

            store.delete("ch1/index.m3u8");
            assertThat(emulator.read(BUCKET, "tenant-1/archive/ch1/index.m3u8")).isNull();
            store.delete("ch1/index.m3u8");

            store.probe();
        }
        assertThat(tokens.requests.get()).as("signed in through the key's token_uri").isPositive();
    }

    @Test
    void filesAboveTheThresholdGoUpAsAResumableUpload() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 777];
        new Random(3).nextBytes(data);
        Path big = Files.write(dir.resolve("big.ts"), data);
        // one chunk: the emulator finishes a resumable upload with its first chunk
        StoreOptions options = StoreOptions.defaults().withMultipart(StoreOptions.MIB, 16 * StoreOptions.MIB);
        try (GcsObjectStore store = store("gs://" + BUCKET + "/big/", OutboundAddressPolicy.of(true, SETTING), options)) {
            store.put("seg.ts", big, "video/mp2t");
        }
        assertThat(emulator.read(BUCKET, "big/seg.ts")).isEqualTo(data);
    }

    @Test
    void aRejectedKeyIsInvalidCredentials() throws Exception {
        tokens.rejectKeys.set(true);
        String json = tokens.serviceAccountJson();
        StoreSpec spec = StoreSpec.gcs(Destination.parse("gs://" + BUCKET + "/x/"),
                new StoreCredentials.GcpServiceAccountKey(json));
        try (GcsObjectStore store = new GcsObjectStore(spec, OutboundAddressPolicy.of(true, SETTING),
                StoreOptions.defaults().withGcsHost(emulator.endpoint()))) {
            assertThatThrownBy(store::probe).isInstanceOfSatisfying(StoreProbeException.class, e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.INVALID_CREDENTIALS);
                assertThat(e.getMessage()).contains(FakeTokenService.CLIENT_EMAIL).contains("gcp_credential_json")
                        .doesNotContain("PRIVATE KEY").doesNotContain(privateKeyBody(json));
            });
        }
    }

    @Test
    void aTokenServiceOnAPrivateNetworkIsRefused() throws Exception {
        int before = tokens.requests.get();
        try (GcsObjectStore store = store("gs://" + BUCKET + "/x/", OutboundAddressPolicy.of(false, SETTING),
                StoreOptions.defaults())) {
            assertThatThrownBy(store::probe).isInstanceOfSatisfying(StoreProbeException.class, e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.NOT_ALLOWED);
                assertThat(e.getMessage()).contains("token_uri").contains(SETTING);
            });
        }
        assertThat(tokens.requests.get()).isEqualTo(before);
    }

    @Test
    void somethingElseThanAServiceAccountKeyIsRefusedWithoutQuotingIt() throws Exception {
        String secretish = "{\"type\":\"external_account\",\"credential_source\":{\"url\":\"http://169.254.169.254/\"},"
                + "\"private_key\":\"TOPSECRET\"}";
        for (String json : new String[]{secretish, "{not json TOPSECRET", tokens.serviceAccountJson()
                .replace("\"type\": \"service_account\"", "\"type\": \"authorized_user\"")}) {
            StoreSpec spec = StoreSpec.gcs(Destination.parse("gs://" + BUCKET + "/"),
                    new StoreCredentials.GcpServiceAccountKey(json));
            assertThatThrownBy(() -> new GcsObjectStore(spec, OutboundAddressPolicy.of(true, SETTING),
                    StoreOptions.defaults())).isInstanceOfSatisfying(StoreException.class, e -> {
                assertThat(e.reason()).isEqualTo(FailureReason.INVALID_CREDENTIALS);
                assertThat(e.getMessage()).contains("service-account key").doesNotContain("TOPSECRET");
                assertThat(e.getCause()).isNull();
            });
        }
    }

    @Test
    void refusalsOfCloudStorageAreToldApart() {
        GcsFailures failures = new GcsFailures(Destination.parse("gs://media-archive/live/"), FakeTokenService.CLIENT_EMAIL);
        assertThat(failures.classify(new StorageException(404, "The specified bucket does not exist.")).reason())
                .isEqualTo(FailureReason.BUCKET_NOT_FOUND);
        StoreException denied = failures.classify(new StorageException(403,
                FakeTokenService.CLIENT_EMAIL + " does not have storage.objects.create access"));
        assertThat(denied.reason()).isEqualTo(FailureReason.ACCESS_DENIED);
        assertThat(denied.getMessage()).contains("storage.objects.create").contains("gs://media-archive/live/");
        assertThat(failures.classify(new StorageException(401, "Invalid Credentials")).reason())
                .isEqualTo(FailureReason.INVALID_CREDENTIALS);
        assertThat(failures.classify(new StorageException(503, "Backend Error")).reason())
                .isEqualTo(FailureReason.OTHER);
    }

    private static String privateKeyBody(String json) {
        int at = json.indexOf("-----BEGIN PRIVATE KEY-----\\n") + 29;
        return json.substring(at, at + 40);
    }
}
