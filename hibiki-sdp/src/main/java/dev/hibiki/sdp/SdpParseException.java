package dev.hibiki.sdp;

/** A session description that could not be read: the 1-based line where it failed (0 when not tied to a line) and why. */
public final class SdpParseException extends Exception {

    private final int line;
    private final String reason;

    public SdpParseException(int line, String reason) {
        super(line > 0 ? "SDP line " + line + ": " + reason : "SDP: " + reason);
        this.line = line;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
