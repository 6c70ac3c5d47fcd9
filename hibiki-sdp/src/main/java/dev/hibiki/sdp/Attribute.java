package dev.hibiki.sdp;

/**
 * One {@code a=} line: a name and, unless it is a property attribute such as {@code a=rtcp-mux}, a value kept
 * exactly as written (a leading blank, as in {@code a=msid-semantic: WMS *}, is part of the value).
 *
 * <p>The attributes this module reads by type ({@code rtpmap}, {@code fmtp}, {@code rtcp-fb}, {@code extmap},
 * {@code ssrc}, {@code ssrc-group}, {@code msid}, {@code rid}, {@code simulcast}, {@code fingerprint},
 * {@code setup}, {@code group}, {@code mid}, {@code ice-ufrag}, {@code ice-pwd}) are checked on construction, so
 * the typed accessors of a description never fail: a malformed one is refused here, which the parser reports
 * with its line number.
 *
 * @param value the text after the first colon, or null when the line has no colon
 */
public record Attribute(String name, String value) {

    public Attribute {
        Tokens.requireToken(name, "attribute name");
        if (value != null) Tokens.requireText(value, "attribute value");
        checkKnown(name, value);
    }

    /** A property attribute, written without a colon: {@code a=rtcp-mux}. */
    public static Attribute flag(String name) {
        return new Attribute(name, null);
    }

    public boolean isFlag() {
        return value == null;
    }

    /** The line as written, without the line break: {@code a=mid:0}. */
    public String line() {
        return value == null ? "a=" + name : "a=" + name + ":" + value;
    }

    private static void checkKnown(String name, String value) {
        switch (name) {
            case "rtpmap" -> RtpMap.parse(required(name, value));
            case "fmtp" -> Fmtp.parse(required(name, value));
            case "rtcp-fb" -> RtcpFeedback.parse(required(name, value));
            case "extmap" -> ExtMap.parse(required(name, value));
            case "ssrc" -> SsrcAttribute.parse(required(name, value));
            case "ssrc-group" -> SsrcGroup.parse(required(name, value));
            case "msid" -> Msid.parse(required(name, value));
            case "rid" -> Rid.parse(required(name, value));
            case "simulcast" -> Simulcast.parse(required(name, value));
            case "fingerprint" -> Fingerprint.parse(required(name, value));
            case "setup" -> Setup.parse(required(name, value));
            case "group" -> Group.parse(required(name, value));
            case "mid", "ice-ufrag", "ice-pwd" -> Tokens.requireField(Tokens.strip(required(name, value)), name);
            default -> {
                // Unknown and untyped attributes are kept as they are.
            }
        }
    }

    private static String required(String name, String value) {
        if (value == null) throw new IllegalArgumentException("a=" + name + " needs a value");
        return value;
    }

    @Override
    public String toString() {
        return line();
    }
}
