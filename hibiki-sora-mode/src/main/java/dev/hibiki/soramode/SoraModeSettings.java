package dev.hibiki.soramode;

import dev.hibiki.platform.config.ConfigValues;
import dev.hibiki.platform.config.Setting;

import java.util.List;

/**
 * Sora mode's keys. Off by default; on, it needs a way to admit connections (a secret key, an auth webhook, or both),
 * or the explicit {@code open} of a local test setup.
 *
 * @param secretKey      admits a connect whose {@code metadata.access_token} is this key or an HS256 JWT signed with
 *                       it; null when not set
 * @param authWebhookUrl asked about every other connect (Sora's auth webhook); null when not set
 * @param eventWebhookUrl told of the channels' connections (Sora's event webhook); null when not set
 * @param open           admits every connect: for local testing only
 * @param apiListen      where the Sora HTTP API for Sora-mode channels listens, without a token; null: nowhere
 */
public record SoraModeSettings(boolean enabled, String secretKey, String authWebhookUrl, String eventWebhookUrl,
                               boolean open, java.net.InetSocketAddress apiListen) {

    /** Without the private API listener (embedding and tests). */
    public SoraModeSettings(boolean enabled, String secretKey, String authWebhookUrl, String eventWebhookUrl,
                            boolean open) {
        this(enabled, secretKey, authWebhookUrl, eventWebhookUrl, open, null);
    }

    public static final Setting ENABLED = Setting.of("sora_mode.enabled", "HIBIKI_SORA_MODE_ENABLED",
            "--sora-mode-enabled", "false", "BOOL",
            "stand in for a Sora server: channels open on first connect, without CreateChannel");
    public static final Setting SECRET_KEY = Setting.of("sora_mode.secret_key", "HIBIKI_SORA_MODE_SECRET_KEY",
            "--sora-mode-secret-key", "", "KEY",
            "Sora mode: metadata.access_token must be this key or an HS256 JWT signed with it (at least 32 characters)");
    public static final Setting AUTH_WEBHOOK_URL = Setting.of("sora_mode.auth_webhook_url",
            "HIBIKI_SORA_MODE_AUTH_WEBHOOK_URL", "--sora-mode-auth-webhook-url", "", "URL",
            "Sora mode: the auth webhook asked about connections the secret key does not admit");
    public static final Setting EVENT_WEBHOOK_URL = Setting.of("sora_mode.event_webhook_url",
            "HIBIKI_SORA_MODE_EVENT_WEBHOOK_URL", "--sora-mode-event-webhook-url", "", "URL",
            "Sora mode: the event webhook of its channels");
    public static final Setting OPEN = Setting.of("sora_mode.open", "HIBIKI_SORA_MODE_OPEN", "--sora-mode-open",
            "false", "BOOL", "Sora mode: admit every connection, with no key or webhook (local testing only)");

    public static final Setting API_LISTEN = Setting.of("sora_mode.api_listen", "HIBIKI_SORA_MODE_API_LISTEN",
            "--sora-mode-api-listen", "127.0.0.1:3000", "HOST:PORT",
            "Sora mode: where Sora's HTTP API for its channels listens, without a token (a private address; empty: off)");

    public static final List<Setting> ALL = List.of(ENABLED, SECRET_KEY, AUTH_WEBHOOK_URL, EVENT_WEBHOOK_URL, OPEN,
            API_LISTEN);

    public static final SoraModeSettings DEFAULT = new SoraModeSettings(false, null, null, null, false,
            java.net.InetSocketAddress.createUnresolved("127.0.0.1", 3000));

    /** A secret shorter than this is refused: HS256 keys should carry at least 256 bits. */
    static final int MIN_SECRET_LENGTH = 32;

    public static SoraModeSettings resolve(ConfigValues v) {
        String secret = blankToNull(v.text(SECRET_KEY));
        if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
            throw v.invalid(SECRET_KEY, "must be at least " + MIN_SECRET_LENGTH + " characters (got " + secret.length() + ")");
        }
        String auth = blankToNull(v.text(AUTH_WEBHOOK_URL));
        String event = blankToNull(v.text(EVENT_WEBHOOK_URL));
        for (var e : List.of(java.util.Map.entry(AUTH_WEBHOOK_URL, auth == null ? "" : auth),
                java.util.Map.entry(EVENT_WEBHOOK_URL, event == null ? "" : event))) {
            String url = e.getValue();
            if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw v.invalid(e.getKey(), "must be an http:// or https:// URL (got " + url + ")");
            }
        }
        boolean enabled = v.bool(ENABLED);
        boolean open = v.bool(OPEN);
        if (enabled && !open && secret == null && auth == null) {
            throw v.invalid(ENABLED, "needs sora_mode.secret_key or sora_mode.auth_webhook_url to admit connections"
                    + " (or sora_mode.open: true, for local testing only)");
        }
        return new SoraModeSettings(enabled, secret, auth, event, open, listen(v));
    }

    private static java.net.InetSocketAddress listen(ConfigValues v) {
        String text = blankToNull(v.text(API_LISTEN));
        if (text == null) return null;
        int colon = text.lastIndexOf(':');
        String host = colon <= 0 ? "" : text.substring(0, colon).replaceAll("^\\[|\\]$", "");
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw v.invalid(API_LISTEN, "must be HOST:PORT, e.g. 127.0.0.1:3000 (got " + text + ")");
        }
        return java.net.InetSocketAddress.createUnresolved(host, port);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
