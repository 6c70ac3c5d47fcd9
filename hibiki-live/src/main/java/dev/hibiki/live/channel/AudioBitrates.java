package dev.hibiki.live.channel;

/** The audio bitrates an HLS rendition may use, and how any requested value maps onto them. */
public final class AudioBitrates {

    public static final int DEFAULT = 96_000;
    private static final int[] ALLOWED = {
            32_000, 40_000, 48_000, 56_000, 64_000, 80_000, 96_000, 112_000,
            128_000, 160_000, 192_000, 224_000, 256_000, 320_000};

    private AudioBitrates() {
    }

    /** The largest allowed bitrate not above {@code requested}; 32000 for anything below that. */
    public static int snap(long requested) {
        int chosen = ALLOWED[0];
        for (int allowed : ALLOWED) {
            if (allowed <= requested) chosen = allowed;
        }
        return chosen;
    }
}
