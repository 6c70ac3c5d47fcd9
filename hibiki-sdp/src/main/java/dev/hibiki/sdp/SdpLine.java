package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * A line this module keeps without interpreting: {@code i=}, {@code u=}, {@code e=}, {@code p=}, {@code r=},
 * {@code z=} or {@code k=}. WebRTC endpoints do not send them, but a description that has them still round-trips.
 */
public record SdpLine(char type, String value) {

    /** Written before {@code c=} (RFC 8866 order). */
    static final String BEFORE_CONNECTION = "iuep";
    /** Written after {@code t=} at session level, after {@code b=} in a media section. */
    static final String AFTER_TIMING = "rzk";
    static final String MEDIA_TYPES = "ik";

    public SdpLine {
        if ((BEFORE_CONNECTION + AFTER_TIMING).indexOf(type) < 0) {
            throw new IllegalArgumentException("not a pass-through line type: " + type);
        }
        Tokens.requireText(value, "line value");
    }

    public String line() {
        return type + "=" + value;
    }

    boolean beforeConnection() {
        return BEFORE_CONNECTION.indexOf(type) >= 0;
    }

    /** The lines in the order the writer puts them, keeping the relative order within each group. */
    static List<SdpLine> inWritingOrder(List<SdpLine> lines) {
        List<SdpLine> out = new ArrayList<>(lines.size());
        for (SdpLine l : lines) if (l.beforeConnection()) out.add(l);
        for (SdpLine l : lines) if (!l.beforeConnection()) out.add(l);
        return List.copyOf(out);
    }
}
