package dev.hibiki.live.channel;

/**
 * One rung of a channel's HLS ladder, as the channel's creator asked for it.
 *
 * @param startTimeOffset the playlist's EXT-X-START:TIME-OFFSET, or null for none
 * @param videoCodec      h264_high, h264_main or h264_baseline, or null for the default
 * @param audioBps        already snapped to {@link AudioBitrates}
 * @param archiveDestinationId where finished segments are archived, or null for no archive
 */
public record HlsRendition(
        double durationSeconds,
        Double startTimeOffset,
        int width,
        int height,
        int fps,
        long videoBps,
        String videoCodec,
        int audioBps,
        String archiveDestinationId) {

    public static final int MIN_DIMENSION = 36;
    public static final int MAX_DIMENSION = 4096;
    public static final int MIN_FPS = 1;
    public static final int MAX_FPS = 60;
    /** Longer segments make no sense for live viewing and would hold minutes of media in memory. */
    public static final double MAX_DURATION_SECONDS = 60;
    public static final double MIN_DURATION_SECONDS = 0.5;
    /** 50 Mbit/s: above what H.264 needs for 4K at 60 fps, and small enough that a ladder's sum cannot overflow. */
    public static final long MAX_VIDEO_BPS = 50_000_000;
    /** A ladder longer than this is a mistake rather than a plan: each rung costs one encoder. */
    public static final int MAX_RENDITIONS = 10;
    public static final java.util.List<String> VIDEO_CODECS = java.util.List.of("h264_high", "h264_main", "h264_baseline");
}
