package dev.hibiki.platform.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP front: routes, the shared JSON error shape, CORS, the access log, request metrics, and a graceful
 * stop that lets requests in flight finish.
 */
public final class HttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("hibiki.access");
    private static final Set<String> KNOWN_PATHS = Set.of("/", "/health", "/metrics");
    private static final String REQUEST_ID = "hibiki.requestId";

    public record Settings(String host, int port, List<String> corsOrigins, Duration shutdownTimeout) {
    }

    /** Request headers must be complete this long after their first byte (SlowRequestGuard). */
    static final Duration HEADER_DEADLINE = Duration.ofSeconds(10);
    /** A request body must be complete this long after its headers (bodies are at most 1 MiB of JSON). */
    static final Duration BODY_DEADLINE = Duration.ofSeconds(60);

    private final Javalin app;
    private final Duration shutdownTimeout;
    private SlowRequestGuard slowRequests;
    private org.eclipse.jetty.server.Server jetty;
    private final PrometheusMeterRegistry metrics;
    private volatile boolean ready;
    private final java.util.concurrent.ConcurrentHashMap<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public HttpServer(Settings settings, SoraTargetDispatcher api, PrometheusMeterRegistry metrics) {
        this(settings, api, metrics, cfg -> { });
    }

    /** @param extraRoutes registers further routes, such as the signaling WebSocket */
    public HttpServer(Settings settings, SoraTargetDispatcher api, PrometheusMeterRegistry metrics,
                      java.util.function.Consumer<io.javalin.config.JavalinConfig> extraRoutes) {
        this.metrics = metrics;
        this.shutdownTimeout = settings.shutdownTimeout();
        Cors cors = new Cors(settings.corsOrigins());
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = settings.host();
            cfg.jetty.port = settings.port();
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = JsonBodyReader.MAX_BODY_BYTES;
            cfg.concurrency.useVirtualThreads = true;
            cfg.jetty.modifyServer(server -> {
                // stop() shuts down gracefully itself (connectors first, then the handlers in flight, bounded), so
                // Jetty's own stop has nothing left to wait for.
                server.setStopTimeout(0);
                server.setHandler(new GracefulHandler());
                jetty = server;
                server.setErrorHandler(new JsonErrorHandler());
                slowRequests = new SlowRequestGuard(server, HEADER_DEADLINE, BODY_DEADLINE);
            });
            cfg.requestLogger.http(this::logAndMeasure);

            cfg.routes.before(ctx -> {
                String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
                ctx.attribute(REQUEST_ID, id);
                ctx.header("X-Request-Id", id);
                cors.apply(ctx);
            });
            extraRoutes.accept(cfg);
            cfg.routes.post("/", api);
            cfg.routes.options("/", cors::preflight);
            cfg.routes.get("/health", this::health);
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));

            cfg.routes.exception(ApiException.class, (e, ctx) -> JsonResponses.error(ctx, e.code(), e.getMessage()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} (id {}) failed", ctx.method(), ctx.path(), ctx.attribute(REQUEST_ID), e);
                JsonResponses.error(ctx, ErrorCode.INTERNAL_ERROR,
                        "internal error; report request id " + ctx.attribute(REQUEST_ID) + " to the operator");
            });
            cfg.routes.error(404, "*", ctx -> {
                if (emptyBody(ctx)) JsonResponses.error(ctx, ErrorCode.NOT_FOUND, "no resource at " + ctx.path()
                        + "; the API is POST / with an X-Sora-Target header");
            });
            cfg.routes.error(405, "*", ctx -> {
                // A product that answered its own 405 named its path's methods already.
                if (emptyBody(ctx)) ctx.header("Allow", allowed(ctx.path()));
                if (emptyBody(ctx)) JsonResponses.error(ctx, ErrorCode.METHOD_NOT_ALLOWED, ctx.method() + " is not allowed on "
                        + ctx.path() + "; use " + allowed(ctx.path()));
            });
        });
    }

    /** Javalin calls error handlers for any 404/405, including the ones an API answered on purpose. */
    private static boolean emptyBody(Context ctx) {
        return !JsonResponses.errorWritten(ctx);
    }

    private static String allowed(String path) {
        if (path.startsWith("/rest-api/") || path.startsWith("/RESTCall/")) return "POST";
        return path.equals("/") ? "POST, OPTIONS" : "GET";
    }

    private void health(Context ctx) {
        if (ready) {
            JsonResponses.write(ctx, 200, Map.of("status", "ok"));
        } else {
            JsonResponses.write(ctx, 503, Map.of("status", "unavailable"));
        }
    }

    private void logAndMeasure(Context ctx, Float ms) {
        String path = ctx.path();
        String target = ctx.header(SoraTargetDispatcher.TARGET_HEADER);
        int status = ctx.status().getCode();
        String uri = KNOWN_PATHS.contains(path) ? path : "other";
        ACCESS.info("{} \"{} {}\" {} {}ms target={} id={}", ctx.ip(), ctx.method(), path, status,
                Math.round(ms * 10) / 10.0, target == null ? "-" : target, ctx.attribute(REQUEST_ID));
        // One Timer per (method, uri, status), built once: registering on every request costs allocation.
        timers.computeIfAbsent(ctx.method().name() + ' ' + uri + ' ' + status, key -> Timer.builder("http.server.requests")
                        .description("HTTP requests served")
                        .tag("method", ctx.method().name())
                        .tag("uri", uri)
                        .tag("status", Integer.toString(status))
                        .register(metrics))
                .record((long) (ms * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    public void start() {
        app.start();
        slowRequests.start();
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.http.slow_requests.closed", slowRequests,
                        SlowRequestGuard::closedConnections)
                .description("connections closed because their request headers or body arrived too slowly (slow-loris)")
                .register(metrics);
    }

    /** From now on /health answers 200. */
    public void markReady() {
        ready = true;
    }

    /** The port actually bound; differs from the configured one when that was 0. */
    public int port() {
        return app.port();
    }

    /** Stops accepting, lets requests in flight finish (up to the shutdown timeout), then returns. */
    public void stop() {
        ready = false;
        slowRequests.close();
        // Jetty's graceful stop reports requests that outlive the timeout as a stack trace (TimeoutException through
        // Javalin); a client too slow to finish within the shutdown timeout is expected, so it is one log line here.
        java.util.concurrent.CompletableFuture<Void> graceful = org.eclipse.jetty.util.component.Graceful.shutdown(jetty);
        try {
            graceful.get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("requests still in flight after the shutdown timeout ({} s) are cut off", shutdownTimeout.toSeconds());
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("graceful shutdown failed: {}", e.getCause() == null ? e.toString() : e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
    }

    /** CORS as Sora's API answers it, for the origins the operator allowed. */
    private static final class Cors {
        private final List<String> origins;

        Cors(List<String> origins) {
            this.origins = origins;
        }

        private String allowedOrigin(Context ctx) {
            String origin = ctx.header("Origin");
            if (origin == null || origins.isEmpty()) return null;
            if (origins.contains("*")) return "*";
            return origins.contains(origin) ? origin : null;
        }

        void apply(Context ctx) {
            String origin = allowedOrigin(ctx);
            if (origin == null) return;
            ctx.header("Access-Control-Allow-Origin", origin);
            if (!origin.equals("*")) ctx.header("Vary", "Origin");
            ctx.header("Access-Control-Expose-Headers", "X-Request-Id");
        }

        void preflight(Context ctx) {
            ctx.header("Allow", "POST, OPTIONS");
            if (allowedOrigin(ctx) != null) {
                ctx.header("Access-Control-Allow-Methods", "POST, OPTIONS");
                ctx.header("Access-Control-Allow-Headers",
                        "Origin, X-Requested-With, Content-Type, Accept, Authorization, x-sora-target");
                ctx.header("Access-Control-Max-Age", "1000");
            }
            ctx.status(204);
        }
    }

}
