package dev.hibiki.server.http;

import dev.hibiki.server.token.TokenService;
import io.javalin.http.Context;

/** Turns the {@code Authorization: Bearer …} header into the id of an active access token. */
public final class BearerAuthenticator {

    private final TokenService tokens;

    public BearerAuthenticator(TokenService tokens) {
        this.tokens = tokens;
    }

    /** @return the token id; never null */
    public String authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(ErrorCode.MISSING_TOKEN,
                    "send your access token in the header Authorization: Bearer <token>");
        }
        String h = header.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(ErrorCode.MISSING_TOKEN,
                    "the Authorization header must use the Bearer scheme: Authorization: Bearer <token>");
        }
        String secret = h.substring(7).strip();
        return tokens.authenticate(secret).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return new ApiException(ErrorCode.INVALID_TOKEN,
                    "the access token is unknown or revoked; create one with `hibiki token create --name NAME`");
        });
    }
}
