package dev.hibiki.platform;

import dev.hibiki.platform.config.PlatformConfig;
import dev.hibiki.platform.http.BearerAuthenticator;
import dev.hibiki.platform.http.PublicUrls;
import dev.hibiki.platform.http.SoraTargetDispatcher;
import dev.hibiki.platform.persistence.SecretBox;
import dev.hibiki.platform.usage.UsageService;
import dev.hibiki.platform.webhook.EventWebhookSender;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the platform offers a starting {@link Feature}: configuration, database, credentials, the API front,
 * outbound webhooks, usage accounting and metrics.
 */
public final class Platform {

    /** Reported to clients (for example as Sora's {@code offer.version}). */
    public static final String VERSION = "Hibiki 0.1.0";

    private final PlatformConfig config;
    private final Map<Class<?>, Object> featureSettings;
    private final Jdbi jdbi;
    private final MeterRegistry metrics;
    private final BearerAuthenticator bearer;
    private final SoraTargetDispatcher api;
    private final PublicUrls urls;
    private final UsageService usage;
    private final EventWebhookSender events;
    private final SecretBox secrets;
    private final String nodeName;
    private final List<Consumer<JavalinConfig>> routes = new ArrayList<>();
    private final Map<Class<?>, Object> provided = new java.util.concurrent.ConcurrentHashMap<>();

    Platform(PlatformConfig config, Map<Class<?>, Object> featureSettings, Jdbi jdbi, MeterRegistry metrics,
             BearerAuthenticator bearer, SoraTargetDispatcher api, PublicUrls urls, UsageService usage,
             EventWebhookSender events, SecretBox secrets, String nodeName) {
        this.config = config;
        this.featureSettings = Map.copyOf(featureSettings);
        this.jdbi = jdbi;
        this.metrics = metrics;
        this.bearer = bearer;
        this.api = api;
        this.urls = urls;
        this.usage = usage;
        this.events = events;
        this.secrets = secrets;
        this.nodeName = nodeName;
    }

    public PlatformConfig config() {
        return config;
    }

    /** A feature's own resolved settings, as the server handed them over (for example its media settings). */
    public <T> T settings(Class<T> type) {
        Object s = featureSettings.get(type);
        if (s == null) throw new IllegalStateException("no settings of type " + type.getSimpleName() + " were given");
        return type.cast(s);
    }

    /** Settings an embedding may leave out (a feature's optional part, such as TURN), else {@code absent}. */
    public <T> T settings(Class<T> type, T absent) {
        Object s = featureSettings.get(type);
        return s == null ? absent : type.cast(s);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public MeterRegistry metrics() {
        return metrics;
    }

    /** Checks {@code Authorization: Bearer} against the access tokens, with the failed-attempt throttle. */
    public BearerAuthenticator bearer() {
        return bearer;
    }

    /** {@code POST /} with {@code X-Sora-Target}: register the targets a feature serves. */
    public SoraTargetDispatcher api() {
        return api;
    }

    /** The public base URL; known once the HTTP front is bound, before the first request. */
    public PublicUrls urls() {
        return urls;
    }

    public UsageService usage() {
        return usage;
    }

    /** Event webhooks, queued and retried, to addresses the outbound policy allows. */
    public EventWebhookSender events() {
        return events;
    }

    /** The server key's cipher for secrets at rest. */
    public SecretBox secrets() {
        return secrets;
    }

    /** This machine's name, for events that say which node sent them. */
    public String nodeName() {
        return nodeName;
    }

    /** Adds routes (paths, WebSocket endpoints) to the HTTP front; only while features start. */
    public void routes(Consumer<JavalinConfig> registration) {
        routes.add(registration);
    }

    /**
     * Offers a service to the features that start later or look it up at request time, such as the live feature's
     * HLS output events to the archive. A feature names such services by interfaces it owns.
     */
    public <T> void provide(Class<T> type, T service) {
        if (provided.putIfAbsent(type, type.cast(service)) != null) {
            throw new IllegalStateException(type.getSimpleName() + " is already provided");
        }
    }

    /** A service another feature provided, if one did (features are optional in a build). */
    public <T> java.util.Optional<T> find(Class<T> type) {
        return java.util.Optional.ofNullable(provided.get(type)).map(type::cast);
    }

    List<Consumer<JavalinConfig>> registeredRoutes() {
        return List.copyOf(routes);
    }
}
