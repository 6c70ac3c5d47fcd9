package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.sfu.ConnectionStats;

import java.time.Instant;

/**
 * A signaling connection as the Sora HTTP API shows it.
 *
 * @param createdAt     when its media came up, or null while it is still connecting
 * @param eventMetadata the auth webhook's {@code event_metadata}, or null
 * @param stats         its media totals so far
 * @param receivedKbps  bit rate received over the last ping interval (5 s), or -1 while unknown
 * @param sentKbps      bit rate sent over the last ping interval, or -1 while unknown
 */
public record LiveConnection(String channelId, String connectionId, String clientId, String bundleId,
                             String sessionId, Role role, boolean multistream, boolean audio, boolean video,
                             String videoCodec, Integer videoBitRateKbps, Integer audioBitRateKbps,
                             Instant createdAt, JsonNode eventMetadata, ConnectionStats.Snapshot stats,
                             double receivedKbps, double sentKbps) {
}
