package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.webhook.SoraTimestamps;

import java.time.Instant;
import java.util.List;

/** The {@code notify} messages of Sora signaling (Sora's signaling notify documentation). */
final class NotifyMessages {

    private NotifyMessages() {
    }

    static String timestamp() {
        return format(Instant.now());
    }

    /** RFC 3339 in UTC with microseconds, as Sora writes every timestamp. */
    static String format(Instant instant) {
        return SoraTimestamps.format(instant);
    }

    /**
     * {@code connection.created} about {@code subject}; to the subject itself {@code existing} lists the
     * connections already in the channel, to the others it is null.
     */
    static ObjectNode created(SignalingSession subject, LiveChannels.Counts counts, List<SignalingSession> existing) {
        ObjectNode n = base("connection.created", subject, counts);
        if (existing != null) {
            ArrayNode data = n.putArray("data");
            for (SignalingSession s : existing) {
                ObjectNode peer = data.addObject();
                peer.put("client_id", s.clientId());
                peer.put("bundle_id", s.bundleId());
                peer.put("connection_id", s.connectionId());
                peer.set("metadata", metadataOrNull(s.signalingNotifyMetadata()));
            }
        }
        return n;
    }

    static ObjectNode updated(SignalingSession subject, LiveChannels.Counts counts) {
        return base("connection.updated", subject, counts);
    }

    static ObjectNode destroyed(SignalingSession subject, LiveChannels.Counts counts) {
        return base("connection.destroyed", subject, counts);
    }

    private static ObjectNode base(String eventType, SignalingSession s, LiveChannels.Counts counts) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("type", "notify");
        n.put("event_type", eventType);
        n.put("timestamp", timestamp());
        n.put("role", s.role().wire());
        n.put("channel_id", s.channelId());
        n.put("session_id", s.sessionId());
        n.put("client_id", s.clientId());
        n.put("bundle_id", s.bundleId());
        n.put("connection_id", s.connectionId());
        n.put("audio", s.request().audio());
        n.put("video", s.request().video());
        n.set("metadata", metadataOrNull(s.signalingNotifyMetadata()));
        n.put("minutes", s.minutesConnected());
        n.put("channel_connections", counts.all());
        n.put("channel_sendrecv_connections", counts.sendrecv());
        n.put("channel_sendonly_connections", counts.sendonly());
        n.put("channel_recvonly_connections", counts.recvonly());
        n.put("turn_transport_type", "udp");
        return n;
    }

    private static JsonNode metadataOrNull(JsonNode metadata) {
        return metadata == null ? JsonNodeFactory.instance.nullNode() : metadata;
    }
}
