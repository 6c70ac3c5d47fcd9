package dev.hibiki.option;

import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.ErrorCode;
import dev.hibiki.platform.http.FailedAuthThrottle;
import dev.hibiki.platform.http.JsonResponses;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static dev.hibiki.option.OptionResponses.answering;

/** {@code POST /api/login}, {@code PATCH /api/password} and {@code PATCH /api/access-code}. */
final class AccountApi {

    private final LoginService logins;
    private final LoginThrottle throttle;
    private final UserService users;
    private final SystemService systems;
    private final LoginTokens tokens;
    private final OptionAuth auth;
    private final OptionTimes times;

    AccountApi(LoginService logins, LoginThrottle throttle, UserService users, SystemService systems,
               LoginTokens tokens, OptionAuth auth, OptionTimes times) {
        this.logins = logins;
        this.throttle = throttle;
        this.users = users;
        this.systems = systems;
        this.tokens = tokens;
        this.auth = auth;
        this.times = times;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.post("/api/login", answering(this::login));
        cfg.routes.patch("/api/password", answering(this::password));
        cfg.routes.patch("/api/access-code", answering(this::accessCode));
        MethodNotAllowed.register(cfg, "/api/login", "POST");
        MethodNotAllowed.register(cfg, "/api/password", "PATCH");
        MethodNotAllowed.register(cfg, "/api/access-code", "PATCH");
    }

    private void login(Context ctx) {
        OptionRequest req = OptionRequest.of(ctx);
        String email = req.requiredText("email");
        String password = req.requiredText("password");
        String accessCode = req.requiredText("access_code");
        // Bounded before anything else: the throttle keeps emails as keys, and Argon2 reads every byte it is given.
        if (email.length() > OptionRules.MAX_EMAIL) throw ApiException.invalid("email must be at most "
                + OptionRules.MAX_EMAIL + " characters");
        if (password.length() > OptionRules.MAX_PASSWORD) throw ApiException.invalid("password must be at most "
                + OptionRules.MAX_PASSWORD + " characters");
        if (accessCode.length() > OptionRules.MAX_ACCESS_CODE) throw ApiException.invalid("access_code must be at most "
                + OptionRules.MAX_ACCESS_CODE + " characters");
        String key = email.strip().toLowerCase(Locale.ROOT);
        String address = FailedAuthThrottle.clientAddress(ctx);
        long retryAfter = throttle.retryAfterSeconds(key, address);
        if (retryAfter > 0) {
            ctx.header("Retry-After", Long.toString(retryAfter));
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "too many failed logins for this email or from your"
                    + " address; try again in " + retryAfter + " s");
        }
        LoginService.Login login = logins.login(email, password, accessCode).orElse(null);
        if (login == null) {
            throttle.recordFailure(key, address);
            throw new ApiException(ErrorCode.INVALID_TOKEN, "the email, password or access code is wrong");
        }
        throttle.recordSuccess(key);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        out.put("token", login.token().token());
        out.put("expires_at", times.format(login.token().expiresAt(), OptionTimes.SLASHED));
        out.put("user", UserApi.json(login.user(), times));
        // The zone every datetime of the API is in, so that a client can show and enter them as the system means them.
        out.put("time_zone", times.zone().getId());
        JsonResponses.write(ctx, 200, out);
    }

    private void password(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        OptionRequest req = OptionRequest.of(ctx);
        LoginTokens.Issued fresh = users.changeOwnPassword(caller, req.requiredText("password"));
        OptionResponses.ok(ctx, "token", fresh.token(), "expires_at", times.format(fresh.expiresAt(), OptionTimes.SLASHED));
    }

    private void accessCode(Context ctx) {
        OptionUser caller = auth.authenticate(ctx);
        OptionRequest req = OptionRequest.of(ctx);
        systems.changeAccessCode(caller, req.requiredText("access_code"));
        LoginTokens.Issued fresh = tokens.issue(caller.id());
        OptionResponses.ok(ctx, "token", fresh.token(), "expires_at", times.format(fresh.expiresAt(), OptionTimes.SLASHED));
    }
}
