package dev.hibiki.hls.transcode;

/**
 * One rung of an HLS ladder: what one H.264 + AAC output looks like.
 *
 * @param width           output width as asked (the picture is fitted inside, see {@link ScaleMode}); an odd
 *                        size is encoded one pixel smaller because 4:2:0 H.264 needs even sizes
 * @param height          output height
 * @param fps             output frame rate (constant: frames are dropped or repeated by timestamp)
 * @param videoBps        the maximum video bitrate (VBV maxrate = bufsize = this; target 90 % of it)
 * @param profile         the H.264 profile
 * @param audioBps        AAC-LC bitrate (already snapped by the API layer, 32000..320000); 0 = no audio
 * @param durationSeconds segment length; keyframes are forced at every multiple of it on the sender's timeline
 */
public record RenditionSpec(int width, int height, int fps, long videoBps, H264Profile profile, int audioBps,
                            double durationSeconds) {

    public RenditionSpec {
        if (width < 16 || height < 16 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("width and height must be 16..8192: " + width + "x" + height);
        }
        if (fps < 1 || fps > 120) throw new IllegalArgumentException("fps out of range: " + fps);
        if (videoBps < 1000) throw new IllegalArgumentException("videoBps too small: " + videoBps);
        if (audioBps < 0) throw new IllegalArgumentException("audioBps must be >= 0: " + audioBps);
        if (!(durationSeconds > 0 && durationSeconds <= 3600)) {
            throw new IllegalArgumentException("durationSeconds out of range: " + durationSeconds);
        }
        if (profile == null) profile = H264Profile.HIGH;
    }

    int encodedWidth() {
        return width & ~1;
    }

    int encodedHeight() {
        return height & ~1;
    }

    /** The segment length in microseconds, the unit all segment arithmetic uses. */
    long durationMicros() {
        return Math.round(durationSeconds * Ffmpeg.MICROS);
    }
}
