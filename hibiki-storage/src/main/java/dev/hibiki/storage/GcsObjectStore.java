package dev.hibiki.storage;

import com.google.api.client.http.apache.v2.ApacheHttpTransport;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.BaseServiceException;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.hibiki.net.OutboundAddressPolicy;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A bucket and prefix in Google Cloud Storage, signed in as the service account of a key the user gave. Small
 * files go up in one request, larger ones (above the multipart threshold) as a resumable upload.
 *
 * <p>The key names its own token service ({@code token_uri}), so a user chooses a host Hibiki connects to: every
 * connection therefore goes to addresses the outbound policy checked ({@link CheckedDnsResolver}), except those
 * to Google's own hosts and to the operator's {@link StoreOptions#gcsHost()}. Only keys of type
 * {@code service_account} are accepted; other credential types (external accounts) run commands or fetch URLs
 * the JSON names.
 */
public final class GcsObjectStore implements ObjectStore {
    private static final Set<String> GOOGLE_HOSTS =
            Set.of("storage.googleapis.com", "oauth2.googleapis.com", "accounts.google.com", "www.googleapis.com");
    /** Resumable uploads send chunks of a multiple of 256 KiB. */
    private static final int CHUNK_GRANULE = 256 * 1024;

    private final Destination destination;
    private final StoreOptions options;
    private final CloseableHttpClient http;
    private final Storage storage;
    private final GcsFailures failures;

    /** @throws StoreException the key is not a service-account key ({@link FailureReason#INVALID_CREDENTIALS}) */
    public GcsObjectStore(StoreSpec spec, OutboundAddressPolicy policy, StoreOptions options) throws StoreException {
        if (spec.destination().kind() != Destination.Kind.GCS) throw new IllegalArgumentException("not a gs:// destination");
        this.destination = spec.destination();
        this.options = options;
        Set<String> trusted = new HashSet<>(GOOGLE_HOSTS);
        URI host = options.gcsHost();
        if (host != null) trusted.add(host.getHost());
        this.http = HttpClientBuilder.create()
                .setDnsResolver(new CheckedDnsResolver(policy, trusted))
                .setSSLSocketFactory(SSLConnectionSocketFactory.getSocketFactory())
                .setMaxConnTotal(64).setMaxConnPerRoute(16)
                // the Google client follows no redirect and retries by itself; no proxy from system properties
                .disableRedirectHandling().disableAutomaticRetries()
                .build();
        ApacheHttpTransport transport = new ApacheHttpTransport(http);
        HttpTransportFactory transports = () -> transport;

        ServiceAccountCredentials credentials = parseKey(
                ((StoreCredentials.GcpServiceAccountKey) spec.credentials()).json(), transports);
        this.failures = new GcsFailures(destination, credentials.getClientEmail());
        StorageOptions.Builder b = StorageOptions.http()
                .setCredentials(credentials)
                // set, so the client never asks the environment or a metadata server for one
                .setProjectId(credentials.getProjectId() != null ? credentials.getProjectId() : "hibiki")
                .setTransportOptions(HttpTransportOptions.newBuilder()
                        .setHttpTransportFactory(transports)
                        .setConnectTimeout(millis(options.connectTimeout()))
                        .setReadTimeout(millis(options.readTimeout()))
                        .build())
                .setRetrySettings(RetrySettings.newBuilder()
                        .setMaxAttempts(3)
                        .setInitialRetryDelayDuration(java.time.Duration.ofMillis(200))
                        .setRetryDelayMultiplier(2).setMaxRetryDelayDuration(java.time.Duration.ofSeconds(2))
                        .setTotalTimeoutDuration(options.requestTimeout())
                        .build());
        if (host != null) b.setHost(host.toString());
        this.storage = b.build().getService();
    }

    private static ServiceAccountCredentials parseKey(String json, HttpTransportFactory transports)
            throws StoreException {
        try {
            return ServiceAccountCredentials.fromStream(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), transports);
        } catch (IOException | RuntimeException e) {
            // Not e's message: a JSON parser may quote the input, and the input holds a private key.
            throw new StoreException(FailureReason.INVALID_CREDENTIALS, "gcp_credential_json is not a service-account"
                    + " key: it should be the JSON file Google gives out for a key of a service account, with"
                    + " \"type\": \"service_account\", client_email, private_key and private_key_id");
        }
    }

    @Override
    public Destination destination() {
        return destination;
    }

    @Override
    public void put(String key, Path file, String contentType) throws StoreException {
        BlobInfo info = BlobInfo.newBuilder(BlobId.of(destination.bucket(), destination.objectName(key)))
                .setContentType(contentType).build();
        long size = S3ObjectStore.sizeOf(file);
        try {
            if (size <= options.multipartThreshold()) {
                storage.create(info, Files.readAllBytes(file));
            } else {
                int chunk = (int) Math.max(CHUNK_GRANULE,
                        Math.min(options.partSize(), 64L * 1024 * 1024) / CHUNK_GRANULE * CHUNK_GRANULE);
                storage.createFrom(info, file, chunk);
            }
        } catch (BaseServiceException e) {
            throw failures.classify(e);
        } catch (IOException e) {
            throw failures.classify(e);
        }
    }

    @Override
    public void delete(String key) throws StoreException {
        try {
            storage.delete(BlobId.of(destination.bucket(), destination.objectName(key)));
        } catch (BaseServiceException e) {
            throw failures.classify(e);
        }
    }

    @Override
    public void close() {
        try {
            storage.close();
        } catch (Exception ignored) {
            // closing releases nothing the HTTP client's close does not
        }
        try {
            http.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
