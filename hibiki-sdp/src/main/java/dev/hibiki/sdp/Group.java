package dev.hibiki.sdp;

import java.util.List;

/** {@code a=group:<semantics> <mid>...} (RFC 5888), such as {@code BUNDLE 0 1}. */
public record Group(String semantics, List<String> mids) {

    public static final String BUNDLE = "BUNDLE";

    public Group {
        Tokens.requireField(semantics, "group semantics");
        mids = List.copyOf(mids);
        for (String m : mids) Tokens.requireField(m, "group mid");
    }

    public static Group parse(String value) {
        List<String> parts = Tokens.splitWhitespace(value);
        if (parts.isEmpty()) throw new IllegalArgumentException("group needs '<semantics> <mid>...'");
        return new Group(parts.get(0), parts.subList(1, parts.size()));
    }

    public String value() {
        StringBuilder sb = new StringBuilder(semantics);
        for (String m : mids) sb.append(' ').append(m);
        return sb.toString();
    }

    public Attribute toAttribute() {
        return new Attribute("group", value());
    }
}
