package dev.hibiki.option;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

/**
 * The web app at {@code /app/} (static files from {@code option-app/} on the classpath): login, schedules,
 * broadcaster and viewer pages with the chat, users and account. It uses the browser libraries that hibiki-server's
 * build serves under {@code /demo/vendor/} (sora-js-sdk, hls.js).
 */
final class OptionWebApp {

    static final String PATH = "/app";

    private OptionWebApp() {
    }

    static void register(JavalinConfig cfg) {
        cfg.staticFiles.add(app -> {
            app.hostedPath = PATH;
            app.directory = "/option-app";
            app.location = Location.CLASSPATH;
            app.mimeTypes.add("text/javascript", "mjs");
        });
    }
}
