package dev.hibiki.hls.playlist;

import java.util.List;

/**
 * A master (multivariant) playlist listing one EXT-X-STREAM-INF per rendition (RFC 8216 §4.3.4.2), in the
 * order given; players start with the first. Audio is muxed into each rendition's segments, so no EXT-X-MEDIA
 * groups are written.
 */
public final class MasterPlaylist {
    private final List<Variant> variants;
    private final boolean independentSegments;

    public MasterPlaylist(List<Variant> variants) {
        this(variants, true);
    }

    public MasterPlaylist(List<Variant> variants, boolean independentSegments) {
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("a master playlist needs at least one variant");
        }
        this.variants = List.copyOf(variants);
        this.independentSegments = independentSegments;
    }

    public List<Variant> variants() {
        return variants;
    }

    /** The playlist text, lines ending in LF. */
    public String render() {
        StringBuilder sb = new StringBuilder(128 + 160 * variants.size());
        sb.append("#EXTM3U\n");
        sb.append("#EXT-X-VERSION:3\n");
        if (independentSegments) {
            sb.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        }
        for (Variant v : variants) {
            sb.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.bandwidth());
            if (v.averageBandwidth() > 0) {
                sb.append(",AVERAGE-BANDWIDTH=").append(v.averageBandwidth());
            }
            if (v.width() > 0 && v.height() > 0) {
                sb.append(",RESOLUTION=").append(v.width()).append('x').append(v.height());
            }
            if (v.frameRate() > 0) {
                sb.append(",FRAME-RATE=").append(Decimals.threeDecimals(v.frameRate()));
            }
            if (v.codecs() != null && !v.codecs().isEmpty()) {
                sb.append(",CODECS=\"").append(v.codecs()).append('"');
            }
            sb.append('\n').append(v.uri()).append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}
