package dev.hibiki.hls.transcode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Where finished segment bytes go: files ({@link DirectorySegmentOutput}), or the playlist writer
 * ({@code HlsOutputDirectory.publishSegment}), memory, object storage. Called on the transcoder's worker thread.
 */
@FunctionalInterface
public interface SegmentOutput {
    /**
     * @param data the segment as it is to be served (encrypted when the transcoder has a key)
     * @return the location reported in {@link Segment#path()} (may be null)
     * @throws IOException the segment is then lost (logged, not reported; later segments still go out)
     */
    Path write(int rendition, long sequence, double durationSeconds, Instant programDateTime, byte[] data)
            throws IOException;

    /**
     * Takes a fragmented-MP4 rendition's init segment (ftyp + moov), once, before its first media segment.
     * MPEG-TS outputs never get one; the default refuses it, so the rendition's segments are then lost.
     */
    default Path writeInit(int rendition, byte[] data) throws IOException {
        throw new IOException("this output does not take fragmented-MP4 init segments");
    }
}
