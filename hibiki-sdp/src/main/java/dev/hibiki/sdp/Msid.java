package dev.hibiki.sdp;

import java.util.List;

/**
 * {@code a=msid:<stream id> [<track id>]} (RFC 8830), also the value of an {@code a=ssrc:<n> msid:} line. For Sora
 * the stream id of a forwarded track is the sender's connection id.
 *
 * @param trackId the application data (track id), or null when absent
 */
public record Msid(String streamId, String trackId) {

    public Msid {
        Tokens.requireField(streamId, "msid stream id");
        if (trackId != null) Tokens.requireField(trackId, "msid track id");
    }

    public static Msid parse(String value) {
        List<String> parts = Tokens.splitWhitespace(value);
        if (parts.isEmpty() || parts.size() > 2) {
            throw new IllegalArgumentException("msid needs '<stream id> [<track id>]': '" + value + "'");
        }
        return new Msid(parts.get(0), parts.size() == 2 ? parts.get(1) : null);
    }

    public String value() {
        return trackId == null ? streamId : streamId + " " + trackId;
    }

    public Attribute toAttribute() {
        return new Attribute("msid", value());
    }
}
