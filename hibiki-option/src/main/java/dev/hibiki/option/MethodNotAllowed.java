package dev.hibiki.option;

import dev.hibiki.platform.http.ErrorCode;
import dev.hibiki.platform.http.JsonResponses;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;

import java.util.List;
import java.util.Map;

/**
 * A 405 for the option's paths that names the methods the path does take, in the option's error shape (the
 * platform's own 405 knows only its own paths).
 */
final class MethodNotAllowed {

    private static final List<String> CHECKED = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private MethodNotAllowed() {
    }

    /** Answers every method of {@link #CHECKED} that {@code path} does not take with 405 and {@code Allow}. */
    static void register(JavalinConfig cfg, String path, String... allowed) {
        List<String> taken = List.of(allowed);
        String allow = String.join(", ", taken);
        Handler refuse = ctx -> {
            ctx.header("Allow", allow);
            JsonResponses.error(ctx, ErrorCode.METHOD_NOT_ALLOWED.status(), ErrorCode.METHOD_NOT_ALLOWED.name(),
                    ctx.method() + " is not allowed on " + path + "; use " + allow, Map.of("ok", false));
        };
        for (String method : CHECKED) {
            if (taken.contains(method)) continue;
            switch (method) {
                case "GET" -> cfg.routes.get(path, refuse);
                case "POST" -> cfg.routes.post(path, refuse);
                case "PUT" -> cfg.routes.put(path, refuse);
                case "PATCH" -> cfg.routes.patch(path, refuse);
                case "DELETE" -> cfg.routes.delete(path, refuse);
                default -> throw new IllegalStateException("not a checked method: " + method);
            }
        }
    }
}
