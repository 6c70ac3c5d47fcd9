package dev.hibiki.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON bodies, including the one error shape every API shares. */
public final class JsonResponses {

    private static final String ERROR_WRITTEN = "hibiki.errorWritten";

    private JsonResponses() {
    }

    public static void write(Context ctx, int status, Object body) {
        try {
            ctx.status(status)
                    .contentType("application/json")
                    .result(JsonBodyReader.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response is not serialisable as JSON", e);
        }
    }

    static boolean errorWritten(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(ERROR_WRITTEN));
    }

    /** {@code {"error":{"code":"…","message":"…"}}} */
    public static void error(Context ctx, ErrorCode code, String message) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        Map<String, String> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        write(ctx, code.status(), Map.of("error", error));
    }
}
