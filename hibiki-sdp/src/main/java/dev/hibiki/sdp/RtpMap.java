package dev.hibiki.sdp;

/**
 * {@code a=rtpmap:<pt> <encoding>/<clock>[/<channels>]}.
 *
 * @param channels the audio channel count, or 0 when the line has none (which means 1 for audio)
 */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {

    public RtpMap {
        checkPayloadType(payloadType);
        Tokens.requireField(encoding, "encoding name");
        if (encoding.indexOf('/') >= 0) throw new IllegalArgumentException("encoding name contains '/': " + encoding);
        if (clockRate <= 0) throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
        if (channels < 0) throw new IllegalArgumentException("channels must not be negative: " + channels);
    }

    public static RtpMap parse(String value) {
        String[] parts = Tokens.splitFirst(value);
        if (parts.length != 2) throw new IllegalArgumentException("rtpmap needs '<pt> <encoding>/<clock>': '" + value + "'");
        int pt = Tokens.parseInt(parts[0], 0, 127, "rtpmap payload type");
        String[] enc = parts[1].split("/", -1);
        if (enc.length < 2 || enc.length > 3) {
            throw new IllegalArgumentException("rtpmap needs '<encoding>/<clock>[/<channels>]': '" + value + "'");
        }
        int clock = Tokens.parseInt(enc[1], 1, Integer.MAX_VALUE, "rtpmap clock rate");
        int channels = enc.length == 3 ? Tokens.parseInt(enc[2], 1, 255, "rtpmap channels") : 0;
        return new RtpMap(pt, enc[0], clock, channels);
    }

    /** Whether this is a retransmission format (RFC 4588). */
    public boolean isRtx() {
        return encoding.equalsIgnoreCase("rtx");
    }

    /** Whether this describes real media rather than a repair or helper format (RTX, RED, FEC, comfort noise, DTMF). */
    public boolean isMediaCodec() {
        String e = encoding.toLowerCase(java.util.Locale.ROOT);
        return !(e.equals("rtx") || e.equals("red") || e.equals("ulpfec") || e.startsWith("flexfec")
                || e.equals("cn") || e.equals("telephone-event"));
    }

    public String value() {
        return payloadType + " " + encoding + "/" + clockRate + (channels > 0 ? "/" + channels : "");
    }

    public Attribute toAttribute() {
        return new Attribute("rtpmap", value());
    }

    static void checkPayloadType(int pt) {
        if (pt < 0 || pt > 127) throw new IllegalArgumentException("payload type out of range [0, 127]: " + pt);
    }
}
