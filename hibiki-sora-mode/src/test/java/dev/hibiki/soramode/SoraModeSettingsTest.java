package dev.hibiki.soramode;

import dev.hibiki.platform.config.ConfigException;
import dev.hibiki.platform.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sora mode refuses to start without a way to admit connections, and names the key to fix. */
class SoraModeSettingsTest {

    private static SoraModeSettings resolve(Map<String, String> env) {
        return SoraModeSettings.resolve(ConfigLoader.load(null, env, Map.of(), SoraModeSettings.ALL));
    }

    @Test
    void offByDefault() {
        SoraModeSettings off = resolve(Map.of());
        assertThat(off.enabled()).isFalse();
        assertThat(off.apiListen().getHostString() + ":" + off.apiListen().getPort()).isEqualTo("127.0.0.1:3000");
    }

    @Test
    void enabledWithoutKeyWebhookOrOpenIsAConfigurationError() {
        assertThatThrownBy(() -> resolve(Map.of("HIBIKI_SORA_MODE_ENABLED", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sora_mode.secret_key or sora_mode.auth_webhook_url");
    }

    @Test
    void aShortSecretOrABadUrlIsRefused() {
        assertThatThrownBy(() -> resolve(Map.of("HIBIKI_SORA_MODE_ENABLED", "true", "HIBIKI_SORA_MODE_SECRET_KEY", "short")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> resolve(Map.of("HIBIKI_SORA_MODE_ENABLED", "true",
                "HIBIKI_SORA_MODE_AUTH_WEBHOOK_URL", "ftp://example.com/auth")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http:// or https://");
    }

    @Test
    void aWebhookAloneOrOpenIsEnough() {
        SoraModeSettings webhook = resolve(Map.of("HIBIKI_SORA_MODE_ENABLED", "true",
                "HIBIKI_SORA_MODE_AUTH_WEBHOOK_URL", "https://auth.example.com/sora"));
        assertThat(webhook.authWebhookUrl()).isEqualTo("https://auth.example.com/sora");
        assertThat(webhook.secretKey()).isNull();
        assertThat(resolve(Map.of("HIBIKI_SORA_MODE_ENABLED", "true", "HIBIKI_SORA_MODE_OPEN", "true")).open()).isTrue();
    }
}
