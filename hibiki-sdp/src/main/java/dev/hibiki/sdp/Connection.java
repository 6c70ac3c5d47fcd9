package dev.hibiki.sdp;

import java.util.List;

/** {@code c=<nettype> <addrtype> <address>}; the address keeps any {@code /ttl} suffix as written. */
public record Connection(String netType, String addressType, String address) {

    /** {@code c=IN IP4 0.0.0.0}, what JSEP endpoints write when the address does not matter. */
    public static final Connection ANY_IP4 = new Connection("IN", "IP4", "0.0.0.0");

    public Connection {
        Tokens.requireField(netType, "connection network type");
        Tokens.requireField(addressType, "connection address type");
        Tokens.requireField(address, "connection address");
    }

    static Connection parse(String value) {
        List<String> f = Tokens.splitWhitespace(value);
        if (f.size() != 3) throw new IllegalArgumentException("c= needs 3 fields, got " + f.size());
        return new Connection(f.get(0), f.get(1), f.get(2));
    }

    public String value() {
        return netType + " " + addressType + " " + address;
    }
}
