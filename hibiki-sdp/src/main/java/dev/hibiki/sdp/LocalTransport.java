package dev.hibiki.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * The server's side of the bundled transport as it goes into an offer: ICE credentials, the DTLS certificate
 * fingerprint, and host candidates such as {@code candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host}.
 */
public record LocalTransport(String iceUfrag, String icePwd, Fingerprint fingerprint, List<String> candidates) {

    public LocalTransport {
        Tokens.requireField(iceUfrag, "ice-ufrag");
        Tokens.requireField(icePwd, "ice-pwd");
        if (fingerprint == null) throw new IllegalArgumentException("fingerprint is required");
        List<String> normalized = new ArrayList<>();
        for (String c : candidates) normalized.add(normalize(c));
        candidates = List.copyOf(normalized);
    }

    /** The candidates as {@code a=candidate} values: without the {@code a=} and {@code candidate:} prefixes. */
    List<String> candidateValues() {
        List<String> out = new ArrayList<>();
        for (String c : candidates) out.add(c.substring("candidate:".length()));
        return out;
    }

    /** The port of the first candidate, or 9 (discard) when there is none or it cannot be read. */
    int firstCandidatePort() {
        if (candidates.isEmpty()) return 9;
        List<String> f = Tokens.splitWhitespace(candidates.get(0));
        if (f.size() < 6 || !Tokens.isDigits(f.get(5)) || f.get(5).length() > 5) return 9;
        int port = Integer.parseInt(f.get(5));
        return port >= 1 && port <= 65535 ? port : 9;
    }

    private static String normalize(String candidate) {
        String c = Tokens.strip(Tokens.requireText(candidate, "candidate"));
        if (c.startsWith("a=")) c = c.substring(2);
        if (!c.startsWith("candidate:")) c = "candidate:" + c;
        if (Tokens.splitWhitespace(c).size() < 8) {
            throw new IllegalArgumentException("candidate needs at least '<foundation> <component> <transport>"
                    + " <priority> <address> <port> typ <type>': " + candidate);
        }
        return c;
    }
}
