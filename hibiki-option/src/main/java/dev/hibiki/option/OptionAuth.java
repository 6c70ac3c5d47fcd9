package dev.hibiki.option;

import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.ErrorCode;
import dev.hibiki.platform.http.FailedAuthThrottle;
import io.javalin.http.Context;

/**
 * {@code Authorization: Bearer <token from POST /api/login>} → the calling user; a refusal is 401. Refusals count in
 * the platform's failed-authentication throttle, so that an address has one limit whichever API's credentials it
 * guesses (429 with {@code Retry-After} past it).
 */
final class OptionAuth {

    private final LoginTokens tokens;
    private final FailedAuthThrottle throttle;

    OptionAuth(LoginTokens tokens, FailedAuthThrottle throttle) {
        this.tokens = tokens;
        this.throttle = throttle;
    }

    OptionUser authenticate(Context ctx) {
        return authenticate(ctx, null);
    }

    /** @param queryToken a token given in the URL, for browsers' EventSource, which cannot send headers */
    OptionUser authenticate(Context ctx, String queryToken) {
        String address = FailedAuthThrottle.clientAddress(ctx);
        long retryAfter = throttle.retryAfterSeconds(address);
        if (retryAfter > 0) {
            ctx.header("Retry-After", Long.toString(retryAfter));
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "too many requests with a missing or wrong token from"
                    + " your address; try again in " + retryAfter + " s with a token from POST /api/login");
        }
        String header = ctx.header("Authorization");
        String token;
        if (header != null && !header.isBlank()) {
            String h = header.strip();
            if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw refused(ctx, address, ErrorCode.MISSING_TOKEN,
                        "the Authorization header must be Bearer <token>, with the token from POST /api/login");
            }
            token = h.substring(7).strip();
        } else if (queryToken != null && !queryToken.isBlank()) {
            token = queryToken.strip();
        } else {
            throw refused(ctx, address, ErrorCode.MISSING_TOKEN,
                    "send Authorization: Bearer <token>, with the token from POST /api/login");
        }
        return tokens.authenticate(token).orElseThrow(() -> refused(ctx, address, ErrorCode.INVALID_TOKEN,
                "the token is unknown, expired or revoked; log in again with POST /api/login"));
    }

    private ApiException refused(Context ctx, String address, ErrorCode code, String message) {
        throttle.recordFailure(address);
        ctx.header("WWW-Authenticate", "Bearer realm=\"hibiki\"");
        return new ApiException(code, message);
    }
}
