package dev.hibiki.hls.playlist;

/**
 * One rendition of a {@link MasterPlaylist} (an EXT-X-STREAM-INF entry, RFC 8216 §4.3.4.2).
 *
 * @param uri              its media playlist, relative to the master playlist
 * @param bandwidth        peak bit/s of a segment, container overhead included (required, &gt; 0)
 * @param averageBandwidth average bit/s, or 0 to omit
 * @param width            pixels, or 0 to omit RESOLUTION
 * @param height           pixels, or 0 to omit RESOLUTION
 * @param frameRate        frames per second, or 0 to omit
 * @param codecs           RFC 6381 codec list, e.g. "avc1.64001f,mp4a.40.2" (see {@link CodecStrings}), or null
 */
public record Variant(String uri, long bandwidth, long averageBandwidth, int width, int height, double frameRate,
                      String codecs) {
    public Variant {
        if (uri == null || uri.isEmpty() || uri.indexOf('\n') >= 0 || uri.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("bad variant URI: " + uri);
        }
        if (bandwidth <= 0) {
            throw new IllegalArgumentException("BANDWIDTH must be positive");
        }
        if (codecs != null && codecs.indexOf('"') >= 0) {
            throw new IllegalArgumentException("CODECS must fit a quoted string");
        }
    }

    /**
     * A variant announced before any segment exists, from the configured rates (ImageFlux video.bps is a
     * maximum): BANDWIDTH adds 10 % for MPEG-TS and PES overhead, AVERAGE-BANDWIDTH assumes the encoder
     * averages 5 % below its cap. Replace it with measured figures ({@link MediaPlaylist#peakBitrate()}) later.
     */
    public static Variant configured(String uri, long videoBps, long audioBps, int width, int height,
                                      double frameRate, String codecs) {
        long total = videoBps + audioBps;
        return new Variant(uri, Math.max(1, Math.round(total * 1.10)), Math.max(1, Math.round(total * 1.045)),
                width, height, frameRate, codecs);
    }
}
