package dev.hibiki.hls.playlist;

/**
 * The container of HLS media segments: MPEG-TS, or fragmented MP4 (RFC 8216 §3.3) whose segments need the
 * rendition's init segment ({@link #INIT_FILE}, named by EXT-X-MAP).
 */
public enum SegmentFormat {
    MPEGTS(".ts"),
    FMP4(".m4s");

    /** The file name of a fragmented-MP4 rendition's init segment (ftyp + moov). */
    public static final String INIT_FILE = "init.mp4";

    private final String extension;

    SegmentFormat(String extension) {
        this.extension = extension;
    }

    /** The media segment file extension, with its dot. */
    public String extension() {
        return extension;
    }

    /** Parses a setting value: {@code mpegts} or {@code fmp4} (case-insensitive); null for anything else. */
    public static SegmentFormat parse(String value) {
        if (value == null) return null;
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "mpegts" -> MPEGTS;
            case "fmp4" -> FMP4;
            default -> null;
        };
    }
}
