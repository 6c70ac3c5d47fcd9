package dev.hibiki.option;

import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.JsonResponses;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The option's answers: the document's bodies with {@code "ok": true}, and errors in the platform's shape
 * ({@code {"error":{"code","message"}}}) with {@code "ok": false} beside it, so that the document's clients can
 * test {@code ok} and everyone else can switch on the code.
 */
final class OptionResponses {

    /** 403: the caller's permissions do not allow the request. */
    static final String PERMISSION_DENIED = "PERMISSION_DENIED";

    private static final Map<String, Object> NOT_OK = Map.of("ok", false);

    private OptionResponses() {
    }

    /** Runs the handler and writes any refusal in the option's error shape. */
    static Handler answering(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (ApiException e) {
                JsonResponses.error(ctx, e.code().status(), e.code().name(), e.getMessage(), NOT_OK);
            } catch (OptionException e) {
                switch (e.reason()) {
                    case NOT_FOUND -> JsonResponses.error(ctx, 404, "NOT_FOUND", e.getMessage(), NOT_OK);
                    case FORBIDDEN -> JsonResponses.error(ctx, 403, PERMISSION_DENIED, e.getMessage(), NOT_OK);
                    case CONFLICT -> JsonResponses.error(ctx, 409, "CONFLICT", e.getMessage(), NOT_OK);
                    case INVALID -> JsonResponses.error(ctx, 400, "INVALID_PARAMETER", e.getMessage(), NOT_OK);
                }
            }
        };
    }

    static void ok(Context ctx) {
        JsonResponses.write(ctx, 200, Map.of("ok", true));
    }

    /** {@code {"ok": true, ...fields}} in the given order. */
    static void ok(Context ctx, Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", true);
        for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        JsonResponses.write(ctx, 200, out);
    }
}
