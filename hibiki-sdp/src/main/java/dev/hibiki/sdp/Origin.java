package dev.hibiki.sdp;

import java.util.List;

/**
 * {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>}. Session id and version are kept as
 * the digit strings they are, so any length round-trips.
 */
public record Origin(String username, String sessionId, String sessionVersion, String netType, String addressType,
                     String address) {

    public Origin {
        Tokens.requireField(username, "origin username");
        if (!Tokens.isDigits(sessionId)) {
            throw new IllegalArgumentException("origin session id must be digits: '" + sessionId + "'");
        }
        if (!Tokens.isDigits(sessionVersion)) {
            throw new IllegalArgumentException("origin session version must be digits: '" + sessionVersion + "'");
        }
        Tokens.requireField(netType, "origin network type");
        Tokens.requireField(addressType, "origin address type");
        Tokens.requireField(address, "origin address");
    }

    /** The usual WebRTC origin: {@code - <id> <version> IN IP4 127.0.0.1}. */
    public static Origin of(long sessionId, long sessionVersion) {
        return new Origin("-", Long.toString(sessionId), Long.toString(sessionVersion), "IN", "IP4", "127.0.0.1");
    }

    static Origin parse(String value) {
        List<String> f = Tokens.splitWhitespace(value);
        if (f.size() != 6) throw new IllegalArgumentException("o= needs 6 fields, got " + f.size());
        return new Origin(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5));
    }

    public String value() {
        return String.join(" ", username, sessionId, sessionVersion, netType, addressType, address);
    }
}
