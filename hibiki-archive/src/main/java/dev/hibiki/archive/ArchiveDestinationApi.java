package dev.hibiki.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.platform.http.ApiCall;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.ErrorCode;
import dev.hibiki.platform.http.JsonFields;
import dev.hibiki.platform.http.SoraTargetDispatcher;
import dev.hibiki.storage.Destination;
import dev.hibiki.storage.StoreCredentials;
import dev.hibiki.storage.StoreException;
import dev.hibiki.storage.StoreSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ImageFlux archive destination operations. A destination is created only after a test write to its bucket
 * worked, so that a mistake in the bucket, region or credentials shows at once, not as failing uploads later.
 */
public final class ArchiveDestinationApi {

    public static final String CREATE = "ImageFlux_20190205.CreateArchiveDestination";
    public static final String DELETE = "ImageFlux_20190205.DeleteArchiveDestination";
    public static final String LIST = "ImageFlux_20190205.ListArchiveDestination";
    /** The name newer clients call. */
    public static final String LIST_PLURAL = "ImageFlux_20190205.ListArchiveDestinations";

    private static final int MAX_SECRET_LENGTH = 16 * 1024;

    private final ArchiveDestinationStore destinations;
    private final ArchiveStores stores;
    private final ChannelService channels;

    public ArchiveDestinationApi(ArchiveDestinationStore destinations, ArchiveStores stores, ChannelService channels) {
        this.destinations = destinations;
        this.stores = stores;
        this.channels = channels;
    }

    public void registerWith(SoraTargetDispatcher dispatcher) {
        dispatcher.register(CREATE, this::create)
                .register(DELETE, this::delete)
                .register(LIST, this::list)
                .register(LIST_PLURAL, this::list);
    }

    private Object create(ApiCall call) {
        StoreSpec spec = spec(call.body());
        String bucketUri = JsonFields.string(call.body(), "", "bucket_uri", true, 2048);
        try {
            stores.probe(spec);
        } catch (StoreException e) {
            throw new ApiException(ErrorCode.ARCHIVE_DESTINATION_UNUSABLE, "the destination " + bucketUri
                    + " cannot be used (" + e.reason() + "): " + e.getMessage());
        }
        ArchiveDestination created = destinations.create(call.tokenId(), bucketUri, spec);
        return Map.of("archive_destination_id", created.id());
    }

    private Object delete(ApiCall call) {
        String id = JsonFields.requiredText(call.body(), "", "archive_destination_id", 128);
        if (destinations.find(call.tokenId(), id).isEmpty()) throw notFound(id);
        List<String> users = channels.channelsArchivingTo(id);
        if (!users.isEmpty()) {
            throw new ApiException(ErrorCode.ARCHIVE_DESTINATION_IN_USE, "archive destination " + id
                    + " is used by channel " + String.join(", ", users.subList(0, Math.min(3, users.size())))
                    + (users.size() > 3 ? " and " + (users.size() - 3) + " more" : "")
                    + "; delete those channels (ImageFlux_20180501.DeleteChannel) first");
        }
        if (!destinations.delete(call.tokenId(), id)) throw notFound(id);
        stores.forget(id);
        return Map.of();
    }

    private Object list(ApiCall call) {
        List<Map<String, String>> out = destinations.list(call.tokenId()).stream().map(d -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("archive_destination_id", d[0]);
            m.put("bucket_uri", d[1]);
            return m;
        }).toList();
        return Map.of("archive_destinations", out);
    }

    static ApiException notFound(String id) {
        return new ApiException(ErrorCode.ARCHIVE_DESTINATION_NOT_FOUND, "no archive destination " + id
                + " for this token (see ImageFlux_20190205.ListArchiveDestinations)");
    }

    /**
     * The request as a store spec, every user mistake a 400 that names the field. The credentials of the other
     * scheme are ignored: the document's example request lists every field, and a client may send them all.
     */
    static StoreSpec spec(ObjectNode body) {
        String bucketUri = JsonFields.requiredText(body, "", "bucket_uri", 2048);
        Destination destination;
        try {
            destination = Destination.parse(bucketUri);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("bucket_uri: " + e.getMessage());
        }
        String region = emptyAsNull(JsonFields.string(body, "", "aws_region", false, 64));
        String keyId = emptyAsNull(JsonFields.string(body, "", "aws_access_key_id", false, 256));
        String secret = emptyAsNull(JsonFields.string(body, "", "aws_secret_access_key", false, MAX_SECRET_LENGTH));
        String gcpJson = emptyAsNull(JsonFields.string(body, "", "gcp_credential_json", false, MAX_SECRET_LENGTH));
        String endpoint = emptyAsNull(JsonFields.string(body, "", "s3_endpoint", false, 2048));
        try {
            return switch (destination.kind()) {
                case S3 -> {
                    if (keyId == null) throw ApiException.missing("aws_access_key_id");
                    if (secret == null) throw ApiException.missing("aws_secret_access_key");
                    yield StoreSpec.s3(destination, region, new StoreCredentials.AwsKeys(keyId, secret),
                            endpoint == null ? null : endpointUri(endpoint));
                }
                case GCS -> {
                    if (gcpJson == null) throw ApiException.missing("gcp_credential_json");
                    if (endpoint != null) throw ApiException.invalid("s3_endpoint is for s3:// buckets only");
                    yield StoreSpec.gcs(destination, new StoreCredentials.GcpServiceAccountKey(gcpJson));
                }
                case LOCAL -> throw ApiException.invalid("bucket_uri must be s3://bucket/prefix/ or gs://bucket/prefix");
            };
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(e.getMessage());
        }
    }

    private static URI endpointUri(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw ApiException.invalid("s3_endpoint is not a URL (example: https://s3.example.com:9000)");
        }
    }

    private static String emptyAsNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
