package dev.hibiki.sdp;

/** {@code b=<type>:<value>}: {@code AS} is kbit/s (RFC 8866), {@code TIAS} is bit/s (RFC 3890). */
public record Bandwidth(String type, long value) {

    public static final String AS = "AS";
    public static final String TIAS = "TIAS";

    public Bandwidth {
        Tokens.requireToken(type, "bandwidth type");
        if (value < 0) throw new IllegalArgumentException("bandwidth must not be negative: " + value);
    }

    static Bandwidth parse(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) throw new IllegalArgumentException("b= needs '<type>:<value>'");
        return new Bandwidth(line.substring(0, colon),
                Tokens.parseLong(line.substring(colon + 1), 0, Long.MAX_VALUE, "bandwidth"));
    }

    public String lineValue() {
        return type + ":" + value;
    }
}
