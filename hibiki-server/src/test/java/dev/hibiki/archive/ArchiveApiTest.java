package dev.hibiki.archive;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.platform.persistence.Database;
import dev.hibiki.platform.webhook.WebhookSettings;
import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ApiClient.Response;
import dev.hibiki.server.testing.Schema;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.storage.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive destination API over real HTTP, against a real S3 server (S3Proxy in this JVM): a destination is
 * created only when a test write to its bucket works, each token sees and uses only its own, one in use by a
 * channel cannot be deleted, and the secret key never comes back out: not in an answer, not in a log line (read
 * down to DEBUG), not in the clear in the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveApiTest {

    private static final String BUCKET = "archive-api-test";
    private static final String BUCKET_URI = "s3://" + BUCKET + "/prefix/";
    private static final String WRONG_SECRET = "wr0ng-Secret-Key-fedcba9876543210";
    private static final List<String> SECRETS = List.of(S3ProxyServer.SECRET_KEY, WRONG_SECRET);
    /** Where a secret could end up in a log: Hibiki itself and the S3 client with its HTTP client. */
    private static final List<String> LOGGERS_READ_AT_DEBUG = List.of("dev.hibiki", "software.amazon.awssdk",
            "org.apache.http");

    private Path dataDir;
    private S3ProxyServer s3;
    private ServerFixture fixture;
    private ApiClient api;
    private String token;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Map<Logger, Level> levelsBefore = new LinkedHashMap<>();
    private final List<String> answers = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dataDir = dir;
        captureLogs();
        s3 = new S3ProxyServer();
        s3.createBucket(BUCKET);
        // S3Proxy listens on loopback, which destinations may use only when the operator allows private networks
        fixture = new ServerFixture(dataDir, TestDatabases.h2(dataDir),
                WebhookSettings.DEFAULT.withPrivateNetworks(true), ArchiveSettings.DEFAULT.withPrivateNetworks(true));
        api = new ApiClient(fixture.baseUri());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (fixture != null) fixture.close();
            if (s3 != null) s3.close();
        } finally {
            releaseLogs();
        }
    }

    @BeforeEach
    void newTenant() {
        token = fixture.newToken("archive-api-test");
    }

    @AfterEach
    void noSecretLeaked() {
        for (String secret : SECRETS) {
            assertThat(answers).as("API answers").noneMatch(a -> a.contains(secret));
            assertThat(logLines()).as("log lines").noneMatch(l -> l.contains(secret));
        }
    }

    @Test
    void createdDestinationIsListedUnderBothNamesWithoutItsCredentials() {
        String id = create(s3Body(BUCKET_URI, S3ProxyServer.SECRET_KEY));

        assertThat(id).isNotBlank();
        for (String target : List.of(ArchiveDestinationApi.LIST, ArchiveDestinationApi.LIST_PLURAL)) {
            Response listed = call(target, token, "{}");
            assertThat(listed.status()).as(listed.body()).isEqualTo(200);
            assertThat(listed.json().toString()).as(target).isEqualTo(
                    "{\"archive_destinations\":[{\"archive_destination_id\":\"" + id + "\",\"bucket_uri\":\""
                            + BUCKET_URI + "\"}]}");
        }
        assertThat(s3.blobs().list(BUCKET)).as("the test object written on creation is deleted again").isEmpty();
        assertThat(logLines()).as("the S3 client's requests are in the log that is searched for secrets")
                .anyMatch(l -> l.contains("/" + BUCKET + "/prefix/"));
    }

    @Test
    void theDocumentsRequestWithEveryFieldCreatesAnS3Destination() {
        // The document's example lists the AWS and the GCP fields together; an S3 request that fills in the AWS ones
        // and leaves the GCP placeholder is accepted (the other scheme's credentials are not used).
        String id = create("""
                {
                    "bucket_uri": "%s",
                    "aws_region": "ap-northeast-1",
                    "aws_access_key_id": "%s",
                    "aws_secret_access_key": "%s",
                    "gcp_credential_json": "<gcp_credential_json>",
                    "s3_endpoint": "%s"
                }""".formatted(BUCKET_URI, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, s3.endpoint()));
        assertThat(list(token)).containsExactly(id);
    }

    @Test
    void storedCredentialsAreSealed() {
        String id = create(s3Body(BUCKET_URI, S3ProxyServer.SECRET_KEY));

        try (Database db = Database.open(TestDatabases.h2(dataDir), dataDir, Schema.ALL)) {
            String sealed = db.jdbi().withHandle(h -> h.createQuery(
                            "SELECT sealed_credentials FROM archive_destinations WHERE id = :id")
                    .bind("id", id).mapTo(String.class).one());
            assertThat(sealed).isNotBlank().doesNotContain(S3ProxyServer.SECRET_KEY);
        }
    }

    @Test
    void wrongSecretIsRefusedWithTheReason() {
        Response r = call(ArchiveDestinationApi.CREATE, token, s3Body(BUCKET_URI, WRONG_SECRET));

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("ARCHIVE_DESTINATION_UNUSABLE");
        assertThat(r.errorMessage()).contains("INVALID_CREDENTIALS", "aws_secret_access_key");
        assertThat(list(token)).isEmpty();
    }

    @Test
    void missingBucketIsRefusedWithTheReason() {
        Response r = call(ArchiveDestinationApi.CREATE, token, s3Body("s3://no-such-bucket/prefix/",
                S3ProxyServer.SECRET_KEY));

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("ARCHIVE_DESTINATION_UNUSABLE");
        assertThat(r.errorMessage()).contains("BUCKET_NOT_FOUND", "no-such-bucket");
        assertThat(list(token)).isEmpty();
    }

    @Test
    void s3KeysAreRequired() {
        String noKeyId = "{\"bucket_uri\":\"" + BUCKET_URI + "\",\"aws_secret_access_key\":\""
                + S3ProxyServer.SECRET_KEY + "\",\"s3_endpoint\":\"" + s3.endpoint() + "\"}";
        String noSecret = "{\"bucket_uri\":\"" + BUCKET_URI + "\",\"aws_access_key_id\":\""
                + S3ProxyServer.ACCESS_KEY + "\",\"s3_endpoint\":\"" + s3.endpoint() + "\"}";

        Response r = call(ArchiveDestinationApi.CREATE, token, noKeyId);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("MISSING_PARAMETER");
        assertThat(r.errorMessage()).contains("aws_access_key_id");
        r = call(ArchiveDestinationApi.CREATE, token, noSecret);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("MISSING_PARAMETER");
        assertThat(r.errorMessage()).contains("aws_secret_access_key");
    }

    @Test
    void gcsNeedsItsServiceAccountKey() {
        Response r = call(ArchiveDestinationApi.CREATE, token, "{\"bucket_uri\":\"gs://some-bucket/prefix\"}");

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("MISSING_PARAMETER");
        assertThat(r.errorMessage()).contains("gcp_credential_json");
    }

    @Test
    void loopbackEndpointIsRefusedUnlessTheOperatorAllowsPrivateNetworks(@TempDir Path otherDataDir) {
        try (ServerFixture strict = new ServerFixture(otherDataDir, TestDatabases.h2(otherDataDir),
                WebhookSettings.DEFAULT, ArchiveSettings.DEFAULT)) {
            ApiClient strictApi = new ApiClient(strict.baseUri());
            Response r = strictApi.call(ArchiveDestinationApi.CREATE, strict.newToken("strict"),
                    s3Body(BUCKET_URI, S3ProxyServer.SECRET_KEY));
            answers.add(r.body());

            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("ARCHIVE_DESTINATION_UNUSABLE");
            assertThat(r.errorMessage()).contains("NOT_ALLOWED", "archive.allow_private_networks");
        }
    }

    @Test
    void anotherTokenCanNeitherSeeNorUseNorDeleteTheDestination() {
        String id = create(s3Body(BUCKET_URI, S3ProxyServer.SECRET_KEY));
        String other = fixture.server().tokens().create("another-tenant").secret();

        assertThat(list(other)).isEmpty();
        Response channel = call("ImageFlux_20180905.CreateChannel", other, channelBody(id));
        assertThat(channel.status()).as(channel.body()).isEqualTo(404);
        assertThat(channel.errorCode()).isEqualTo("ARCHIVE_DESTINATION_NOT_FOUND");
        Response deleted = call(ArchiveDestinationApi.DELETE, other, "{\"archive_destination_id\":\"" + id + "\"}");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(404);
        assertThat(deleted.errorCode()).isEqualTo("ARCHIVE_DESTINATION_NOT_FOUND");
        assertThat(list(token)).containsExactly(id);
    }

    @Test
    void destinationInUseIsDeletedOnlyAfterItsChannel() {
        String id = create(s3Body(BUCKET_URI, S3ProxyServer.SECRET_KEY));
        Response channel = call("ImageFlux_20180905.CreateChannel", token, channelBody(id));
        assertThat(channel.status()).as(channel.body()).isEqualTo(200);
        String channelId = channel.json().get("channel_id").asText();
        String deleteBody = "{\"archive_destination_id\":\"" + id + "\"}";

        Response refused = call(ArchiveDestinationApi.DELETE, token, deleteBody);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("ARCHIVE_DESTINATION_IN_USE");
        assertThat(refused.errorMessage()).contains(channelId);

        Response channelDeleted = call("ImageFlux_20180501.DeleteChannel", token,
                "{\"channel_id\":\"" + channelId + "\"}");
        assertThat(channelDeleted.status()).as(channelDeleted.body()).isEqualTo(200);
        Response deleted = call(ArchiveDestinationApi.DELETE, token, deleteBody);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(list(token)).isEmpty();
    }

    private String s3Body(String bucketUri, String secret) {
        return "{\"bucket_uri\":\"" + bucketUri + "\",\"aws_access_key_id\":\"" + S3ProxyServer.ACCESS_KEY
                + "\",\"aws_secret_access_key\":\"" + secret + "\",\"s3_endpoint\":\"" + s3.endpoint() + "\"}";
    }

    /** Two renditions, the first archived to {@code destinationId}. */
    private static String channelBody(String destinationId) {
        return """
                {"hls":[
                  {"durationSeconds":1,"video":{"width":640,"height":360,"fps":30,"bps":500000},"audio":{"bps":96000},
                   "archive":{"archive_destination_id":"%s"}},
                  {"durationSeconds":1,"video":{"width":320,"height":180,"fps":30,"bps":200000},
                   "audio":{"bps":64000}}]}"""
                .formatted(destinationId);
    }

    private String create(String body) {
        Response r = call(ArchiveDestinationApi.CREATE, token, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("archive_destination_id").asText();
    }

    /** The ids the token lists. */
    private List<String> list(String asToken) {
        Response r = call(ArchiveDestinationApi.LIST_PLURAL, asToken, "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode d : r.json().get("archive_destinations")) ids.add(d.get("archive_destination_id").asText());
        return ids;
    }

    private Response call(String target, String asToken, String body) {
        Response r = api.call(target, asToken, body);
        answers.add(r.body());
        r.headers().forEach((name, values) -> answers.add(name + ": " + values));
        return r;
    }

    /**
     * Collects every log event: the root logger's (WARN and up, as configured), and down to DEBUG those of the code
     * that handles the credentials, kept off the console so the test output stays readable.
     */
    private void captureLogs() {
        log.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(log);
        for (String name : LOGGERS_READ_AT_DEBUG) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            levelsBefore.put(logger, logger.getLevel());
            logger.setLevel(Level.DEBUG);
            logger.setAdditive(false);
            logger.addAppender(log);
        }
    }

    private void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        levelsBefore.forEach((logger, level) -> {
            logger.detachAppender(log);
            logger.setAdditive(true);
            logger.setLevel(level);
        });
        log.stop();
    }

    private List<String> logLines() {
        List<String> lines = new ArrayList<>();
        List<ILoggingEvent> events;
        synchronized (log) { // the lock under which the appender adds
            events = List.copyOf(log.list);
        }
        for (ILoggingEvent e : events) {
            lines.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) lines.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
        }
        return lines;
    }
}
