package dev.hibiki.live.channel;

import java.time.OffsetDateTime;

/**
 * A channel as stored: its owner, what it was created with, and the unguessable key in its playlist URL.
 *
 * @param playlistKey random path segment of the HLS URLs, or null for channels without HLS
 */
public record Channel(
        String id,
        String ownerTokenId,
        ChannelSpec spec,
        String playlistKey,
        OffsetDateTime createdAt) {
}
