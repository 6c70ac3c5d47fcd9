package dev.hibiki.server.config;

/**
 * One configuration key, known under three names: its path in the YAML file, its environment variable and
 * its command-line flag. Precedence, lowest first: built-in default, YAML file, environment, flag.
 */
public enum Setting {
    HTTP_HOST("http.host", "HIBIKI_HTTP_HOST", "--http-host", "127.0.0.1"),
    HTTP_PORT("http.port", "HIBIKI_HTTP_PORT", "--http-port", "8080"),
    HTTP_CORS_ORIGINS("http.cors_origins", "HIBIKI_HTTP_CORS_ORIGINS", "--http-cors-origins", ""),
    DATA_DIR("data_dir", "HIBIKI_DATA_DIR", "--data-dir", "./data"),
    PUBLIC_URL("public_url", "HIBIKI_PUBLIC_URL", "--public-url", ""),
    DB_URL("db.url", "HIBIKI_DB_URL", "--db-url", ""),
    DB_USER("db.user", "HIBIKI_DB_USER", "--db-user", ""),
    // No flag on purpose: a password on the command line is visible to every local user through ps.
    DB_PASSWORD("db.password", "HIBIKI_DB_PASSWORD", null, ""),
    DB_POOL_SIZE("db.pool_size", "HIBIKI_DB_POOL_SIZE", "--db-pool-size", "10"),
    // No flag, as for the password; empty: a key generated into data_dir/secret.key.
    SECRET_KEY("secret_key", "HIBIKI_SECRET_KEY", null, ""),
    MEDIA_PORT("media.port", "HIBIKI_MEDIA_PORT", "--media-port", "50000"),
    MEDIA_ADDRESSES("media.addresses", "HIBIKI_MEDIA_ADDRESSES", "--media-addresses", ""),
    HLS_WINDOW_SEGMENTS("hls.window_segments", "HIBIKI_HLS_WINDOW_SEGMENTS", "--hls-window-segments", "6"),
    HLS_VIDEO_ENCODER("hls.video_encoder", "HIBIKI_HLS_VIDEO_ENCODER", "--hls-video-encoder", "libx264"),
    HLS_X264_PRESET("hls.x264_preset", "HIBIKI_HLS_X264_PRESET", "--hls-x264-preset", "superfast"),
    HLS_SEGMENT_FORMAT("hls.segment_format", "HIBIKI_HLS_SEGMENT_FORMAT", "--hls-segment-format", "mpegts"),
    MEDIA_SEND_WORKERS("media.send_workers", "HIBIKI_MEDIA_SEND_WORKERS", "--media-send-workers", "0"),
    SHUTDOWN_TIMEOUT_SECONDS("shutdown_timeout_seconds", "HIBIKI_SHUTDOWN_TIMEOUT_SECONDS",
            "--shutdown-timeout-seconds", "20"),
    WEBHOOK_TIMEOUT_SECONDS("webhook.timeout_seconds", "HIBIKI_WEBHOOK_TIMEOUT_SECONDS",
            "--webhook-timeout-seconds", "5"),
    WEBHOOK_EVENT_ATTEMPTS("webhook.event_attempts", "HIBIKI_WEBHOOK_EVENT_ATTEMPTS",
            "--webhook-event-attempts", "3"),
    WEBHOOK_ALLOW_PRIVATE_NETWORKS("webhook.allow_private_networks", "HIBIKI_WEBHOOK_ALLOW_PRIVATE_NETWORKS",
            "--webhook-allow-private-networks", "false"),
    SIP_ADDRESS("sip.address", "HIBIKI_SIP_ADDRESS", "--sip-address", ""),
    SIP_PORT("sip.port", "HIBIKI_SIP_PORT", "--sip-port", "5060"),
    SIP_RTP_PORT_MIN("sip.rtp_port_min", "HIBIKI_SIP_RTP_PORT_MIN", "--sip-rtp-port-min", "40000"),
    SIP_RTP_PORT_MAX("sip.rtp_port_max", "HIBIKI_SIP_RTP_PORT_MAX", "--sip-rtp-port-max", "49999"),
    SIP_RTP_TIMEOUT_SECONDS("sip.rtp_timeout_seconds", "HIBIKI_SIP_RTP_TIMEOUT_SECONDS", "--sip-rtp-timeout-seconds",
            "30"),
    SIP_ALLOW_PRIVATE_NETWORKS("sip.allow_private_networks", "HIBIKI_SIP_ALLOW_PRIVATE_NETWORKS",
            "--sip-allow-private-networks", "false");

    private final String yamlKey;
    private final String envName;
    private final String flag;
    private final String defaultValue;

    Setting(String yamlKey, String envName, String flag, String defaultValue) {
        this.yamlKey = yamlKey;
        this.envName = envName;
        this.flag = flag;
        this.defaultValue = defaultValue;
    }

    public String yamlKey() { return yamlKey; }
    public String envName() { return envName; }
    /** The flag, or null when the key cannot be given on the command line. */
    public String flag() { return flag; }
    public String defaultValue() { return defaultValue; }

    /** True for values that must never appear in logs or error messages. */
    public boolean secret() { return this == DB_PASSWORD || this == SECRET_KEY; }

    public static Setting byYamlKey(String key) {
        for (Setting s : values()) {
            if (s.yamlKey.equals(key)) return s;
        }
        return null;
    }

    public static Setting byEnvName(String name) {
        for (Setting s : values()) {
            if (s.envName.equals(name)) return s;
        }
        return null;
    }
}
