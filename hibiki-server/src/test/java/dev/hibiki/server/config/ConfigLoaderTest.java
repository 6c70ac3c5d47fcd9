package dev.hibiki.server.config;

import dev.hibiki.hls.playlist.SegmentFormat;
import dev.hibiki.live.config.HlsSettings;
import dev.hibiki.live.config.LiveSettings;
import dev.hibiki.platform.config.PlatformSettings;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static Map<Setting, String> flags(Object... pairs) {
        Map<Setting, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((Setting) pairs[i], (String) pairs[i + 1]);
        return m;
    }

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("hibiki.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void defaultsServeLocallyWithAnEmbeddedDatabase() {
        HibikiConfig c = HibikiConfig.load(null, Map.of(), flags());
        assertThat(c.httpHost()).isEqualTo("127.0.0.1");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.publicUrl()).isNull();
        assertThat(c.corsOrigins()).isEmpty();
        assertThat(c.database().embedded()).isTrue();
        assertThat(c.database().url()).startsWith("jdbc:h2:file:").endsWith("data/hibiki;AUTO_SERVER=TRUE;WRITE_DELAY=0");
    }

    @Test
    void flagBeatsEnvironmentBeatsYamlBeatsDefault() throws IOException {
        Path file = yaml("""
                http:
                  host: 0.0.0.0
                  port: 7000
                data_dir: /tmp/from-yaml
                db:
                  pool_size: 3
                """);
        Map<String, String> env = Map.of("HIBIKI_HTTP_PORT", "7001", "HIBIKI_DATA_DIR", "/tmp/from-env");
        HibikiConfig c = HibikiConfig.load(file, env, flags(PlatformSettings.HTTP_PORT, "7002"));
        assertThat(c.httpPort()).isEqualTo(7002);
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/from-env"));
        assertThat(c.httpHost()).isEqualTo("0.0.0.0");
        assertThat(c.database().poolSize()).isEqualTo(3);

        assertThat(HibikiConfig.load(file, env, flags()).httpPort()).isEqualTo(7001);
        assertThat(HibikiConfig.load(file, Map.of(), flags()).httpPort()).isEqualTo(7000);
    }

    @Test
    void privateWebhookTargetsAreOffUnlessAllowed() throws IOException {
        assertThat(HibikiConfig.load(null, Map.of(), flags()).webhooks().allowPrivateNetworks()).isFalse();
        assertThat(HibikiConfig.load(null, Map.of("HIBIKI_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "TRUE"), flags())
                .webhooks().allowPrivateNetworks()).isTrue();
        assertThat(HibikiConfig.load(yaml("webhook:\n  allow_private_networks: true\n"), Map.of(), flags())
                .webhooks().allowPrivateNetworks()).isTrue();
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of("HIBIKI_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "yes"), flags()))
                .hasMessage("invalid configuration: HIBIKI_WEBHOOK_ALLOW_PRIVATE_NETWORKS=\"yes\" must be true or false");
    }

    @Test
    void dataChannelSignalingIsOnlyWhatConnectsAskForUnlessTheServerSaysOtherwise() throws IOException {
        assertThat(HibikiConfig.load(null, Map.of(), flags()).media().dataChannels())
                .isEqualTo(dev.hibiki.live.signaling.DataChannelPlan.Defaults.OFF);
        assertThat(HibikiConfig.load(yaml("signaling:\n  data_channel_signaling: true\n  ignore_disconnect_websocket: true\n"),
                Map.of(), flags()).media().dataChannels())
                .isEqualTo(new dev.hibiki.live.signaling.DataChannelPlan.Defaults(true, true));
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of("HIBIKI_SIGNALING_IGNORE_DISCONNECT_WEBSOCKET", "true"),
                flags())).hasMessageContaining("HIBIKI_SIGNALING_IGNORE_DISCONNECT_WEBSOCKET")
                .hasMessageContaining("needs signaling.data_channel_signaling: true");
    }

    @Test
    void theServerKeyIsThirtyTwoBytesOfBase64AndNeverShown() {
        String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(HibikiConfig.load(null, Map.of("HIBIKI_SECRET_KEY", key), flags()).secretKey()).isEqualTo(key);
        assertThat(HibikiConfig.load(null, Map.of(), flags()).secretKey()).as("the key file then").isEmpty();
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of("HIBIKI_SECRET_KEY", "hunter2-short"), flags()))
                .hasMessageContaining("HIBIKI_SECRET_KEY").hasMessageContaining("32 random bytes")
                .hasMessageNotContaining("hunter2");
        assertThat(HibikiConfig.load(null, Map.of("HIBIKI_SECRET_KEY", key), flags()).toString()).doesNotContain(key);
    }

    @Test
    void privateSipTargetsAreOffUnlessAllowed() throws IOException {
        assertThat(HibikiConfig.load(null, Map.of(), flags()).sip().allowPrivateNetworks()).isFalse();
        assertThat(HibikiConfig.load(null, Map.of("HIBIKI_SIP_ALLOW_PRIVATE_NETWORKS", "true"), flags())
                .sip().allowPrivateNetworks()).isTrue();
        assertThat(HibikiConfig.load(yaml("sip:\n  allow_private_networks: true\n"), Map.of(), flags())
                .sip().allowPrivateNetworks()).isTrue();
        assertThat(HibikiConfig.load(null, Map.of("HIBIKI_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true"), flags())
                .sip().allowPrivateNetworks()).as("each feature is opened on its own").isFalse();
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of("HIBIKI_SIP_ALLOW_PRIVATE_NETWORKS", "1"), flags()))
                .hasMessage("invalid configuration: HIBIKI_SIP_ALLOW_PRIVATE_NETWORKS=\"1\" must be true or false");
    }

    @Test
    void errorsNameTheKeyAsTheUserWroteIt() throws IOException {
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of("HIBIKI_HTTP_PORT", "eighty"), flags()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid configuration: HIBIKI_HTTP_PORT=\"eighty\" must be an integer from 0 to 65535");
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of(), flags(PlatformSettings.HTTP_PORT, "70000")))
                .hasMessageStartingWith("invalid configuration: --http-port=\"70000\"");
        Path file = yaml("http:\n  port: -1\n");
        assertThatThrownBy(() -> HibikiConfig.load(file, Map.of(), flags()))
                .hasMessageStartingWith("invalid configuration: http.port in " + file);
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of("HIBIKI_DB_URL", "jdbc:mysql://db/x"), flags()))
                .hasMessageContaining("HIBIKI_DB_URL").hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of("HIBIKI_PUBLIC_URL", "ftp://x"), flags()))
                .hasMessageContaining("HIBIKI_PUBLIC_URL");
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of("HIBIKI_HTTP_CORS_ORIGINS", "example.com"), flags()))
                .hasMessageContaining("HIBIKI_HTTP_CORS_ORIGINS");
        assertThatThrownBy(() -> HibikiConfig.load(yaml("htp:\n  port: 1\n"), Map.of(), flags()))
                .hasMessageContaining("unknown key htp.port");
        assertThatThrownBy(() -> HibikiConfig.load(yaml("http: [1, 2\n"), Map.of(), flags()))
                .hasMessageStartingWith("cannot read configuration file");
        assertThatThrownBy(() -> HibikiConfig.load(dir.resolve("missing.yaml"), Map.of(), flags()))
                .hasMessageStartingWith("cannot read configuration file");
    }

    @Test
    void hlsSettingsHaveDefaultsAndAreChecked() throws IOException {
        assertThat(HibikiConfig.load(null, Map.of(), flags()).hls()).isEqualTo(HlsSettings.DEFAULT);
        HibikiConfig c = HibikiConfig.load(yaml("hls:\n  window_segments: 10\n  x264_preset: ultrafast\n"),
                Map.of("HIBIKI_HLS_VIDEO_ENCODER", "libopenh264"), flags());
        assertThat(c.hls()).isEqualTo(new HlsSettings(10, "libopenh264", "ultrafast", SegmentFormat.MPEGTS));
        assertThat(HibikiConfig.load(yaml("hls:\n  segment_format: fmp4\n"), Map.of(), flags()).hls().segmentFormat())
                .isEqualTo(SegmentFormat.FMP4);
        assertThat(HibikiConfig.load(null, Map.of("HIBIKI_HLS_SEGMENT_FORMAT", "fmp4"), flags()).hls().segmentFormat())
                .isEqualTo(SegmentFormat.FMP4);
        assertThat(HibikiConfig.load(null, Map.of(), flags(LiveSettings.HLS_SEGMENT_FORMAT, "FMP4")).hls().segmentFormat())
                .isEqualTo(SegmentFormat.FMP4);
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of(), flags(LiveSettings.HLS_SEGMENT_FORMAT, "webm")))
                .hasMessageContaining("--hls-segment-format").hasMessageContaining("must be mpegts or fmp4");
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of(), flags(LiveSettings.HLS_X264_PRESET, "quick")))
                .hasMessageStartingWith("invalid configuration: --hls-x264-preset=\"quick\" must be an x264 preset");
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of("HIBIKI_HLS_VIDEO_ENCODER", "nvenc"), flags()))
                .hasMessageContaining("HIBIKI_HLS_VIDEO_ENCODER").hasMessageContaining("libx264 or libopenh264");
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of("HIBIKI_HLS_WINDOW_SEGMENTS", "1"), flags()))
                .hasMessageContaining("must be an integer from 2 to 1000");
    }

    @Test
    void sendWorkersDefaultToOnePerProcessorAndCanBeSet() {
        HibikiConfig byDefault = HibikiConfig.load(null, Map.of(), flags());
        assertThat(byDefault.media().sendWorkers()).isZero();
        assertThat(byDefault.media().sendWorkersOrDefault()).isEqualTo(Runtime.getRuntime().availableProcessors());
        HibikiConfig set = HibikiConfig.load(null, Map.of("HIBIKI_MEDIA_SEND_WORKERS", "3"), flags());
        assertThat(set.media().sendWorkersOrDefault()).isEqualTo(3);
        assertThatThrownBy(() -> HibikiConfig.load(null, Map.of(), flags(LiveSettings.MEDIA_SEND_WORKERS, "-1")))
                .hasMessageStartingWith("invalid configuration: --media-send-workers=\"-1\"");
    }

    @Test
    void errorMessagesAreOneLine() {
        assertThatThrownBy(() -> HibikiConfig.load(yaml("http: [1, 2\n"), Map.of(), flags()))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void secretsAreNeverEchoed() {
        // A password can only be wrong by being unusable, but make sure a bad secret never lands in a message.
        HibikiConfig c = HibikiConfig.load(null, Map.of("HIBIKI_DB_URL", "jdbc:postgresql://db/x",
                "HIBIKI_DB_PASSWORD", "s3cret"), flags());
        assertThat(c.database().password()).isEqualTo("s3cret");
        assertThat(c.database().toString()).doesNotContain("s3cret");
        assertThat(c.toString()).doesNotContain("s3cret");

        HibikiConfig inUrl = HibikiConfig.load(null, Map.of("HIBIKI_DB_URL",
                "jdbc:postgresql://db/x?user=u&password=hunter2&ssl=true"), flags());
        assertThat(inUrl.database().redactedUrl()).isEqualTo("jdbc:postgresql://db/x?user=u&password=***&ssl=true");
        assertThat(inUrl.toString()).doesNotContain("hunter2");
    }

    @Test
    void publicUrlIsNormalised() {
        HibikiConfig c = HibikiConfig.load(null, Map.of("HIBIKI_PUBLIC_URL", "HTTPS://live.example.com/base/"), flags());
        assertThat(c.publicUrl()).isEqualTo(URI.create("https://live.example.com/base"));
    }
}
