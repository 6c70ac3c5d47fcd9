package dev.hibiki.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.platform.json.JsonMappers;
import dev.hibiki.platform.persistence.RandomIds;
import dev.hibiki.platform.persistence.SecretBox;
import dev.hibiki.storage.Destination;
import dev.hibiki.storage.StoreCredentials;
import dev.hibiki.storage.StoreSpec;
import org.jdbi.v3.core.Jdbi;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The archive destinations in the database, scoped to their token. Credentials are sealed with the server key
 * before they are written and opened only to build a store.
 */
public final class ArchiveDestinationStore {

    private static final ObjectMapper JSON = JsonMappers.sharedBufferMapper();
    private static final String SEAL_CONTEXT = "archive_destinations.credentials";

    private final Jdbi jdbi;
    private final SecretBox box;

    public ArchiveDestinationStore(Jdbi jdbi, SecretBox box) {
        this.jdbi = jdbi;
        this.box = box;
    }

    public ArchiveDestination create(String ownerTokenId, String bucketUri, StoreSpec spec) {
        String id = RandomIds.base32(26);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        String sealed = spec.credentials() == null ? null
                : box.seal(credentialsJson(spec.credentials()), SEAL_CONTEXT + ":" + id);
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO archive_destinations (id, owner_token_id, bucket_uri, aws_region, s3_endpoint,
                            sealed_credentials, created_at)
                        VALUES (:id, :owner, :uri, :region, :endpoint, :sealed, :now)""")
                .bind("id", id).bind("owner", ownerTokenId).bind("uri", bucketUri).bind("region", spec.awsRegion())
                .bind("endpoint", spec.s3Endpoint() == null ? null : spec.s3Endpoint().toString())
                .bind("sealed", sealed).bind("now", now)
                .execute());
        return new ArchiveDestination(id, ownerTokenId, bucketUri, spec);
    }

    /** The owner's destination with this id, unless deleted. */
    public Optional<ArchiveDestination> find(String ownerTokenId, String id) {
        return byId(id).filter(d -> d.ownerTokenId().equals(ownerTokenId));
    }

    /** A destination that is not deleted, whoever owns it (for the uploads of its channels). */
    public Optional<ArchiveDestination> byId(String id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, owner_token_id, bucket_uri, aws_region, s3_endpoint, sealed_credentials
                        FROM archive_destinations WHERE id = :id AND deleted_at IS NULL""")
                .bind("id", id)
                .map((rs, ctx) -> read(rs.getString("id"), rs.getString("owner_token_id"), rs.getString("bucket_uri"),
                        rs.getString("aws_region"), rs.getString("s3_endpoint"), rs.getString("sealed_credentials")))
                .findOne());
    }

    /** The owner's destinations (id and bucket URI only), oldest first. */
    public List<String[]> list(String ownerTokenId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, bucket_uri FROM archive_destinations
                        WHERE owner_token_id = :owner AND deleted_at IS NULL ORDER BY created_at, id""")
                .bind("owner", ownerTokenId)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                .list());
    }

    /** @return false when the owner has no such destination */
    public boolean delete(String ownerTokenId, String id) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE archive_destinations SET deleted_at = :now
                        WHERE id = :id AND owner_token_id = :owner AND deleted_at IS NULL""")
                .bind("now", now).bind("id", id).bind("owner", ownerTokenId)
                .execute()) == 1;
    }

    private ArchiveDestination read(String id, String owner, String bucketUri, String region, String endpoint,
                                    String sealed) {
        Destination destination = Destination.parse(bucketUri);
        StoreCredentials credentials = sealed == null ? null
                : credentials(box.open(sealed, SEAL_CONTEXT + ":" + id));
        StoreSpec spec = new StoreSpec(destination, region, credentials, endpoint == null ? null : URI.create(endpoint));
        return new ArchiveDestination(id, owner, bucketUri, spec);
    }

    private static byte[] credentialsJson(StoreCredentials credentials) {
        ObjectNode o = JSON.createObjectNode();
        switch (credentials) {
            case StoreCredentials.AwsKeys k -> {
                o.put("aws_access_key_id", k.accessKeyId());
                o.put("aws_secret_access_key", k.secretAccessKey());
            }
            case StoreCredentials.GcpServiceAccountKey k -> o.put("gcp_credential_json", k.json());
        }
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("credentials could not be written as JSON", e);
        }
    }

    private static StoreCredentials credentials(byte[] json) {
        try {
            JsonNode o = JSON.readTree(new String(json, StandardCharsets.UTF_8));
            if (o.hasNonNull("gcp_credential_json")) {
                return new StoreCredentials.GcpServiceAccountKey(o.get("gcp_credential_json").asText());
            }
            return new StoreCredentials.AwsKeys(o.path("aws_access_key_id").asText(),
                    o.path("aws_secret_access_key").asText());
        } catch (IOException e) {
            throw new IllegalStateException("sealed archive credentials are not JSON", e);
        }
    }
}
