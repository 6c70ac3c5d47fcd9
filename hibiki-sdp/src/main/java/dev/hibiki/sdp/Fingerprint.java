package dev.hibiki.sdp;

import java.util.List;

/** {@code a=fingerprint:<hash function> <value>} (RFC 8122), such as {@code sha-256 AB:CD:...}. */
public record Fingerprint(String hashFunction, String value) {

    public Fingerprint {
        Tokens.requireField(hashFunction, "fingerprint hash function");
        Tokens.requireField(value, "fingerprint value");
    }

    public static Fingerprint parse(String attributeValue) {
        List<String> parts = Tokens.splitWhitespace(attributeValue);
        if (parts.size() != 2) throw new IllegalArgumentException("fingerprint needs '<hash> <value>': '" + attributeValue + "'");
        return new Fingerprint(parts.get(0), parts.get(1));
    }

    public String attributeValue() {
        return hashFunction + " " + value;
    }

    public Attribute toAttribute() {
        return new Attribute("fingerprint", attributeValue());
    }
}
