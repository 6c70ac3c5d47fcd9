package dev.hibiki.ricoh;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** A client id and secret as HTTP Basic carries them (RFC 6749 2.3.1: each form-urlencoded, then base64). */
record ClientCredentials(String id, String secret) {

    /** @return empty when the header is not a well-formed Basic credential */
    static Optional<ClientCredentials> fromBasic(String authorization) {
        if (authorization == null) return Optional.empty();
        String h = authorization.strip();
        if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) return Optional.empty();
        try {
            String pair = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            if (colon <= 0) return Optional.empty();
            return Optional.of(new ClientCredentials(URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException notBase64OrBadEscape) {
            return Optional.empty();
        }
    }

    static boolean isBasic(String authorization) {
        return authorization != null && authorization.strip().regionMatches(true, 0, "Basic ", 0, 6);
    }
}
