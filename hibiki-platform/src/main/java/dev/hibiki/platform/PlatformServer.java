package dev.hibiki.platform;

import dev.hibiki.platform.config.ConfigLoader;
import dev.hibiki.platform.config.PlatformConfig;
import dev.hibiki.platform.http.BearerAuthenticator;
import dev.hibiki.platform.http.FailedAuthThrottle;
import dev.hibiki.platform.http.HttpServer;
import dev.hibiki.platform.http.PublicUrls;
import dev.hibiki.platform.http.SoraTargetDispatcher;
import dev.hibiki.platform.persistence.DataDirectoryPermissions;
import dev.hibiki.platform.persistence.Database;
import dev.hibiki.platform.persistence.SecretBox;
import dev.hibiki.platform.token.IssuedToken;
import dev.hibiki.platform.token.TokenService;
import dev.hibiki.platform.usage.UsageService;
import dev.hibiki.platform.webhook.EventWebhookSender;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One running Hibiki: the database, the platform's services, the features on them and the HTTP front, started in
 * that order and stopped in reverse.
 */
public final class PlatformServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformServer.class);

    private final Database database;
    private final List<Feature> started;
    private final HttpServer http;
    private final PublicUrls urls;
    private final TokenService tokens;
    private final Optional<IssuedToken> initialToken;
    private final ProcessMetrics processMetrics;
    private final UsageService usage;
    private final ScheduledExecutorService usageFlusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "usage-flush");
        t.setDaemon(true);
        return t;
    });
    private boolean stopped;

    private PlatformServer(Database database, List<Feature> started, HttpServer http, PublicUrls urls,
                           TokenService tokens, Optional<IssuedToken> initialToken, ProcessMetrics processMetrics,
                           UsageService usage) {
        this.database = database;
        this.started = started;
        this.http = http;
        this.urls = urls;
        this.tokens = tokens;
        this.initialToken = initialToken;
        this.processMetrics = processMetrics;
        this.usage = usage;
        this.usageFlusher.scheduleWithFixedDelay(usage::flush, 60, 60, TimeUnit.SECONDS);
    }

    /**
     * @param featureSettings each feature's resolved settings by type, handed to it through {@link Platform#settings}
     */
    public static PlatformServer start(PlatformConfig config, InstalledFeatures installed,
                                       Map<Class<?>, Object> featureSettings) {
        ConfigLoader.prepareDataDir(config.dataDir());
        Database database;
        try {
            database = Database.open(config.database(), config.dataDir(), installed.migrations());
        } catch (RuntimeException e) {
            throw new StartupException("cannot open the database " + config.database().redactedUrl() + ": "
                    + StartupException.rootMessage(e), e);
        }
        DataDirectoryPermissions.tighten(config.dataDir());
        List<Feature> started = new ArrayList<>();
        ProcessMetrics processMetrics = null;
        try {
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(
                    io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
            processMetrics = ProcessMetrics.bindTo(metrics);
            TokenService tokens = new TokenService(database.jdbi());
            PublicUrls urls = new PublicUrls();
            FailedAuthThrottle failedAuth = new FailedAuthThrottle();
            failedAuth.bindMetrics(metrics);
            BearerAuthenticator bearer = new BearerAuthenticator(tokens, failedAuth);
            SoraTargetDispatcher api = new SoraTargetDispatcher(bearer);
            UsageService usage = new UsageService(database.jdbi());
            EventWebhookSender events = new EventWebhookSender(config.webhooks(), metrics);
            Platform platform = new Platform(config, featureSettings, database.jdbi(), metrics, bearer, api, urls,
                    usage, events, SecretBox.load(config.secretKey(), config.dataDir()), nodeName());
            for (Feature feature : installed.features()) {
                started.add(feature);
                feature.start(platform);
            }
            Optional<IssuedToken> initial = tokens.issueInitialToken();
            List<java.util.function.Consumer<io.javalin.config.JavalinConfig>> routes = platform.registeredRoutes();
            HttpServer http = new HttpServer(new HttpServer.Settings(config.httpHost(), config.httpPort(),
                    config.corsOrigins(), config.shutdownTimeout()), api, metrics, cfg -> routes.forEach(r -> r.accept(cfg)));
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
            return new PlatformServer(database, started, http, urls, tokens, initial, processMetrics, usage);
        } catch (RuntimeException e) {
            stopAll(started);
            if (processMetrics != null) processMetrics.close();
            database.close();
            throw e;
        }
    }

    private static void stopAll(List<Feature> features) {
        for (int i = features.size() - 1; i >= 0; i--) {
            try {
                features.get(i).stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} failed: {}", features.get(i).name(), e.toString());
            }
        }
    }

    private static String nodeName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "hibiki";
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

    public TokenService tokens() {
        return tokens;
    }

    /** The token created on the very first start of this database, to be shown once. */
    public Optional<IssuedToken> initialToken() {
        return initialToken;
    }

    /** Graceful: stops accepting, finishes requests in flight, stops the features, then closes the database. */
    @Override
    public synchronized void close() {
        if (stopped) return;
        stopped = true;
        LOG.info("Hibiki stopping: finishing requests in flight");
        try {
            http.stop();
        } finally {
            stopAll(started);
            processMetrics.close();
            usageFlusher.shutdownNow();
            usage.flush();
            database.close();
            LOG.info("Hibiki stopped");
        }
    }
}
