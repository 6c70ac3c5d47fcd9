package dev.hibiki.server;

import dev.hibiki.platform.Feature;
import dev.hibiki.platform.Platform;
import io.javalin.http.staticfiles.Location;

/**
 * The demo pages at {@code /demo/} (send/recv like ImageFlux's quickstart samples, and an HLS player) with the real
 * sora-js-sdk and hls.js, which the build copies from npm into {@code demo/vendor/}. Static files only answer GET/HEAD
 * on files that exist; anything else under /demo still gets the platform's JSON 404/405.
 */
final class DemoPages implements Feature {

    @Override
    public String name() {
        return "demo-pages";
    }

    @Override
    public void start(Platform platform) {
        platform.routes(cfg -> cfg.staticFiles.add(demo -> {
            demo.hostedPath = "/demo";
            demo.directory = "/demo";
            demo.location = Location.CLASSPATH;
            demo.mimeTypes.add("text/javascript", "mjs");
        }));
    }

    @Override
    public void stop() {
        // static files hold nothing
    }
}
