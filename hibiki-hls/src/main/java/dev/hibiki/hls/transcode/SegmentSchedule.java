package dev.hibiki.hls.transcode;

/**
 * Where segments start: at every multiple of the segment duration after the ladder's origin (the first decoded
 * picture). Renditions share the origin, so their segments start at the same source instant whatever their frame
 * rates; the encoder forces a keyframe on the first output frame of each segment and the segmenter cuts there.
 */
final class SegmentSchedule {
    private final long durationMicros;

    SegmentSchedule(long durationMicros) {
        if (durationMicros <= 0) throw new IllegalArgumentException("durationMicros must be > 0");
        this.durationMicros = durationMicros;
    }

    long durationMicros() {
        return durationMicros;
    }

    /** Which segment the instant {@code micros} (since the origin) falls in. */
    long indexAt(long micros) {
        return Math.floorDiv(micros, durationMicros);
    }

    /** Where segment {@code index} starts, in microseconds since the origin. */
    long startMicros(long index) {
        return index * durationMicros;
    }

    /** The time of output frame number {@code slot} at {@code fps}, in microseconds since the origin. */
    static long slotMicros(long slot, int fps) {
        return Math.floorDiv(slot * Ffmpeg.MICROS, fps);
    }
}
