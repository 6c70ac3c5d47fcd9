package dev.hibiki.platform.config;

import java.util.List;

/** The keys the platform reads: HTTP front, data directory, database, server key and webhooks. */
public final class PlatformSettings {

    public static final Setting HTTP_HOST = Setting.of("http.host", "HIBIKI_HTTP_HOST", "--http-host", "127.0.0.1",
            "HOST", "address to listen on");
    public static final Setting HTTP_PORT = Setting.of("http.port", "HIBIKI_HTTP_PORT", "--http-port", "8080",
            "PORT", "HTTP port, 0 for any free one");
    public static final Setting HTTP_CORS_ORIGINS = Setting.of("http.cors_origins", "HIBIKI_HTTP_CORS_ORIGINS",
            "--http-cors-origins", "", "ORIGINS", "browser origins allowed to call the API: * or a comma-separated list");
    public static final Setting DATA_DIR = Setting.of("data_dir", "HIBIKI_DATA_DIR", "--data-dir", "./data", "DIR",
            "where state is kept");
    public static final Setting PUBLIC_URL = Setting.of("public_url", "HIBIKI_PUBLIC_URL", "--public-url", "", "URL",
            "base URL clients use to reach this server");
    public static final Setting DB_URL = Setting.of("db.url", "HIBIKI_DB_URL", "--db-url", "", "JDBC_URL",
            "jdbc:h2:… or jdbc:postgresql:… (empty: an H2 file in the data directory)");
    public static final Setting DB_USER = Setting.of("db.user", "HIBIKI_DB_USER", "--db-user", "", "USER",
            "database user");
    public static final Setting DB_PASSWORD = Setting.secret("db.password", "HIBIKI_DB_PASSWORD", "database password");
    public static final Setting DB_POOL_SIZE = Setting.of("db.pool_size", "HIBIKI_DB_POOL_SIZE", "--db-pool-size", "10",
            "N", "database connections");
    /** Empty: a key generated into data_dir/secret.key. */
    public static final Setting SECRET_KEY = Setting.secret("secret_key", "HIBIKI_SECRET_KEY",
            "the server key that encrypts secrets at rest");
    public static final Setting SHUTDOWN_TIMEOUT_SECONDS = Setting.of("shutdown_timeout_seconds",
            "HIBIKI_SHUTDOWN_TIMEOUT_SECONDS", "--shutdown-timeout-seconds", "20", "S",
            "how long a stop waits for requests in flight");
    public static final Setting WEBHOOK_TIMEOUT_SECONDS = Setting.of("webhook.timeout_seconds",
            "HIBIKI_WEBHOOK_TIMEOUT_SECONDS", "--webhook-timeout-seconds", "5", "S",
            "how long one auth or event webhook call may take");
    public static final Setting WEBHOOK_EVENT_ATTEMPTS = Setting.of("webhook.event_attempts",
            "HIBIKI_WEBHOOK_EVENT_ATTEMPTS", "--webhook-event-attempts", "3", "N", "tries per event webhook");
    public static final Setting WEBHOOK_ALLOW_PRIVATE_NETWORKS = Setting.of("webhook.allow_private_networks",
            "HIBIKI_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "--webhook-allow-private-networks", "false", "BOOL",
            "let channels' webhooks point to loopback, private and link-local addresses");

    public static final List<Setting> ALL = List.of(HTTP_HOST, HTTP_PORT, HTTP_CORS_ORIGINS, DATA_DIR, PUBLIC_URL,
            DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE, SECRET_KEY, SHUTDOWN_TIMEOUT_SECONDS, WEBHOOK_TIMEOUT_SECONDS,
            WEBHOOK_EVENT_ATTEMPTS, WEBHOOK_ALLOW_PRIVATE_NETWORKS);

    private PlatformSettings() {
    }
}
