package dev.hibiki.server.cli;

import dev.hibiki.server.config.ConfigLoader;
import dev.hibiki.server.config.HibikiConfig;
import dev.hibiki.server.config.Setting;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** The configuration flags every command accepts. They override HIBIKI_* variables and the YAML file. */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path configFile;

    @Option(names = "--http-host", paramLabel = "HOST", description = "address to listen on (HIBIKI_HTTP_HOST, default 127.0.0.1)")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port, 0 for any free one (HIBIKI_HTTP_PORT, default 8080)")
    String httpPort;

    @Option(names = "--http-cors-origins", paramLabel = "ORIGINS", description = "browser origins allowed to call the API: * or a comma-separated list (HIBIKI_HTTP_CORS_ORIGINS, default none)")
    String corsOrigins;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where state is kept (HIBIKI_DATA_DIR, default ./data)")
    String dataDir;

    @Option(names = "--public-url", paramLabel = "URL", description = "base URL clients use to reach this server (HIBIKI_PUBLIC_URL)")
    String publicUrl;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "jdbc:h2:… or jdbc:postgresql:… (HIBIKI_DB_URL, default: H2 file in the data directory)")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "database user (HIBIKI_DB_USER)")
    String dbUser;

    @Option(names = "--db-pool-size", paramLabel = "N", description = "database connections (HIBIKI_DB_POOL_SIZE, default 10)")
    String dbPoolSize;

    @Option(names = "--media-port", paramLabel = "PORT", description = "UDP port for all WebRTC media (HIBIKI_MEDIA_PORT, default 50000)")
    String mediaPort;

    @Option(names = "--media-addresses", paramLabel = "IPS", description = "comma-separated IP addresses announced to WebRTC clients (HIBIKI_MEDIA_ADDRESSES, default: this machine's addresses)")
    String mediaAddresses;

    @Option(names = "--hls-window-segments", paramLabel = "N", description = "segments each live HLS playlist lists (HIBIKI_HLS_WINDOW_SEGMENTS, default 6)")
    String hlsWindowSegments;

    @Option(names = "--hls-video-encoder", paramLabel = "NAME", description = "H.264 encoder for HLS: libx264 or libopenh264 (HIBIKI_HLS_VIDEO_ENCODER, default libx264)")
    String hlsVideoEncoder;

    @Option(names = "--hls-x264-preset", paramLabel = "PRESET", description = "x264 preset for HLS (HIBIKI_HLS_X264_PRESET, default superfast)")
    String hlsX264Preset;

    @Option(names = "--hls-segment-format", paramLabel = "FORMAT", description = "HLS segments: mpegts or fmp4 (fragmented MP4 with init.mp4; encrypted channels stay mpegts) (HIBIKI_HLS_SEGMENT_FORMAT, default mpegts)")
    String hlsSegmentFormat;

    @Option(names = "--media-send-workers", paramLabel = "N", description = "threads that fan media out to subscribers (HIBIKI_MEDIA_SEND_WORKERS, default 0: one per processor)")
    String mediaSendWorkers;

    @Option(names = "--shutdown-timeout-seconds", paramLabel = "S", description = "how long a stop waits for requests in flight (HIBIKI_SHUTDOWN_TIMEOUT_SECONDS, default 20)")
    String shutdownTimeout;

    @Option(names = "--sip-address", paramLabel = "IP", description = "IPv4 address the SIP gateway binds and announces (HIBIKI_SIP_ADDRESS, default: this machine's first address)")
    String sipAddress;

    @Option(names = "--sip-port", paramLabel = "PORT", description = "UDP and TCP port of the SIP gateway, 0 for any free one (HIBIKI_SIP_PORT, default 5060)")
    String sipPort;

    @Option(names = "--sip-rtp-port-min", paramLabel = "PORT", description = "lowest UDP port for call media (HIBIKI_SIP_RTP_PORT_MIN, default 40000)")
    String sipRtpPortMin;

    @Option(names = "--sip-rtp-port-max", paramLabel = "PORT", description = "highest UDP port for call media (HIBIKI_SIP_RTP_PORT_MAX, default 49999)")
    String sipRtpPortMax;

    @Option(names = "--sip-rtp-timeout-seconds", paramLabel = "S", description = "hang up a call that receives no RTP for this long (HIBIKI_SIP_RTP_TIMEOUT_SECONDS, default 30)")
    String sipRtpTimeout;

    @Option(names = "--sip-allow-private-networks", paramLabel = "BOOL", description = "let calls' SIP and RTMP targets be loopback, private and link-local addresses (HIBIKI_SIP_ALLOW_PRIVATE_NETWORKS, default false)")
    String sipAllowPrivateNetworks;

    @Option(names = "--webhook-timeout-seconds", paramLabel = "S", description = "how long one auth or event webhook call may take (HIBIKI_WEBHOOK_TIMEOUT_SECONDS, default 5)")
    String webhookTimeout;

    @Option(names = "--webhook-event-attempts", paramLabel = "N", description = "tries per event webhook (HIBIKI_WEBHOOK_EVENT_ATTEMPTS, default 3)")
    String webhookEventAttempts;

    @Option(names = "--webhook-allow-private-networks", paramLabel = "BOOL", description = "let channels' webhooks point to loopback, private and link-local addresses (HIBIKI_WEBHOOK_ALLOW_PRIVATE_NETWORKS, default false)")
    String webhookAllowPrivateNetworks;

    public HibikiConfig load() {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        flags.put(Setting.HTTP_HOST, httpHost);
        flags.put(Setting.HTTP_PORT, httpPort);
        flags.put(Setting.HTTP_CORS_ORIGINS, corsOrigins);
        flags.put(Setting.DATA_DIR, dataDir);
        flags.put(Setting.PUBLIC_URL, publicUrl);
        flags.put(Setting.DB_URL, dbUrl);
        flags.put(Setting.DB_USER, dbUser);
        flags.put(Setting.DB_POOL_SIZE, dbPoolSize);
        flags.put(Setting.SHUTDOWN_TIMEOUT_SECONDS, shutdownTimeout);
        flags.put(Setting.MEDIA_PORT, mediaPort);
        flags.put(Setting.MEDIA_ADDRESSES, mediaAddresses);
        flags.put(Setting.HLS_WINDOW_SEGMENTS, hlsWindowSegments);
        flags.put(Setting.HLS_VIDEO_ENCODER, hlsVideoEncoder);
        flags.put(Setting.HLS_X264_PRESET, hlsX264Preset);
        flags.put(Setting.HLS_SEGMENT_FORMAT, hlsSegmentFormat);
        flags.put(Setting.MEDIA_SEND_WORKERS, mediaSendWorkers);
        flags.put(Setting.SIP_ADDRESS, sipAddress);
        flags.put(Setting.SIP_PORT, sipPort);
        flags.put(Setting.SIP_RTP_PORT_MIN, sipRtpPortMin);
        flags.put(Setting.SIP_RTP_PORT_MAX, sipRtpPortMax);
        flags.put(Setting.SIP_RTP_TIMEOUT_SECONDS, sipRtpTimeout);
        flags.put(Setting.SIP_ALLOW_PRIVATE_NETWORKS, sipAllowPrivateNetworks);
        flags.put(Setting.WEBHOOK_TIMEOUT_SECONDS, webhookTimeout);
        flags.put(Setting.WEBHOOK_EVENT_ATTEMPTS, webhookEventAttempts);
        flags.put(Setting.WEBHOOK_ALLOW_PRIVATE_NETWORKS, webhookAllowPrivateNetworks);
        return ConfigLoader.load(configFile, System.getenv(), flags);
    }
}
