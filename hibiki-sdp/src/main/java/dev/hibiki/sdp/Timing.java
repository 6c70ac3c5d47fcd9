package dev.hibiki.sdp;

import java.util.List;

/** {@code t=<start> <stop>} in NTP seconds; WebRTC always writes {@code t=0 0}. */
public record Timing(long start, long stop) {

    public static final Timing UNBOUNDED = new Timing(0, 0);

    public Timing {
        if (start < 0 || stop < 0) throw new IllegalArgumentException("timing must not be negative");
    }

    static Timing parse(String value) {
        List<String> f = Tokens.splitWhitespace(value);
        if (f.size() != 2) throw new IllegalArgumentException("t= needs 2 fields, got " + f.size());
        return new Timing(Tokens.parseLong(f.get(0), 0, Long.MAX_VALUE, "start time"),
                Tokens.parseLong(f.get(1), 0, Long.MAX_VALUE, "stop time"));
    }

    public String value() {
        return start + " " + stop;
    }
}
