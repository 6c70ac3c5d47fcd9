package dev.hibiki.server;

import dev.hibiki.server.channel.ChannelService;
import dev.hibiki.server.config.ConfigLoader;
import dev.hibiki.server.config.HibikiConfig;
import dev.hibiki.server.http.BearerAuthenticator;
import dev.hibiki.server.http.HttpServer;
import dev.hibiki.server.http.PublicUrls;
import dev.hibiki.server.http.SoraTargetDispatcher;
import dev.hibiki.server.imageflux.ImageFluxChannelApi;
import dev.hibiki.server.persistence.Database;
import dev.hibiki.server.token.IssuedToken;
import dev.hibiki.server.token.TokenService;
import dev.hibiki.server.signaling.SignalingEndpoint;
import dev.hibiki.ice.HostCandidates;
import dev.hibiki.ice.IceSettings;
import dev.hibiki.sfu.Sfu;
import dev.hibiki.sfu.SfuConfig;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One running Hibiki: database, services and the HTTP front, started and stopped together. */
public final class HibikiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HibikiServer.class);
    /** Reported to clients as {@code offer.version}. */
    public static final String VERSION = "Hibiki 0.1.0";
    /** The video bit rate asked of senders that name none (kbps). */
    private static final int DEFAULT_VIDEO_KBPS = 2500;

    private final Database database;
    private final Sfu sfu;
    private final SignalingEndpoint signaling;
    private final HttpServer http;
    private final PublicUrls urls;
    private final TokenService tokens;
    private final Optional<IssuedToken> initialToken;
    private final JvmGcMetrics gcMetrics;
    private boolean stopped;

    private HibikiServer(Database database, Sfu sfu, SignalingEndpoint signaling, HttpServer http, PublicUrls urls,
                         TokenService tokens, Optional<IssuedToken> initialToken, JvmGcMetrics gcMetrics) {
        this.database = database;
        this.sfu = sfu;
        this.signaling = signaling;
        this.http = http;
        this.urls = urls;
        this.tokens = tokens;
        this.initialToken = initialToken;
        this.gcMetrics = gcMetrics;
    }

    public static HibikiServer start(HibikiConfig config) {
        ConfigLoader.prepareDataDir(config);
        Database database;
        try {
            database = Database.open(config.database(), config.dataDir());
        } catch (RuntimeException e) {
            throw new StartupException("cannot open the database " + config.database().redactedUrl() + ": "
                    + StartupException.rootMessage(e), e);
        }
        Sfu sfu;
        try {
            List<InetAddress> announced = config.media().addresses().isEmpty()
                    ? HostCandidates.interfaceAddresses(true) : config.media().addresses();
            sfu = Sfu.start(new SfuConfig(new InetSocketAddress(config.media().port()), announced, IceSettings.DEFAULT,
                    DEFAULT_VIDEO_KBPS));
        } catch (IOException | RuntimeException e) {
            database.close();
            throw new StartupException("cannot open the media port UDP " + config.media().port() + ": "
                    + StartupException.rootMessage(e), e);
        }
        SignalingEndpoint signaling = null;
        try {
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new ClassLoaderMetrics().bindTo(metrics);
            new JvmMemoryMetrics().bindTo(metrics);
            JvmGcMetrics gc = new JvmGcMetrics();
            gc.bindTo(metrics);
            new JvmThreadMetrics().bindTo(metrics);
            new ProcessorMetrics().bindTo(metrics);
            new UptimeMetrics().bindTo(metrics);

            registerMediaMetrics(metrics, sfu);
            TokenService tokens = new TokenService(database.jdbi());
            ChannelService channels = new ChannelService(database.jdbi());
            PublicUrls urls = new PublicUrls();
            SoraTargetDispatcher api = new SoraTargetDispatcher(new BearerAuthenticator(tokens));
            signaling = new SignalingEndpoint(channels, sfu, VERSION, Duration.ofSeconds(5));
            new ImageFluxChannelApi(channels, urls, signaling::disconnectChannel).registerWith(api);

            Optional<IssuedToken> initial = tokens.issueInitialToken();
            HttpServer http = new HttpServer(new HttpServer.Settings(config.httpHost(), config.httpPort(),
                    config.corsOrigins(), config.shutdownTimeout()), api, metrics, signaling::register);
            try {
                http.start();
            } catch (RuntimeException e) {
                throw new StartupException("cannot listen on " + config.httpHost() + ":" + config.httpPort() + ": "
                        + StartupException.rootMessage(e), e);
            }
            urls.setBase(config.publicUrl() != null ? config.publicUrl()
                    : URI.create("http://" + reachableHost(config.httpHost()) + ":" + http.port()));
            http.markReady();
            LOG.info("Hibiki serving on {}:{} (public URL {}, database {})", config.httpHost(), http.port(),
                    urls.httpBase(), database.postgres() ? "PostgreSQL" : "H2");
            return new HibikiServer(database, sfu, signaling, http, urls, tokens, initial, gc);
        } catch (RuntimeException e) {
            if (signaling != null) signaling.close();
            sfu.close();
            database.close();
            throw e;
        }
    }

    private static void registerMediaMetrics(PrometheusMeterRegistry metrics, Sfu sfu) {
        io.micrometer.core.instrument.Gauge.builder("hibiki.webrtc.connections", sfu, Sfu::connectionCount)
                .description("WebRTC connections in all channels").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.rtp.received", sfu, s -> s.counters().rtpReceived())
                .description("RTP packets received from senders").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.rtp.forwarded", sfu, s -> s.counters().rtpForwarded())
                .description("RTP packets sent to subscribers").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.rtcp.received", sfu, s -> s.counters().rtcpReceived())
                .description("RTCP packets received").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.srtp.dropped", sfu, s -> s.counters().srtpDropped())
                .description("SRTP/SRTCP packets dropped: authentication failure, replay or malformed").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.ice.dropped", sfu, Sfu::iceDropped)
                .description("datagrams the media port dropped (unknown source, bad STUN, ...)").register(metrics);
    }

    /** A host a local client can use to reach a listener bound to {@code bindHost}. */
    private static String reachableHost(String bindHost) {
        if (bindHost.equals("0.0.0.0") || bindHost.isEmpty()) return "127.0.0.1";
        if (bindHost.equals("::") || bindHost.equals("[::]")) return "[::1]";
        if (bindHost.contains(":") && !bindHost.startsWith("[")) return "[" + bindHost + "]";
        return bindHost;
    }

    public PublicUrls urls() {
        return urls;
    }

    public int port() {
        return http.port();
    }

    public int mediaPort() {
        return sfu.mediaPort();
    }

    /** The media plane, for tests that need its hooks. */
    public Sfu sfu() {
        return sfu;
    }

    public TokenService tokens() {
        return tokens;
    }

    /** The token created on the very first start of this database, to be shown once. */
    public Optional<IssuedToken> initialToken() {
        return initialToken;
    }

    /** Graceful: stops accepting, finishes requests in flight, then closes the database. */
    @Override
    public synchronized void close() {
        if (stopped) return;
        stopped = true;
        LOG.info("Hibiki stopping: finishing requests in flight");
        try {
            http.stop();
        } finally {
            signaling.close();
            sfu.close();
            gcMetrics.close();
            database.close();
            LOG.info("Hibiki stopped");
        }
    }
}
