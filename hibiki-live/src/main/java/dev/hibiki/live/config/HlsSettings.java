package dev.hibiki.live.config;

import dev.hibiki.hls.playlist.SegmentFormat;

/**
 * How HLS output is produced.
 *
 * @param windowSegments segments each live media playlist lists (older ones are deleted from disk)
 * @param videoEncoder   libavcodec H.264 encoder: {@code libx264} or {@code libopenh264}
 * @param x264Preset     x264 speed/quality preset ({@code ultrafast} .. {@code veryslow})
 * @param segmentFormat  MPEG-TS or fragmented-MP4 segments (channels with encryption always get MPEG-TS)
 */
public record HlsSettings(int windowSegments, String videoEncoder, String x264Preset, SegmentFormat segmentFormat) {

    public static final HlsSettings DEFAULT = new HlsSettings(6, "libx264", "superfast", SegmentFormat.MPEGTS);
}
