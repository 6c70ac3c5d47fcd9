package dev.hibiki.platform.http;

import dev.hibiki.platform.token.TokenService;
import io.javalin.http.Context;

/**
 * Turns the {@code Authorization: Bearer …} header into the id of an active access token; an address that failed
 * too often is refused first ({@link FailedAuthThrottle}).
 */
public final class BearerAuthenticator {

    private final TokenService tokens;
    private final FailedAuthThrottle throttle;

    public BearerAuthenticator(TokenService tokens) {
        this(tokens, new FailedAuthThrottle());
    }

    /** @param throttle shared by every API of the server, so that one address has one limit */
    public BearerAuthenticator(TokenService tokens, FailedAuthThrottle throttle) {
        this.tokens = tokens;
        this.throttle = throttle;
    }

    /** The failed-attempt throttle, for APIs with credentials of their own (RICOH clients, Option users). */
    public FailedAuthThrottle throttle() {
        return throttle;
    }

    /** @return the token id; never null */
    public String authenticate(Context ctx) {
        String client = FailedAuthThrottle.clientAddress(ctx);
        long retryAfter = throttle.retryAfterSeconds(client);
        if (retryAfter > 0) {
            ctx.header("Retry-After", Long.toString(retryAfter));
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "too many requests with a missing or wrong access token "
                    + "from your address; try again in " + retryAfter + " s with a valid token");
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw refused(ctx, client, "Bearer", ErrorCode.MISSING_TOKEN,
                    "send your access token in the header Authorization: Bearer <token>");
        }
        String h = header.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw refused(ctx, client, "Bearer", ErrorCode.MISSING_TOKEN,
                    "the Authorization header must use the Bearer scheme: Authorization: Bearer <token>");
        }
        String secret = h.substring(7).strip();
        return tokens.authenticate(secret).orElseThrow(() -> refused(ctx, client, "Bearer error=\"invalid_token\"",
                ErrorCode.INVALID_TOKEN, "the access token is unknown or revoked; create one with `hibiki token create --name NAME`"));
    }

    private ApiException refused(Context ctx, String client, String challenge, ErrorCode code, String message) {
        throttle.recordFailure(client);
        ctx.header("WWW-Authenticate", challenge);
        return new ApiException(code, message);
    }
}
