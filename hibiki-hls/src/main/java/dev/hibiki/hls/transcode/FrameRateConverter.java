package dev.hibiki.hls.transcode;

/**
 * Turns pictures with arbitrary timestamps into a constant frame rate: output frame n ("slot") shows at n / fps
 * seconds after the origin. A picture takes the slot nearest its timestamp; a second picture for a slot already
 * filled is dropped; slots a picture skipped over repeat the previous picture (up to {@code maxRepeat}; a longer
 * hole, a sender that paused, is left as a gap in the timestamps instead of minutes of repeated frames).
 */
final class FrameRateConverter {
    private final int fps;
    private final int maxRepeat;
    private long nextSlot;
    private boolean started;

    FrameRateConverter(int fps, int maxRepeat) {
        this.fps = fps;
        this.maxRepeat = maxRepeat;
    }

    /**
     * @return the slot for a picture at {@code micros} since the origin, or -1 to drop it. Before encoding the
     * picture, the caller repeats the previous one for slots {@link #repeatFrom(long)} up to (excluding) it.
     */
    long slotFor(long micros) {
        // nearest slot, exact halves down: at twice the rate the picture on the slot wins over the one between
        long slot = Math.floorDiv(micros * fps + Ffmpeg.MICROS / 2 - 1, Ffmpeg.MICROS);
        if (slot < nextSlot) return -1;
        return slot;
    }

    /** The first slot to fill with the previous picture before {@code slot}; equal to {@code slot} for none. */
    long repeatFrom(long slot) {
        if (!started || slot - nextSlot > maxRepeat) return slot;
        return nextSlot;
    }

    /** Records that {@code slot} is now filled. */
    void filled(long slot) {
        started = true;
        nextSlot = slot + 1;
    }
}
