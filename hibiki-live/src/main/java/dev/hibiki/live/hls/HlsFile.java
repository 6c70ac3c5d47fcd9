package dev.hibiki.live.hls;

import dev.hibiki.hls.playlist.SegmentKey;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A file an HLS output wrote.
 *
 * @param rendition       the rendition's index in the ladder, or -1 for the master playlist
 * @param relativePath    its path relative to the output's directory, as served ({@code r0/segment-00000007.ts})
 * @param file            where it is on disk, valid only during the listener's call
 * @param sequence        a segment's media sequence number; 0 for other files
 * @param durationSeconds a segment's duration; 0 for other files
 * @param key             a segment's encryption, or null
 * @param programDateTime a segment's wall-clock start, or null
 */
public record HlsFile(Kind kind, int rendition, String relativePath, Path file, long sequence,
                      double durationSeconds, SegmentKey key, Instant programDateTime) {

    public enum Kind { SEGMENT, INIT, MEDIA_PLAYLIST, MASTER_PLAYLIST }

    /** The name of the file inside its rendition's directory. */
    public String fileName() {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? relativePath : relativePath.substring(slash + 1);
    }
}
