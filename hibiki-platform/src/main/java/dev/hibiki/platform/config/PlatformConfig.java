package dev.hibiki.platform.config;

import dev.hibiki.platform.webhook.WebhookSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.hibiki.platform.config.PlatformSettings.*;

/**
 * The platform's part of the configuration: the HTTP front, state, database, server key and webhooks.
 *
 * @param publicUrl   the base URL that clients use to reach this server, or null to derive it from the bound
 *                    address once the HTTP port is known
 * @param corsOrigins origins allowed to call the API from a browser; empty disables CORS, {@code *} allows any
 * @param secretKey   the server key that encrypts secrets at rest (base64 of 32 bytes), or empty for the key file
 *                    {@code data_dir/secret.key}, generated on first start
 */
public record PlatformConfig(
        String httpHost,
        int httpPort,
        List<String> corsOrigins,
        Path dataDir,
        URI publicUrl,
        DatabaseSettings database,
        Duration shutdownTimeout,
        WebhookSettings webhooks,
        String secretKey) {

    /** Hides the secret key from logs, as {@link DatabaseSettings} hides the password. */
    @Override
    public String toString() {
        return "PlatformConfig[http=" + httpHost + ":" + httpPort + ", dataDir=" + dataDir + ", publicUrl=" + publicUrl
                + ", database=" + database + ", secretKey=" + (secretKey.isEmpty() ? "file" : "***") + "]";
    }

    public static PlatformConfig from(ConfigValues v) {
        String host = v.text(HTTP_HOST);
        if (host.isEmpty()) throw v.invalid(HTTP_HOST, "must be a host name or IP address to listen on");
        int port = v.integer(HTTP_PORT, 0, 65535);
        List<String> cors = corsOrigins(v);
        Path dataDir = v.path(DATA_DIR);
        URI publicUrl = publicUrl(v);
        int poolSize = v.integer(DB_POOL_SIZE, 1, 200);
        int shutdownSeconds = v.integer(SHUTDOWN_TIMEOUT_SECONDS, 0, 3600);
        DatabaseSettings db = database(v, dataDir, poolSize);
        WebhookSettings webhooks = new WebhookSettings(Duration.ofSeconds(v.integer(WEBHOOK_TIMEOUT_SECONDS, 1, 60)),
                v.integer(WEBHOOK_EVENT_ATTEMPTS, 1, 10), WebhookSettings.DEFAULT.firstRetryDelay(),
                WebhookSettings.DEFAULT.eventQueueLimit(), v.bool(WEBHOOK_ALLOW_PRIVATE_NETWORKS));
        return new PlatformConfig(host, port, cors, dataDir, publicUrl, db, Duration.ofSeconds(shutdownSeconds),
                webhooks, secretKey(v));
    }

    private static String secretKey(ConfigValues v) {
        String key = v.verbatim(SECRET_KEY).strip();
        if (key.isEmpty()) return "";
        byte[] bytes;
        try {
            bytes = java.util.Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 32) {
            throw v.invalid(SECRET_KEY, "must be 32 random bytes in base64 (44 characters), e.g. from `openssl rand -base64 32`");
        }
        return key;
    }

    private static DatabaseSettings database(ConfigValues v, Path dataDir, int poolSize) {
        String url = v.text(DB_URL);
        String user = v.text(DB_USER);
        String password = v.verbatim(DB_PASSWORD);
        if (url.isEmpty()) {
            return new DatabaseSettings(DatabaseSettings.embeddedH2Url(dataDir.resolve("hibiki")), user, password,
                    poolSize, true);
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw v.invalid(DB_URL, "must be a jdbc:h2: or jdbc:postgresql: URL");
        }
        return new DatabaseSettings(DatabaseSettings.durable(url), user, password, poolSize, false);
    }

    private static URI publicUrl(ConfigValues v) {
        String s = v.text(PUBLIC_URL);
        if (s.isEmpty()) return null;
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw v.invalid(PUBLIC_URL, "is not a valid URL (example: https://live.example.com)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw v.invalid(PUBLIC_URL, "must be an absolute http:// or https:// URL with a host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw v.invalid(PUBLIC_URL, "must not contain user info, a query or a fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static List<String> corsOrigins(ConfigValues v) {
        String s = v.text(HTTP_CORS_ORIGINS);
        List<String> origins = new ArrayList<>();
        if (s.isEmpty()) return origins;
        for (String part : s.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) continue;
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw v.invalid(HTTP_CORS_ORIGINS,
                        "must be * or a comma-separated list of origins such as https://app.example.com (got "
                                + origin + ")");
            }
            origins.add(origin);
        }
        return List.copyOf(origins);
    }
}
