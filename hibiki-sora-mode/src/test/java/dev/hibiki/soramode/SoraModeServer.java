package dev.hibiki.soramode;

import dev.hibiki.live.LiveFeature;
import dev.hibiki.live.config.HlsSettings;
import dev.hibiki.live.config.MediaSettings;
import dev.hibiki.platform.InstalledFeatures;
import dev.hibiki.platform.PlatformServer;
import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.platform.config.PlatformConfig;
import dev.hibiki.platform.webhook.WebhookSettings;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Live and Sora mode on the platform, in process. */
final class SoraModeServer implements AutoCloseable {

    final PlatformServer server;
    final SoraModeFeature soraMode;

    SoraModeServer(Path dataDir, SoraModeSettings settings, Clock clock) {
        soraMode = new SoraModeFeature(clock);
        PlatformConfig config = new PlatformConfig("127.0.0.1", 0, List.of(), dataDir, null,
                new DatabaseSettings(DatabaseSettings.embeddedH2Url(dataDir.resolve("hibiki")), "", "", 4, true),
                Duration.ofSeconds(1), WebhookSettings.DEFAULT, "");
        server = PlatformServer.start(config, new InstalledFeatures(List.of(new LiveFeature(), soraMode)),
                Map.of(MediaSettings.class, new MediaSettings(0, List.of(InetAddress.getLoopbackAddress()), 1, false),
                        HlsSettings.class, HlsSettings.DEFAULT, SoraModeSettings.class, settings));
    }

    String signalingUrl() {
        return server.urls().signalingUrl();
    }

    @Override
    public void close() {
        server.close();
    }
}
