package dev.hibiki.hls.playlist;

import java.time.Instant;

/**
 * One segment of a {@link MediaPlaylist}.
 *
 * @param sequenceNumber  its media sequence number
 * @param uri             as written in the playlist (usually a file name relative to it)
 * @param durationSeconds the EXTINF duration
 * @param sizeBytes       bytes of the segment file, for bitrate figures (0 when unknown)
 * @param discontinuity   preceded by EXT-X-DISCONTINUITY
 * @param key             its encryption, or null for a clear segment
 * @param programDateTime wall-clock time of its first sample, or null
 */
public record MediaSegment(long sequenceNumber, String uri, double durationSeconds, long sizeBytes,
                           boolean discontinuity, SegmentKey key, Instant programDateTime) {}
