package dev.hibiki.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.hibiki.archive.ArchiveSettings;
import dev.hibiki.live.config.HlsSettings;
import dev.hibiki.live.config.LiveSettings;
import dev.hibiki.live.config.MediaSettings;
import dev.hibiki.live.config.TurnSettings;
import dev.hibiki.option.OptionSettings;
import dev.hibiki.platform.config.ConfigLoader;
import dev.hibiki.platform.config.ConfigValues;
import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.platform.config.PlatformConfig;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.webhook.WebhookSettings;
import dev.hibiki.ricoh.RicohSettings;
import dev.hibiki.soramode.SoraModeSettings;
import dev.hibiki.server.HibikiServer;
import dev.hibiki.sipgateway.SipGatewaySettings;
import dev.hibiki.sipgateway.SipSettings;
import java.util.Map;

/**
 * The resolved configuration of one Hibiki process: the platform's part and the settings of each feature.
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
        String secretKey,
        ArchiveSettings archive,
        RicohSettings ricoh,
        SoraModeSettings soraMode,
        OptionSettings option,
        TurnSettings turn) {

    /** Without relays (embedding and tests): the offer names no TURN server. */
    public HibikiConfig(String httpHost, int httpPort, List<String> corsOrigins, Path dataDir, URI publicUrl,
                        DatabaseSettings database, Duration shutdownTimeout, MediaSettings media, HlsSettings hls,
                        WebhookSettings webhooks, SipSettings sip, String secretKey, ArchiveSettings archive,
                        RicohSettings ricoh, SoraModeSettings soraMode, OptionSettings option) {
        this(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media, hls, webhooks, sip,
                secretKey, archive, ricoh, soraMode, option, TurnSettings.OFF);
    }

    /** Before the Live Streaming Option existed: its defaults. */
    public HibikiConfig(String httpHost, int httpPort, List<String> corsOrigins, Path dataDir, URI publicUrl,
                        DatabaseSettings database, Duration shutdownTimeout, MediaSettings media, HlsSettings hls,
                        WebhookSettings webhooks, SipSettings sip, String secretKey, ArchiveSettings archive,
                        RicohSettings ricoh, SoraModeSettings soraMode) {
        this(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media, hls, webhooks, sip,
                secretKey, archive, ricoh, soraMode, OptionSettings.DEFAULT);
    }

    /** Without Sora mode. */
    public HibikiConfig(String httpHost, int httpPort, List<String> corsOrigins, Path dataDir, URI publicUrl,
                        DatabaseSettings database, Duration shutdownTimeout, MediaSettings media, HlsSettings hls,
                        WebhookSettings webhooks, SipSettings sip, String secretKey, ArchiveSettings archive,
                        RicohSettings ricoh) {
        this(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media, hls, webhooks, sip,
                secretKey, archive, ricoh, SoraModeSettings.DEFAULT);
    }

    /** Before the RICOH API existed: its defaults. */
    public HibikiConfig(String httpHost, int httpPort, List<String> corsOrigins, Path dataDir, URI publicUrl,
                        DatabaseSettings database, Duration shutdownTimeout, MediaSettings media, HlsSettings hls,
                        WebhookSettings webhooks, SipSettings sip, String secretKey, ArchiveSettings archive) {
        this(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media, hls, webhooks, sip,
                secretKey, archive, RicohSettings.DEFAULT);
    }

    /** For embedding and tests: media on any free UDP port, announced on loopback only. */
    public HibikiConfig(String httpHost, int httpPort, List<String> corsOrigins, Path dataDir, URI publicUrl,
                        DatabaseSettings database, Duration shutdownTimeout) {
        this(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout,
                new MediaSettings(0, List.of(java.net.InetAddress.getLoopbackAddress())), HlsSettings.DEFAULT,
                WebhookSettings.DEFAULT, SipSettings.LOOPBACK, "", ArchiveSettings.DEFAULT);
    }

    /** Before the SIP gateway existed; SIP listens on loopback, any free port. */
    public HibikiConfig(String httpHost, int httpPort, List<String> corsOrigins, Path dataDir, URI publicUrl,
                        DatabaseSettings database, Duration shutdownTimeout, MediaSettings media, WebhookSettings webhooks) {
        this(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media, HlsSettings.DEFAULT,
                webhooks, SipSettings.LOOPBACK, "", ArchiveSettings.DEFAULT);
    }

    /** Resolves every key of the platform and the features of this build. */
    public static HibikiConfig from(ConfigValues v) {
        PlatformConfig p = PlatformConfig.from(v);
        return new HibikiConfig(p.httpHost(), p.httpPort(), p.corsOrigins(), p.dataDir(), p.publicUrl(), p.database(),
                p.shutdownTimeout(), LiveSettings.media(v), LiveSettings.hls(v), p.webhooks(),
                SipGatewaySettings.resolve(v), p.secretKey(), ArchiveSettings.resolve(v), RicohSettings.resolve(v),
                SoraModeSettings.resolve(v), OptionSettings.resolve(v), LiveSettings.turn(v));
    }

    /** Loads from defaults, a YAML file, the environment and flags (see {@link ConfigLoader#load}). */
    public static HibikiConfig load(Path yamlFile, Map<String, String> env, Map<Setting, String> flags) {
        return from(ConfigLoader.load(yamlFile, env, flags, HibikiServer.features().settings()));
    }

    public PlatformConfig platform() {
        return new PlatformConfig(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout,
                webhooks, secretKey);
    }

    /** The features' settings by type, as {@code Platform.settings} hands them to the features. */
    public Map<Class<?>, Object> featureSettings() {
        return Map.of(MediaSettings.class, media, HlsSettings.class, hls, SipSettings.class, sip,
                ArchiveSettings.class, archive, RicohSettings.class, ricoh, SoraModeSettings.class, soraMode,
                OptionSettings.class, option, TurnSettings.class, turn);
    }

    /** Hides the secret key from logs, as {@link DatabaseSettings} hides the password. */
    @Override
    public String toString() {
        return "HibikiConfig[http=" + httpHost + ":" + httpPort + ", dataDir=" + dataDir + ", publicUrl=" + publicUrl
                + ", database=" + database + ", secretKey=" + (secretKey.isEmpty() ? "file" : "***") + "]";
    }

    public HibikiConfig withSip(SipSettings settings) {
        return new HibikiConfig(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media,
                hls, webhooks, settings, secretKey, archive, ricoh, soraMode, option, turn);
    }

    public HibikiConfig withHls(HlsSettings settings) {
        return new HibikiConfig(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media,
                settings, webhooks, sip, secretKey, archive, ricoh, soraMode, option, turn);
    }

    public HibikiConfig withWebhooks(WebhookSettings settings) {
        return new HibikiConfig(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media,
                hls, settings, sip, secretKey, archive, ricoh, soraMode, option, turn);
    }

    public HibikiConfig withTurn(TurnSettings settings) {
        return new HibikiConfig(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media,
                hls, webhooks, sip, secretKey, archive, ricoh, soraMode, option, settings);
    }

    public HibikiConfig withSoraMode(SoraModeSettings settings) {
        return new HibikiConfig(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media,
                hls, webhooks, sip, secretKey, archive, ricoh, settings, option, turn);
    }

    public HibikiConfig withMedia(MediaSettings settings) {
        return new HibikiConfig(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, settings,
                hls, webhooks, sip, secretKey, archive, ricoh, soraMode, option, turn);
    }

    public HibikiConfig withArchive(ArchiveSettings settings) {
        return new HibikiConfig(httpHost, httpPort, corsOrigins, dataDir, publicUrl, database, shutdownTimeout, media,
                hls, webhooks, sip, secretKey, settings, ricoh, soraMode, option, turn);
    }
}
