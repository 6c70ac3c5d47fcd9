package dev.hibiki.live.sora;

import dev.hibiki.live.signaling.LiveConnection;
import dev.hibiki.live.webhook.SoraTimestamps;
import dev.hibiki.sfu.ConnectionStats;

import java.util.LinkedHashMap;
import java.util.Map;

/** How the Sora API writes a connection: the shapes of Sora's list and stats APIs (Sora's API documentation). */
final class ConnectionJson {

    private ConnectionJson() {
    }

    /** One element of ListConnections / ListChannelConnections. */
    static Map<String, Object> listed(LiveConnection c) {
        Map<String, Object> m = identity(c);
        m.put("role", c.role().wire());
        m.put("multistream", c.multistream());
        m.put("simulcast", false);
        m.put("spotlight", false);
        if (c.audio()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("codec_type", "OPUS");
            if (c.audioBitRateKbps() != null) a.put("bit_rate", c.audioBitRateKbps());
            m.put("audio", a);
        } else {
            m.put("audio", false);
        }
        if (c.video()) {
            Map<String, Object> v = new LinkedHashMap<>();
            if (c.videoCodec() != null) v.put("codec_type", c.videoCodec());
            if (c.videoBitRateKbps() != null) v.put("bit_rate", c.videoBitRateKbps());
            m.put("video", v);
        } else {
            m.put("video", false);
        }
        // Unix microseconds, as Sora writes it; null while the connection is still coming up.
        m.put("created_time", c.createdAt() == null ? null
                : c.createdAt().getEpochSecond() * 1_000_000L + c.createdAt().getNano() / 1_000);
        if (c.eventMetadata() != null && !c.eventMetadata().isNull()) m.put("event_metadata", c.eventMetadata());
        return m;
    }

    /** One element of ListChannelClients. */
    static Map<String, Object> client(LiveConnection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_id", c.clientId());
        m.put("bundle_id", c.bundleId());
        m.put("connection_id", c.connectionId());
        m.put("role", c.role().wire());
        return m;
    }

    /** GetStatsConnection: identity fields plus Hibiki's counters (Sora's stats API; clients treat them as opaque). */
    static Map<String, Object> stats(LiveConnection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", SoraTimestamps.now());
        m.putAll(identity(c));
        m.put("role", c.role().wire());
        ConnectionStats.Snapshot s = c.stats();
        m.put("total_received_packets", s.packetsReceived());
        m.put("total_received_bytes", s.bytesReceived());
        m.put("total_sent_packets", s.packetsSent());
        m.put("total_sent_bytes", s.bytesSent());
        m.put("total_received_nack", s.nacksReceived());
        m.put("total_sent_nack_packets", s.nackedPacketsRequested());
        m.put("total_retransmitted_packets", s.retransmissionsSent());
        m.put("total_received_pli", s.plisReceived());
        m.put("total_sent_pli", s.plisSent());
        m.put("total_sent_fir", s.firsSent());
        m.put("rtt_ms", s.roundTripMillis() < 0 ? null : round(s.roundTripMillis()));
        m.put("jitter_ms", s.jitterMillis() < 0 ? null : round(s.jitterMillis()));
        m.put("received_bitrate_kbps", c.receivedKbps() < 0 ? null : round(c.receivedKbps()));
        m.put("sent_bitrate_kbps", c.sentKbps() < 0 ? null : round(c.sentKbps()));
        return m;
    }

    private static Map<String, Object> identity(LiveConnection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel_id", c.channelId());
        m.put("session_id", c.sessionId());
        m.put("client_id", c.clientId());
        m.put("bundle_id", c.bundleId());
        m.put("connection_id", c.connectionId());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
