package dev.hibiki.archive;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.Channel;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.webhook.SoraTimestamps;
import dev.hibiki.platform.webhook.EventWebhookSender;
import dev.hibiki.storage.Destination;
import dev.hibiki.storage.StoreSpec;
import dev.hibiki.storage.spool.SpoolItem;
import dev.hibiki.storage.spool.SpoolListener;
import dev.hibiki.storage.spool.UploadFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;

/**
 * The channel's event webhooks of the archive: {@code imageflux.archive_created} after each confirmed upload and
 * {@code imageflux.archive_failed} when a file is given up. Both carry the older keys ({@code dest_uri},
 * {@code file_path}) and the newer ones ({@code current_dest_uri}, {@code current_file_path}, {@code absolute_url}),
 * since receivers in the field read either.
 */
public final class ArchiveEvents implements SpoolListener, ArchiveFailures {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveEvents.class);

    private final ChannelService channels;
    private final ArchiveStores stores;
    private final EventWebhookSender events;
    private final Counter notQueued;

    public ArchiveEvents(ChannelService channels, ArchiveStores stores, EventWebhookSender events,
                         MeterRegistry metrics) {
        this.channels = channels;
        this.stores = stores;
        this.events = events;
        this.notQueued = Counter.builder("hibiki.archive.not.queued")
                .description("archive files that could not be queued for upload (spool disk full or failing)")
                .register(metrics);
    }

    @Override
    public void uploaded(SpoolItem item) {
        send(item.destinationId(), item.key(), "imageflux.archive_created", item.size(), null);
    }

    @Override
    public void failed(SpoolItem item, UploadFailure failure) {
        LOG.error("archive upload of {} to destination {} given up ({}): {}", item.key(), item.destinationId(),
                failure.kind(), failure.message());
        send(item.destinationId(), item.key(), "imageflux.archive_failed", -1, failure.kind().name());
    }

    @Override
    public void notQueued(String destinationId, String key, Throwable cause) {
        notQueued.increment();
        LOG.error("archive: {} could not be queued for destination {}: {}", key, destinationId, cause.toString());
        send(destinationId, key, "imageflux.archive_failed", -1, "NOT_QUEUED");
    }

    private void send(String destinationId, String key, String type, long size, String reason) {
        String channelId = key.substring(0, Math.max(0, key.indexOf('/')));
        Channel channel = channels.findLive(channelId).orElse(null);
        String url = channel == null ? null : channel.spec().eventWebhookUrl();
        if (url == null || url.isEmpty()) return;
        StoreSpec spec = stores.spec(destinationId).orElse(null);
        String destUri = spec == null ? "" : spec.destination().uri();
        String filePath = spec == null ? key : spec.destination().objectName(key);
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("channel_id", channelId);
        e.put("type", type);
        e.put("timestamp", SoraTimestamps.now());
        ObjectNode data = e.putObject("data");
        data.put("dest_uri", destUri);
        data.put("file_path", filePath);
        data.put("current_dest_uri", destUri);
        data.put("current_file_path", filePath);
        if (size >= 0) data.put("size", size);
        data.put("file_type", ArchiveContentTypes.fileType(key));
        if (spec != null) data.put("absolute_url", absoluteUrl(spec, filePath));
        if (reason != null) data.put("reason", reason);
        try {
            events.send(URI.create(url), e);
        } catch (RuntimeException ex) {
            LOG.warn("could not queue the {} event of channel {}: {}", type, channelId, ex.toString());
        }
    }

    /** Where the object can be fetched over HTTPS (with the bucket owner's credentials). */
    static String absoluteUrl(StoreSpec spec, String objectName) {
        Destination d = spec.destination();
        return switch (d.kind()) {
            case S3 -> spec.s3Endpoint() != null
                    ? trimSlash(spec.s3Endpoint().toString()) + "/" + d.bucket() + "/" + objectName
                    : "https://" + d.bucket() + ".s3." + spec.regionOrDefault() + ".amazonaws.com/" + objectName;
            case GCS -> "https://storage.googleapis.com/" + d.bucket() + "/" + objectName;
            case LOCAL -> d.directory().resolve(objectName).toUri().toString();
        };
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
