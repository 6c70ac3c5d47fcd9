package dev.hibiki.hls.transcode;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A finished MPEG-TS segment of one rendition.
 *
 * @param rendition       index of the rendition in the ladder given to {@link LadderTranscoder#start}
 * @param sequence        media sequence number (0, 1, 2, ... per rendition; also the AES-128 IV)
 * @param path            where {@link SegmentOutput} put it
 * @param durationSeconds video duration (next segment's first frame minus this one's), for EXTINF
 * @param byteSize        bytes as stored (after encryption, if any)
 * @param programDateTime capture time of its first frame on the sender's clock, for EXT-X-PROGRAM-DATE-TIME
 * @param startPts        pts of its first video frame in the stream, 90 kHz (the same in every rendition)
 * @param encrypted       whether the bytes are AES-128 encrypted
 */
public record Segment(int rendition, long sequence, Path path, double durationSeconds, long byteSize,
                      Instant programDateTime, long startPts, boolean encrypted) {
}
