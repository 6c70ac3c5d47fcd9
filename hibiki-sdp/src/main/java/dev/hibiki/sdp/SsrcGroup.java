package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=ssrc-group:<semantics> <ssrc>...} (RFC 5576): {@code FID} pairs a media SSRC with its RTX SSRC,
 * {@code SIM} lists legacy simulcast layers from low to high.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {

    public static final String FID = "FID";
    public static final String SIM = "SIM";

    public SsrcGroup {
        Tokens.requireToken(semantics, "ssrc-group semantics");
        ssrcs = List.copyOf(ssrcs);
        if (ssrcs.isEmpty()) throw new IllegalArgumentException("ssrc-group lists no ssrc");
        for (long s : ssrcs) SsrcAttribute.checkSsrc(s);
    }

    public static SsrcGroup parse(String value) {
        List<String> parts = Tokens.splitWhitespace(value);
        if (parts.size() < 2) throw new IllegalArgumentException("ssrc-group needs '<semantics> <ssrc>...': '" + value + "'");
        List<Long> ssrcs = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) ssrcs.add(Tokens.parseLong(parts.get(i), 0, 0xFFFF_FFFFL, "ssrc-group ssrc"));
        return new SsrcGroup(parts.get(0), ssrcs);
    }

    public String value() {
        StringBuilder sb = new StringBuilder(semantics);
        for (long s : ssrcs) sb.append(' ').append(s);
        return sb.toString();
    }

    public Attribute toAttribute() {
        return new Attribute("ssrc-group", value());
    }
}
