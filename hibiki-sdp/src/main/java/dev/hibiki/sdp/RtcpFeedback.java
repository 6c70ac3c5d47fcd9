package dev.hibiki.sdp;

/**
 * {@code a=rtcp-fb:<pt|*> <type> [<parameter>]} (RFC 4585), such as {@code 96 nack pli} or {@code 96 ccm fir}.
 *
 * @param payloadType the payload type, or {@link #WILDCARD} for {@code *}
 * @param parameter   the rest of the line after the type ({@code pli}, {@code fir}), or the empty string
 */
public record RtcpFeedback(int payloadType, String type, String parameter) {

    public static final int WILDCARD = -1;

    public RtcpFeedback {
        if (payloadType != WILDCARD) RtpMap.checkPayloadType(payloadType);
        Tokens.requireField(type, "rtcp-fb type");
        Tokens.requireText(parameter, "rtcp-fb parameter");
        if (!parameter.equals(Tokens.strip(parameter))) throw new IllegalArgumentException("rtcp-fb parameter has outer blanks");
    }

    public static RtcpFeedback parse(String value) {
        String[] parts = Tokens.splitFirst(value);
        if (parts.length != 2) throw new IllegalArgumentException("rtcp-fb needs '<pt> <type>': '" + value + "'");
        int pt = parts[0].equals("*") ? WILDCARD : Tokens.parseInt(parts[0], 0, 127, "rtcp-fb payload type");
        String[] rest = Tokens.splitFirst(parts[1]);
        return new RtcpFeedback(pt, rest[0], rest.length == 2 ? rest[1] : "");
    }

    public boolean isWildcard() {
        return payloadType == WILDCARD;
    }

    /** The feedback without its payload type, as written after it: {@code nack pli}. */
    public String feedback() {
        return parameter.isEmpty() ? type : type + " " + parameter;
    }

    public String value() {
        return (isWildcard() ? "*" : Integer.toString(payloadType)) + " " + feedback();
    }

    public Attribute toAttribute() {
        return new Attribute("rtcp-fb", value());
    }
}
