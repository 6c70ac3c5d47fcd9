package dev.hibiki.platform.usage;

import java.time.Instant;

/** One connection's use of the service, from media up to its end. */
public record ConnectionUsage(String connectionId, String channelId, String ownerTokenId, String role,
                              Instant startedAt, Instant endedAt, long bytesReceived, long bytesSent) {
}
