package dev.hibiki.hls.rtp;

/** Extends 32-bit RTP timestamps to a 64-bit count that survives the wrap-around (RFC 3550 §5.1). */
public final class TimestampUnwrapper {
    private boolean started;
    private long last;

    /**
     * The extended value closest to the previous one: the first call returns {@code timestamp} itself, later
     * calls move by the signed 32-bit difference, so small reorderings go backwards instead of jumping 2^32.
     */
    public long unwrap(long timestamp) {
        long ts = timestamp & 0xFFFF_FFFFL;
        if (!started) {
            started = true;
            last = ts;
            return ts;
        }
        last += (int) (ts - (last & 0xFFFF_FFFFL));
        return last;
    }

    public void reset() {
        started = false;
    }
}
