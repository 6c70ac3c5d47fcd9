package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.sfu.ConnectionStats;

import java.time.Instant;

/** The JSON bodies of Sora's auth webhook and connection event webhooks (docs/API.md, "Webhooks"). */
final class WebhookBodies {

    static final String LABEL = "Hibiki";

    private WebhookBodies() {
    }

    /** The auth webhook request for a connect that is not yet admitted. */
    static ObjectNode authRequest(ConnectRequest r, String connectionId, boolean multistream, LiveChannels.Counts counts,
                                  String version, String nodeName) {
        ObjectNode b = JsonNodeFactory.instance.objectNode();
        b.put("timestamp", NotifyMessages.timestamp());
        b.put("version", version);
        b.put("label", LABEL);
        b.put("node_name", nodeName);
        b.put("role", r.role().wire());
        b.put("channel_id", r.channelId());
        if (r.clientId() != null) b.put("client_id", r.clientId());
        if (r.bundleId() != null) b.put("bundle_id", r.bundleId());
        b.put("connection_id", connectionId);
        b.put("multistream", multistream);
        b.put("simulcast", false);
        b.put("spotlight", false);
        putMedia(b, r);
        b.put("data_channel_signaling", false);
        b.put("ignore_disconnect_websocket", false);
        if (r.metadata() != null) b.set("metadata", r.metadata());
        if (r.soraClient() != null) b.putObject("sora_client").put("raw", r.soraClient());
        putCounts(b, counts);
        b.put("e2ee", false);
        return b;
    }

    private static void putMedia(ObjectNode b, ConnectRequest r) {
        if (r.audio()) {
            ObjectNode a = b.putObject("audio");
            a.put("codec_type", "OPUS");
            if (r.audioBitRateKbps() != null) a.put("bit_rate", r.audioBitRateKbps());
        } else {
            b.put("audio", false);
        }
        if (r.video()) {
            ObjectNode v = b.putObject("video");
            if (r.videoCodec() != null) v.put("codec_type", r.videoCodec());
            if (r.videoBitRateKbps() != null) v.put("bit_rate", r.videoBitRateKbps());
        } else {
            b.put("video", false);
        }
    }

    private static void putCounts(ObjectNode b, LiveChannels.Counts counts) {
        b.put("channel_connections", counts.all());
        b.put("channel_sendrecv_connections", counts.sendrecv());
        b.put("channel_sendonly_connections", counts.sendonly());
        b.put("channel_recvonly_connections", counts.recvonly());
    }

    /** Facts about one connection that every event carries. */
    record Subject(ConnectRequest request, String connectionId, String clientId, String bundleId, String sessionId,
                   boolean multistream, JsonNode eventMetadata, Instant createdAt, long checkingMillis,
                   String version, String nodeName) {
    }

    /** {@code connection.created}, {@code .updated} and {@code .destroyed} (with {@code end} for the last). */
    static ObjectNode connectionEvent(String type, Subject s, long minutes, LiveChannels.Counts counts,
                                      ConnectionStats.Snapshot stats, Ending end) {
        ObjectNode e = envelope(type, s);
        ObjectNode d = e.putObject("data");
        d.put("minutes", minutes);
        ConnectRequest r = s.request();
        d.put("audio", r.audio());
        if (r.audio()) {
            d.put("audio_codec_type", "OPUS");
            if (r.audioBitRateKbps() != null) d.put("audio_bit_rate", r.audioBitRateKbps());
        }
        d.put("video", r.video());
        if (r.video()) {
            if (r.videoCodec() != null) d.put("video_codec_type", r.videoCodec());
            if (r.videoBitRateKbps() != null) d.put("video_bit_rate", r.videoBitRateKbps());
        }
        putCounts(d, counts);
        d.put("turn_transport_type", "udp");
        d.put("created_time", s.createdAt().getEpochSecond());
        d.put("created_timestamp", NotifyMessages.format(s.createdAt()));
        ObjectNode ice = d.putObject("ice_connection_state");
        ice.put("total_checking_duration_ms", s.checkingMillis());
        ice.put("total_disconnected_duration_ms", 0);
        d.put("total_received_bytes", stats == null ? 0 : stats.bytesReceived());
        d.put("total_sent_bytes", stats == null ? 0 : stats.bytesSent());
        if (end != null) {
            d.put("destroyed_time", end.at().getEpochSecond());
            d.put("destroyed_timestamp", NotifyMessages.format(end.at()));
            d.put("reason", end.reason());
            if (end.disconnectApiReason() != null) d.set("disconnect_api_reason", end.disconnectApiReason());
            if (end.typeDisconnectReason() != null) d.put("type_disconnect_reason", end.typeDisconnectReason());
        }
        return e;
    }

    /** {@code connection.failed}: the connection was offered but its media never came up. */
    static ObjectNode connectionFailed(Subject s, String message, LiveChannels.Counts counts,
                                       ConnectionStats.Snapshot stats) {
        ObjectNode e = envelope("connection.failed", s);
        ObjectNode d = e.putObject("data");
        d.put("message", message);
        putCounts(d, counts);
        d.put("total_received_bytes", stats == null ? 0 : stats.bytesReceived());
        d.put("total_sent_bytes", stats == null ? 0 : stats.bytesSent());
        return e;
    }

    /**
     * How a connection ended.
     *
     * @param reason               why, in Sora's words: {@code DISCONNECTED-API}, {@code TYPE-DISCONNECT},
     *                             {@code WEBSOCKET-CLOSED}, {@code PONG-TIMEOUT}, ...
     * @param disconnectApiReason  the {@code reason} object given to a Disconnect API call, or null
     * @param typeDisconnectReason the {@code reason} of the client's {@code disconnect} message, or null
     */
    record Ending(Instant at, String reason, JsonNode disconnectApiReason, String typeDisconnectReason) {
    }

    private static ObjectNode envelope(String type, Subject s) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("type", type);
        e.put("id", SignalingIds.next());
        e.put("timestamp", NotifyMessages.timestamp());
        e.put("log_written", false);
        e.put("version", s.version());
        e.put("label", LABEL);
        e.put("node_name", s.nodeName());
        ConnectRequest r = s.request();
        e.put("role", r.role().wire());
        e.put("channel_id", r.channelId());
        if (s.sessionId() != null) e.put("session_id", s.sessionId());
        e.put("client_id", s.clientId());
        e.put("bundle_id", s.bundleId());
        e.put("connection_id", s.connectionId());
        e.put("multistream", s.multistream());
        e.put("simulcast", false);
        e.put("spotlight", false);
        if (s.eventMetadata() != null && !s.eventMetadata().isNull()) e.set("event_metadata", s.eventMetadata());
        return e;
    }
}
