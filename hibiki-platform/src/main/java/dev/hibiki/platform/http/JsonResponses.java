package dev.hibiki.platform.http;

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
        write(ctx, code.status(), errorBody(code, message));
    }

    /**
     * The error shape with a product's own status and code (one {@link ErrorCode} does not name), and further
     * top-level fields that product's clients expect beside {@code error}, such as {@code "ok": false}.
     */
    public static void error(Context ctx, int status, String code, String message, Map<String, ?> extraFields) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        Map<String, Object> body = new LinkedHashMap<>(extraFields);
        Map<String, String> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        body.put("error", error);
        write(ctx, status, body);
    }

    /** The error shape as bytes, for answers written outside a request's {@link Context} (Jetty's own errors). */
    static byte[] errorBytes(ErrorCode code, String message) {
        try {
            return JsonBodyReader.mapper().writeValueAsBytes(errorBody(code, message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error is not serialisable as JSON", e);
        }
    }

    private static Map<String, Object> errorBody(ErrorCode code, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        return Map.of("error", error);
    }
}
