package dev.hibiki.server;

import dev.hibiki.server.imageflux.ImageFluxStatsApi;
import dev.hibiki.server.signaling.SignalingHooks;
import dev.hibiki.server.sip.SipService;
import dev.hibiki.server.sora.SoraConnectionApi;
import dev.hibiki.server.usage.UsageService;
import dev.hibiki.server.webhook.AuthWebhook;
import dev.hibiki.server.webhook.EventWebhookSender;
import dev.hibiki.server.webhook.PlaylistUrlEvents;
import dev.hibiki.server.channel.ChannelService;
import dev.hibiki.server.config.ConfigLoader;
import dev.hibiki.server.config.HibikiConfig;
import dev.hibiki.server.http.BearerAuthenticator;
import dev.hibiki.server.http.FailedAuthThrottle;
import dev.hibiki.server.http.ErrorCode;
import dev.hibiki.server.http.HttpServer;
import dev.hibiki.server.http.JsonResponses;
import dev.hibiki.server.http.PublicUrls;
import dev.hibiki.server.http.SoraTargetDispatcher;
import dev.hibiki.server.hls.EncryptKeyStore;
import dev.hibiki.server.hls.HlsFileRoute;
import dev.hibiki.server.hls.HlsService;
import dev.hibiki.server.imageflux.ImageFluxChannelApi;
import dev.hibiki.server.imageflux.ImageFluxEncryptKeyApi;
import dev.hibiki.server.persistence.DataDirectoryPermissions;
import dev.hibiki.server.persistence.Database;
import dev.hibiki.server.persistence.SecretBox;
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
    private final HlsService hls;
    private final HttpServer http;
    private final PublicUrls urls;
    private final TokenService tokens;
    private final Optional<IssuedToken> initialToken;
    private final JvmGcMetrics gcMetrics;
    private final UsageService usage;
    private final SipService sip;
    private final java.util.concurrent.ScheduledExecutorService usageFlusher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "usage-flush");
                t.setDaemon(true);
                return t;
            });
    private boolean stopped;

    private HibikiServer(Database database, Sfu sfu, SignalingEndpoint signaling, HlsService hls, HttpServer http,
                         PublicUrls urls, TokenService tokens, Optional<IssuedToken> initialToken, JvmGcMetrics gcMetrics,
                         UsageService usage, SipService sip) {
        this.database = database;
        this.sfu = sfu;
        this.signaling = signaling;
        this.hls = hls;
        this.http = http;
        this.urls = urls;
        this.tokens = tokens;
        this.initialToken = initialToken;
        this.gcMetrics = gcMetrics;
        this.usage = usage;
        this.sip = sip;
        this.usageFlusher.scheduleWithFixedDelay(usage::flush, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static String nodeName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "hibiki";
        }
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
        DataDirectoryPermissions.tighten(config.dataDir());
        Sfu sfu;
        try {
            List<InetAddress> announced = config.media().addresses().isEmpty()
                    ? HostCandidates.interfaceAddresses(true) : config.media().addresses();
            sfu = Sfu.start(new SfuConfig(new InetSocketAddress(config.media().port()), announced, IceSettings.DEFAULT,
                    DEFAULT_VIDEO_KBPS, config.media().sendWorkersOrDefault()));
        } catch (IOException | RuntimeException e) {
            database.close();
            throw new StartupException("cannot open the media port UDP " + config.media().port() + ": "
                    + StartupException.rootMessage(e), e);
        }
        SignalingEndpoint signaling = null;
        UsageService usage = null;
        HlsService hls = null;
        SipService sip = null;
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
            FailedAuthThrottle failedAuth = new FailedAuthThrottle();
            failedAuth.bindMetrics(metrics);
            BearerAuthenticator bearer = new BearerAuthenticator(tokens, failedAuth);
            SoraTargetDispatcher api = new SoraTargetDispatcher(bearer);
            usage = new UsageService(database.jdbi());
            EventWebhookSender events = new EventWebhookSender(config.webhooks(), metrics);
            SignalingHooks hooks = new SignalingHooks(new AuthWebhook(config.webhooks(), metrics), events, usage,
                    nodeName());
            signaling = new SignalingEndpoint(channels, sfu, VERSION, Duration.ofSeconds(5),
                    SignalingEndpoint.DEFAULT_MISSED_PONG_LIMIT, hooks);
            EncryptKeyStore encryptKeys = new EncryptKeyStore(database.jdbi(),
                    SecretBox.load(config.secretKey(), config.dataDir()));
            encryptKeys.sealPlaintextKeys();
            hls = new HlsService(channels, encryptKeys, config.dataDir().resolve("hls"), config.hls(),
                    urls::playlistUrl);
            hls.deleteStaleOutput();
            sfu.setPublicationListener(hls);
            SignalingEndpoint signalingEndpoint = signaling;
            HlsService hlsService = hls;
            new ImageFluxChannelApi(channels, urls, id -> {
                signalingEndpoint.disconnectChannel(id);
                hlsService.channelDeleted(id);
            }, hls::playlists, config.webhooks().policy()).registerWith(api);
            new ImageFluxEncryptKeyApi(encryptKeys).registerWith(api);
            new ImageFluxStatsApi(channels, signaling, usage).registerWith(api);
            new SoraConnectionApi(channels, signaling).registerWith(api);
            PlaylistUrlEvents playlistEvents = new PlaylistUrlEvents(channels, events);
            hls.setPlaylistListener((channelId, p) -> playlistEvents.playlistReady(channelId, p.connectionId(), p.playlistUrl()));
            UsageService usageLedger = usage;
            java.util.Map<String, String> ownerByChannel = new java.util.concurrent.ConcurrentHashMap<>();
            HlsFileRoute hlsFiles = new HlsFileRoute(hls.root(), (channelId, bytes) -> {
                // A channel's owner never changes: look it up once (the row stays, as a tombstone, after a delete).
                if (ownerByChannel.size() > 100_000) ownerByChannel.clear();
                String owner = ownerByChannel.computeIfAbsent(channelId,
                        id -> channels.findLive(id).map(c -> c.ownerTokenId()).orElse(null));
                if (owner != null) usageLedger.addHlsBytes(channelId, owner, bytes);
            }, hls::playlistUrlExists, HibikiServer::answerMissingHlsFile);

            sip = new SipService(config.sip(), database.jdbi(), bearer, events);
            SipService sipRoutes = sip;
            channels.bindMetrics(metrics);
            signaling.bindMetrics(metrics);
            hls.bindMetrics(metrics);
            sip.bindMetrics(metrics);

            Optional<IssuedToken> initial = tokens.issueInitialToken();
            HttpServer http = new HttpServer(new HttpServer.Settings(config.httpHost(), config.httpPort(),
                    config.corsOrigins(), config.shutdownTimeout()), api, metrics, cfg -> {
                signalingEndpoint.register(cfg);
                hlsFiles.register(cfg);
                sipRoutes.register(cfg);
            });
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
            return new HibikiServer(database, sfu, signaling, hls, http, urls, tokens, initial, gc, usage, sip);
        } catch (RuntimeException e) {
            if (sip != null) sip.close();
            if (hls != null) hls.close();
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
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.rtp.fanout.dropped", sfu, s -> s.counters().fanoutDropped())
                .description("RTP packets a send worker dropped because it fell behind (queue full or too old)")
                .register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.rtcp.received", sfu, s -> s.counters().rtcpReceived())
                .description("RTCP packets received").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.srtp.dropped", sfu, s -> s.counters().srtpDropped())
                .description("SRTP/SRTCP packets dropped: authentication failure, replay or malformed").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.ice.dropped", sfu, Sfu::iceDropped)
                .description("datagrams the media port dropped (unknown source, bad STUN, ...)").register(metrics);
        // Cumulative like a Prometheus histogram's buckets: packets forwarded within `le` seconds of their arrival.
        for (int i = 0; i < dev.hibiki.sfu.ForwardDelayHistogram.bucketCount(); i++) {
            int upTo = i;
            double le = dev.hibiki.sfu.ForwardDelayHistogram.upperBoundSeconds(i);
            io.micrometer.core.instrument.FunctionCounter.builder("hibiki.rtp.forward.delay", sfu, s -> s.forwardedWithin(upTo))
                    .tag("le", Double.isInfinite(le) ? "+Inf" : java.math.BigDecimal.valueOf(le).stripTrailingZeros().toPlainString())
                    .description("packets sent to a subscriber within le seconds of their arrival from the sender "
                            + "(receive thread's copy to the return of sendto), since start")
                    .register(metrics);
        }
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

    /** The signaling endpoint, for tests that need its hooks. */
    public SignalingEndpoint signaling() {
        return signaling;
    }

    /** A player switches on these codes to tell "wait for the broadcast" from "give up". */
    private static void answerMissingHlsFile(io.javalin.http.Context ctx, HlsFileRoute.Absence absence, String message) {
        JsonResponses.error(ctx, switch (absence) {
            case NOT_LIVE -> ErrorCode.PLAYLIST_NOT_LIVE;
            case NO_PLAYLIST -> ErrorCode.PLAYLIST_NOT_FOUND;
            case NO_FILE -> ErrorCode.NOT_FOUND;
        }, message);
    }

    /** The HLS output, for tests and for wiring its playlist events. */
    public HlsService hls() {
        return hls;
    }

    /** The SIP gateway, for tests. */
    public SipService sip() {
        return sip;
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
            sip.close();
            signaling.close();
            sfu.close();
            hls.close();
            gcMetrics.close();
            usageFlusher.shutdownNow();
            usage.flush();
            database.close();
            LOG.info("Hibiki stopped");
        }
    }
}
