package dev.hibiki.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.hibiki.server.webhook.WebhookSettings;

/**
 * The resolved configuration of one Hibiki process.
 *
 * @param publicUrl the base URL that clients use to reach this server, or null to derive it from the bound
 *                  address once the HTTP port is known
 * @param corsOrigins origins allowed to call the API from a browser; empty disables CORS, {@code *} allows any
 * @param secretKey   the server key that encrypts secrets at rest (base64 of 32 bytes), or empty for the key file
 *                    {@code data_dir/secret.key}, generated on first start
 */
public record HibikiConfig(
        String httpHost,
        int httpPort,
        List<String> corsOrigins,
        Path dataDir,
        URI publicUrl,
        DatabaseSettings database,
        Duration shutdownTimeout,
        MediaSettings media,
        HlsSettings hls,
        WebhookSettings webhooks,
        SipSettings sip,
        String secretKey) {

    /** For embedding and tests: media on any free UDP port, announced on loopback only. */
    public HibikiConfig(String httpHost, int httpPort, List<String> corsOrigins, Path dataDir, URI publicUrl,
                        DatabaseSettings database, Duration shutdownTimeout) {
        this(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout,
                new MediaSettings(0, List.of(java.net.InetAddress.getLoopbackAddress())), HlsSettings.DEFAULT,
                WebhookSettings.DEFAULT, SipSettings.LOOPBACK, "");
    }

    /** Before the SIP gateway existed; SIP listens on loopback, any free port. */
    public HibikiConfig(String httpHost, int httpPort, List<String> corsOrigins, Path dataDir, URI publicUrl,
                        DatabaseSettings database, Duration shutdownTimeout, MediaSettings media, WebhookSettings webhooks) {
        this(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media, HlsSettings.DEFAULT,
                webhooks, SipSettings.LOOPBACK, "");
    }

    /** Hides the secret key from logs, as {@link DatabaseSettings} hides the password. */
    @Override
    public String toString() {
        return "HibikiConfig[http=" + httpHost + ":" + httpPort + ", dataDir=" + dataDir + ", publicUrl=" + publicUrl
                + ", database=" + database + ", secretKey=" + (secretKey.isEmpty() ? "file" : "***") + "]";
    }

    public HibikiConfig withSip(SipSettings settings) {
        return new HibikiConfig(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media,
                hls, webhooks, settings, secretKey);
    }

    public HibikiConfig withHls(HlsSettings settings) {
        return new HibikiConfig(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media,
                settings, webhooks, sip, secretKey);
    }

    public HibikiConfig withWebhooks(WebhookSettings settings) {
        return new HibikiConfig(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media,
                hls, settings, sip, secretKey);
    }
}
