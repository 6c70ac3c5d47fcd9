package dev.hibiki.sdp;

/**
 * {@code a=ssrc:<ssrc> <name>[:<value>]} (RFC 5576), such as {@code 12345 cname:abc} or {@code 12345 msid:s t}.
 *
 * @param value the value after the colon, or null when the attribute has none
 */
public record SsrcAttribute(long ssrc, String name, String value) {

    public SsrcAttribute {
        checkSsrc(ssrc);
        Tokens.requireToken(name, "ssrc attribute name");
        if (value != null) Tokens.requireText(value, "ssrc attribute value");
    }

    public static SsrcAttribute parse(String value) {
        String[] parts = Tokens.splitFirst(value);
        if (parts.length != 2) throw new IllegalArgumentException("ssrc needs '<ssrc> <attribute>': '" + value + "'");
        long ssrc = Tokens.parseLong(parts[0], 0, 0xFFFF_FFFFL, "ssrc");
        String attr = parts[1];
        int colon = attr.indexOf(':');
        if (colon < 0) return new SsrcAttribute(ssrc, attr, null);
        return new SsrcAttribute(ssrc, attr.substring(0, colon), attr.substring(colon + 1));
    }

    public String attributeValue() {
        return ssrc + " " + name + (value != null ? ":" + value : "");
    }

    public Attribute toAttribute() {
        return new Attribute("ssrc", attributeValue());
    }

    static void checkSsrc(long ssrc) {
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) throw new IllegalArgumentException("ssrc out of range: " + ssrc);
    }
}
