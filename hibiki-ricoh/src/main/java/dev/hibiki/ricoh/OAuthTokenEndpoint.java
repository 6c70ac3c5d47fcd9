package dev.hibiki.ricoh;

import dev.hibiki.platform.http.FailedAuthThrottle;
import dev.hibiki.platform.http.JsonResponses;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/token}: the OAuth 2.0 client credentials grant (RFC 6749 4.4). The client authenticates with HTTP
 * Basic or with {@code client_id}/{@code client_secret} form fields (never both, 2.3); errors are RFC 6749 5.2's
 * {@code {"error":…,"error_description":…}}, which OAuth libraries parse, not the platform's error shape.
 */
final class OAuthTokenEndpoint {

    static final String PATH = "/v1/token";
    private static final String CHALLENGE = "Basic realm=\"hibiki\"";

    private final ApiClientService clients;
    private final Duration tokenTtl;
    private final FailedAuthThrottle throttle;

    OAuthTokenEndpoint(ApiClientService clients, Duration tokenTtl, FailedAuthThrottle throttle) {
        this.clients = clients;
        this.tokenTtl = tokenTtl;
        this.throttle = throttle;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.post(PATH, this::token);
    }

    private void token(Context ctx) {
        // Tokens must not land in caches (RFC 6749 5.1), and neither do the errors.
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        String address = FailedAuthThrottle.clientAddress(ctx);
        long retryAfter = throttle.retryAfterSeconds(address);
        if (retryAfter > 0) {
            // RFC 6749 has no code for this; temporarily_unavailable is the one OAuth libraries treat as "retry later".
            ctx.header("Retry-After", Long.toString(retryAfter));
            error(ctx, 429, "temporarily_unavailable", "too many failed client authentications from your address;"
                    + " try again in " + retryAfter + " s");
            return;
        }
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (!contentType.startsWith("application/x-www-form-urlencoded")) {
            error(ctx, 400, "invalid_request", "send the parameters as application/x-www-form-urlencoded");
            return;
        }
        String authorization = ctx.header("Authorization");
        String formId = ctx.formParam("client_id");
        String formSecret = ctx.formParam("client_secret");
        boolean basic = ClientCredentials.isBasic(authorization);
        if (basic && (formId != null || formSecret != null)) {
            error(ctx, 400, "invalid_request", "authenticate with HTTP Basic or with client_id/client_secret, not both");
            return;
        }
        Optional<ClientCredentials> credentials = basic ? ClientCredentials.fromBasic(authorization)
                : formId != null && formSecret != null ? Optional.of(new ClientCredentials(formId, formSecret))
                : Optional.empty();
        if (credentials.isEmpty()) {
            ctx.header("WWW-Authenticate", CHALLENGE);
            error(ctx, 401, "invalid_client", basic ? "the Basic credentials are malformed"
                    : "authenticate with HTTP Basic (client id and secret) or client_id and client_secret fields");
            return;
        }
        Optional<ApiClient> client = clients.authenticate(credentials.get().id(), credentials.get().secret());
        if (client.isEmpty()) {
            throttle.recordFailure(address);
            ctx.header("WWW-Authenticate", CHALLENGE);
            error(ctx, 401, "invalid_client", "unknown client, wrong secret or revoked client");
            return;
        }
        String grantType = ctx.formParam("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            error(ctx, 400, "invalid_request", "grant_type is required (client_credentials)");
            return;
        }
        if (!grantType.equals("client_credentials")) {
            error(ctx, 400, "unsupported_grant_type", "only grant_type=client_credentials is supported");
            return;
        }
        String token = clients.issueToken(client.get().id(), tokenTtl);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        body.put("expires_in", tokenTtl.toSeconds());
        JsonResponses.write(ctx, 200, body);
    }

    private static void error(Context ctx, int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        JsonResponses.write(ctx, status, body);
    }
}
