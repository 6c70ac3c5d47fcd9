package dev.hibiki.soramode;

import dev.hibiki.live.sora.SoraConnectionApi;
import dev.hibiki.platform.StartupException;
import dev.hibiki.platform.http.HttpServer;
import dev.hibiki.platform.http.SoraTargetDispatcher;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The Sora HTTP API for Sora-mode channels on a listener of its own, without a token, as Sora serves its API: meant
 * for the operator's private network (127.0.0.1 by default). The public listener keeps requiring tokens.
 */
final class SoraModeApiListener implements AutoCloseable {

    /** The caller every operation of this listener acts as. */
    static final String CALLER = "sora-mode-api";

    private final HttpServer server;

    SoraModeApiListener(InetSocketAddress listen, SoraConnectionApi api, Duration shutdownTimeout) {
        SoraTargetDispatcher dispatcher = SoraTargetDispatcher.trusting(CALLER);
        api.registerWith(dispatcher);
        // A registry of its own: this listener's /metrics shows its own requests, the public one everything else.
        server = new HttpServer(new HttpServer.Settings(listen.getHostString(), listen.getPort(), List.of(),
                shutdownTimeout), dispatcher, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        try {
            server.start();
        } catch (RuntimeException e) {
            throw new StartupException("cannot open the Sora-mode API on " + listen.getHostString() + ":"
                    + listen.getPort() + " (sora_mode.api_listen): " + StartupException.rootMessage(e), e);
        }
        server.markReady();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
