package dev.hibiki.live.hls;

import java.util.concurrent.atomic.LongAdder;

/** Segments every HLS output wrote, and those it lost because they could not be written (disk full, ...). */
record SegmentCounters(LongAdder segmentsWritten, LongAdder segmentsFailed) {
    SegmentCounters() {
        this(new LongAdder(), new LongAdder());
    }
}
