package dev.hibiki.hls.transcode;

/** Told about each finished segment, on the transcoder's worker thread: keep it short (update a playlist). */
@FunctionalInterface
public interface SegmentListener {
    void onSegment(Segment segment);
}
