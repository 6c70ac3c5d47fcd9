package dev.hibiki.ricoh;

import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.ErrorCode;
import dev.hibiki.platform.http.FailedAuthThrottle;
import io.javalin.http.Context;

/**
 * Who calls the rooms API: a bearer token from {@code POST /v1/token}, or the client credentials themselves with
 * HTTP Basic (the document's down-ticket example sends {@code Authorization: Basic}). A refusal is 401 with an RFC
 * 6750 {@code WWW-Authenticate} challenge and the platform's error body.
 */
final class RicohAuthenticator {

    private final ApiClientService clients;
    private final FailedAuthThrottle throttle;

    RicohAuthenticator(ApiClientService clients, FailedAuthThrottle throttle) {
        this.clients = clients;
        this.throttle = throttle;
    }

    /** @return the calling client; never null */
    ApiClient authenticate(Context ctx) {
        String address = FailedAuthThrottle.clientAddress(ctx);
        long retryAfter = throttle.retryAfterSeconds(address);
        if (retryAfter > 0) {
            ctx.header("Retry-After", Long.toString(retryAfter));
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "too many requests with wrong credentials from your "
                    + "address; try again in " + retryAfter + " s with a valid access token or client secret");
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw refused(ctx, "Bearer realm=\"hibiki\"", ErrorCode.MISSING_TOKEN,
                    "send Authorization: Bearer <access token from POST /v1/token>");
        }
        String h = header.strip();
        if (ClientCredentials.isBasic(h)) {
            return ClientCredentials.fromBasic(h)
                    .flatMap(c -> clients.authenticate(c.id(), c.secret()))
                    .orElseThrow(() -> failed(ctx, address, "Basic realm=\"hibiki\"", ErrorCode.INVALID_TOKEN,
                            "unknown client, wrong secret or revoked client"));
        }
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw refused(ctx, "Bearer realm=\"hibiki\"", ErrorCode.MISSING_TOKEN,
                    "the Authorization header must be Bearer <access token> or Basic <client credentials>");
        }
        return clients.authenticateToken(h.substring(7).strip())
                .orElseThrow(() -> failed(ctx, address, "Bearer realm=\"hibiki\", error=\"invalid_token\", "
                                + "error_description=\"the access token is unknown, expired or revoked\"",
                        ErrorCode.INVALID_TOKEN,
                        "the access token is unknown, expired or revoked; get a new one from POST /v1/token"));
    }

    /** A wrong secret or token counts against the address; a missing one does not (a client that forgot it). */
    private ApiException failed(Context ctx, String address, String challenge, ErrorCode code, String message) {
        throttle.recordFailure(address);
        return refused(ctx, challenge, code, message);
    }

    private static ApiException refused(Context ctx, String challenge, ErrorCode code, String message) {
        ctx.header("WWW-Authenticate", challenge);
        return new ApiException(code, message);
    }
}
