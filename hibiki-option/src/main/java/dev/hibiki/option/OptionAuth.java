package dev.hibiki.option;

import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.ErrorCode;
import io.javalin.http.Context;

/** {@code Authorization: Bearer <token from POST /api/login>} → the calling user; a refusal is 401. */
final class OptionAuth {

    private final LoginTokens tokens;

    OptionAuth(LoginTokens tokens) {
        this.tokens = tokens;
    }

    OptionUser authenticate(Context ctx) {
        return authenticate(ctx, null);
    }

    /** @param queryToken a token given in the URL, for browsers' EventSource, which cannot send headers */
    OptionUser authenticate(Context ctx, String queryToken) {
        String header = ctx.header("Authorization");
        String token;
        if (header != null && !header.isBlank()) {
            String h = header.strip();
            if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw refused(ctx, ErrorCode.MISSING_TOKEN,
                        "the Authorization header must be Bearer <token>, with the token from POST /api/login");
            }
            token = h.substring(7).strip();
        } else if (queryToken != null && !queryToken.isBlank()) {
            token = queryToken.strip();
        } else {
            throw refused(ctx, ErrorCode.MISSING_TOKEN,
                    "send Authorization: Bearer <token>, with the token from POST /api/login");
        }
        return tokens.authenticate(token).orElseThrow(() -> refused(ctx, ErrorCode.INVALID_TOKEN,
                "the token is unknown, expired or revoked; log in again with POST /api/login"));
    }

    private static ApiException refused(Context ctx, ErrorCode code, String message) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"hibiki\"");
        return new ApiException(code, message);
    }
}
