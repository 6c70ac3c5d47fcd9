package dev.hibiki.soramode;

import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.signaling.ConnectGates;
import dev.hibiki.live.sora.SoraApis;
import dev.hibiki.platform.Feature;
import dev.hibiki.platform.Platform;
import dev.hibiki.platform.StartupException;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.token.AccessToken;
import dev.hibiki.platform.token.TokenService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Sora mode: Hibiki stands in for a Sora server, so that Sora's SDKs connect to any channel id without CreateChannel
 * (docs/API.md, "Sora mode"). Off unless {@code sora_mode.enabled}; starts after live (and after the products whose
 * gates own some channel ids, such as the RICOH API's rooms).
 */
public final class SoraModeFeature implements Feature {

    private static final Logger LOG = LoggerFactory.getLogger(SoraModeFeature.class);
    /** The platform token Sora-mode channels' usage is recorded under; never shown to anyone. */
    static final String OWNER_TOKEN_NAME = "sora mode channels";

    private final Clock clock;
    private SoraModeApiListener api;

    public SoraModeFeature() {
        this(Clock.systemUTC());
    }

    /** @param clock when JWTs expire (tests move it) */
    public SoraModeFeature(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "sora-mode";
    }

    @Override
    public List<Setting> settings() {
        return SoraModeSettings.ALL;
    }

    @Override
    public void start(Platform platform) {
        SoraModeSettings settings = platform.settings(SoraModeSettings.class);
        if (!settings.enabled()) return;
        ChannelService channels = platform.find(ChannelService.class).orElseThrow(() -> new StartupException(
                "Sora mode needs the live channels feature, which must start before it", null));
        ConnectGates gates = platform.find(ConnectGates.class).orElseThrow(() -> new StartupException(
                "Sora mode needs live's signaling, which must start before it", null));
        AccessTokenCheck tokens = settings.secretKey() == null ? null : new AccessTokenCheck(settings.secretKey(), clock);
        gates.add(new SoraModeGate(channels, settings, tokens, ownerToken(new TokenService(platform.jdbi()))));
        if (settings.apiListen() != null) {
            SoraApis apis = platform.find(SoraApis.class).orElseThrow(() -> new StartupException(
                    "Sora mode's API needs live's Sora API, which must start before it", null));
            api = new SoraModeApiListener(settings.apiListen(),
                    apis.forScope(new SoraModeChannels(channels, apis)), platform.config().shutdownTimeout());
            LOG.info("Sora mode's API (no token; keep it private) on {}:{}", settings.apiListen().getHostString(),
                    api.port());
        }
        if (settings.open()) {
            LOG.warn("Sora mode is OPEN: any client may connect to any channel id (sora_mode.open; local testing only)");
        } else {
            LOG.info("Sora mode: channels open on first connect, admitted by {}", settings.secretKey() != null
                    ? settings.authWebhookUrl() != null ? "the secret key, else the auth webhook" : "the secret key"
                    : "the auth webhook");
        }
    }

    /** The owner of every Sora-mode channel, the same across restarts so that usage adds up. */
    private static String ownerToken(TokenService tokens) {
        for (AccessToken t : tokens.list()) {
            if (!t.revoked() && t.name().equals(OWNER_TOKEN_NAME)) return t.id();
        }
        return tokens.create(OWNER_TOKEN_NAME).token().id();
    }

    /** The private API's port (tests listen on port 0); -1 when it is off. */
    public int apiPort() {
        return api == null ? -1 : api.port();
    }

    @Override
    public void stop() {
        if (api != null) api.close();
    }
}
