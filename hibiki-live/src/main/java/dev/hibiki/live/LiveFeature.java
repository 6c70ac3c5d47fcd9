package dev.hibiki.live;

import dev.hibiki.ice.HostCandidates;
import dev.hibiki.ice.IceSettings;
import dev.hibiki.live.channel.ArchiveDestinationCheck;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.config.HlsSettings;
import dev.hibiki.live.config.LiveSettings;
import dev.hibiki.live.config.MediaSettings;
import dev.hibiki.live.config.TurnSettings;
import dev.hibiki.live.hls.EncryptKeyStore;
import dev.hibiki.live.hls.HlsAudience;
import dev.hibiki.live.hls.HlsFileListener;
import dev.hibiki.live.hls.HlsFileRoute;
import dev.hibiki.live.hls.HlsService;
import dev.hibiki.live.hls.HlsUsageLedger;
import dev.hibiki.live.imageflux.ImageFluxChannelApi;
import dev.hibiki.live.imageflux.ImageFluxEncryptKeyApi;
import dev.hibiki.live.imageflux.ImageFluxStatsApi;
import dev.hibiki.live.signaling.ChannelConnections;
import dev.hibiki.live.signaling.ConnectGates;
import dev.hibiki.live.signaling.SignalingEndpoint;
import dev.hibiki.live.signaling.SignalingHooks;
import dev.hibiki.live.sora.ChannelScope;
import dev.hibiki.live.sora.SoraApis;
import dev.hibiki.live.sora.SoraConnectionApi;
import dev.hibiki.live.webhook.AuthWebhook;
import dev.hibiki.live.webhook.PlaylistUrlEvents;
import dev.hibiki.platform.Feature;
import dev.hibiki.platform.Platform;
import dev.hibiki.platform.StartupException;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.http.ErrorCode;
import dev.hibiki.platform.http.FailedAuthThrottle;
import dev.hibiki.platform.http.JsonResponses;
import dev.hibiki.platform.persistence.MigrationFolder;
import dev.hibiki.platform.usage.UsageService;
import dev.hibiki.sfu.Sfu;
import dev.hibiki.sfu.SfuConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Live channels as a feature: the SFU on the media port, Sora signaling and HTTP API, the ImageFlux channel API and
 * the HLS output with its file route.
 */
public final class LiveFeature implements Feature {

    /** Channels were V1 of the single migration sequence, HLS keys V2, their sealing V5. */
    static final MigrationFolder MIGRATIONS = new MigrationFolder("live", List.of(1, 2, 5));
    /** The video bit rate asked of senders that name none (kbps). */
    private static final int DEFAULT_VIDEO_KBPS = 2500;

    private Sfu sfu;
    private SignalingEndpoint signaling;
    private HlsService hls;
    private TurnRelays turn;

    @Override
    public String name() {
        return "live";
    }

    @Override
    public List<Setting> settings() {
        return LiveSettings.ALL;
    }

    @Override
    public Optional<MigrationFolder> migrations() {
        return Optional.of(MIGRATIONS);
    }

    @Override
    public void start(Platform platform) {
        MediaSettings media = platform.settings(MediaSettings.class);
        List<InetAddress> announced = media.addresses().isEmpty()
                ? HostCandidates.interfaceAddresses(true) : media.addresses();
        sfu = startSfu(media, announced);
        MediaMetrics.bindTo(platform.metrics(), sfu);
        java.net.URI publicUrl = platform.config().publicUrl();
        turn = TurnRelays.start(platform.settings(TurnSettings.class, TurnSettings.OFF), announced, sfu.mediaPort(),
                sfu.inProcessPeers(), publicUrl == null ? null : publicUrl.getHost());
        turn.bindMetrics(platform.metrics());
        ChannelService channels = new ChannelService(platform.jdbi());
        platform.provide(ChannelService.class, channels);
        UsageService usage = platform.usage();
        SignalingHooks hooks = new SignalingHooks(new AuthWebhook(platform.config().webhooks(), platform.metrics()),
                platform.events(), usage, platform.nodeName());
        signaling = new SignalingEndpoint(channels, sfu, Platform.VERSION, Duration.ofSeconds(5),
                SignalingEndpoint.DEFAULT_MISSED_PONG_LIMIT, hooks);
        signaling.iceServers(turn);
        signaling.dataChannelDefaults(media.dataChannels());
        platform.provide(ConnectGates.class, signaling.gates());
        EncryptKeyStore encryptKeys = new EncryptKeyStore(platform.jdbi(), platform.secrets());
        encryptKeys.sealPlaintextKeys();
        hls = new HlsService(channels, encryptKeys, platform.config().dataDir().resolve("hls"),
                platform.settings(HlsSettings.class), platform.urls()::playlistUrl,
                () -> platform.find(HlsFileListener.class).orElse(HlsFileListener.NONE));
        hls.deleteStaleOutput();
        sfu.setPublicationListener(hls);
        SignalingEndpoint signalingEndpoint = signaling;
        HlsAudience hlsAudience = new HlsAudience(FailedAuthThrottle::clientAddress);
        ChannelPresence presence = new ChannelPresence(signaling, hls, hlsAudience);
        platform.provide(ChannelConnections.class, presence);
        platform.provide(ChannelAudience.class, presence);
        new ImageFluxChannelApi(channels, platform.urls(), presence::disconnectAll, hls::playlists, platform.config().webhooks().policy())
                .archiveDestinations(() -> platform.find(ArchiveDestinationCheck.class).orElse(ArchiveDestinationCheck.NONE))
                .registerWith(platform.api());
        new ImageFluxEncryptKeyApi(encryptKeys).registerWith(platform.api());
        new ImageFluxStatsApi(channels, signaling, usage).registerWith(platform.api());
        new SoraConnectionApi(channels, signaling).registerWith(platform.api());
        platform.provide(SoraApis.class, new SoraApis() {
            @Override
            public SoraConnectionApi forScope(ChannelScope scope) {
                return new SoraConnectionApi(scope, signalingEndpoint);
            }

            @Override
            public java.util.List<String> activeChannelIds() {
                return signalingEndpoint.activeChannelIds();
            }
        });
        PlaylistUrlEvents playlistEvents = new PlaylistUrlEvents(channels, platform.events());
        hls.setPlaylistListener((channelId, p) -> playlistEvents.playlistReady(channelId, p.connectionId(), p.playlistUrl()));
        HlsFileRoute hlsFiles = new HlsFileRoute(hls.root(), new HlsUsageLedger(channels, usage),
                hls::playlistUrlExists, LiveFeature::answerMissingHlsFile).playlistReads(hlsAudience);
        channels.bindMetrics(platform.metrics());
        signaling.bindMetrics(platform.metrics());
        hls.bindMetrics(platform.metrics());
        platform.routes(cfg -> {
            signalingEndpoint.register(cfg);
            hlsFiles.register(cfg);
        });
    }

    private static Sfu startSfu(MediaSettings media, List<InetAddress> announced) {
        try {
            return Sfu.start(new SfuConfig(new InetSocketAddress(media.port()), announced, IceSettings.DEFAULT,
                    DEFAULT_VIDEO_KBPS, media.sendWorkersOrDefault(), media.tcp()));
        } catch (IOException | RuntimeException e) {
            throw new StartupException("cannot open the media port " + media.port() + " (UDP"
                    + (media.tcp() ? " and TCP" : "") + "): "
                    + StartupException.rootMessage(e), e);
        }
    }

    /** A player switches on these codes to tell "wait for the broadcast" from "give up". */
    private static void answerMissingHlsFile(io.javalin.http.Context ctx, HlsFileRoute.Absence absence, String message) {
        JsonResponses.error(ctx, switch (absence) {
            case NOT_LIVE -> ErrorCode.PLAYLIST_NOT_LIVE;
            case NO_PLAYLIST -> ErrorCode.PLAYLIST_NOT_FOUND;
            case NO_FILE -> ErrorCode.NOT_FOUND;
        }, message);
    }

    /** The media plane, for tests that need its hooks. */
    public Sfu sfu() {
        return sfu;
    }

    /** The signaling endpoint, for tests that need its hooks. */
    public SignalingEndpoint signaling() {
        return signaling;
    }

    /** The HLS output, for tests. */
    public HlsService hls() {
        return hls;
    }

    /** The embedded TURN server's port, or -1 when it does not run: for tests. */
    public int turnPort() {
        return turn == null ? -1 : turn.port();
    }

    @Override
    public void stop() {
        if (signaling != null) signaling.close();
        if (turn != null) turn.close();
        if (sfu != null) sfu.close();
        if (hls != null) hls.close();
    }
}
