package dev.hibiki.server;

import dev.hibiki.archive.ArchiveFeature;
import dev.hibiki.live.LiveFeature;
import dev.hibiki.live.hls.HlsService;
import dev.hibiki.live.signaling.SignalingEndpoint;
import dev.hibiki.option.OptionFeature;
import dev.hibiki.platform.InstalledFeatures;
import dev.hibiki.platform.PlatformServer;
import dev.hibiki.platform.http.PublicUrls;
import dev.hibiki.platform.token.IssuedToken;
import dev.hibiki.platform.token.TokenService;
import dev.hibiki.ricoh.ApiClientService;
import dev.hibiki.ricoh.RicohFeature;
import dev.hibiki.server.config.HibikiConfig;
import dev.hibiki.sfu.Sfu;
import dev.hibiki.sipgateway.SipGatewayFeature;
import dev.hibiki.sipgateway.SipService;

import java.util.List;
import java.util.Optional;

/** One running Hibiki: the platform with the live channels, the archive, the RICOH API and the SIP gateway on it. */
public final class HibikiServer implements AutoCloseable {

    private final PlatformServer platform;
    private final LiveFeature live;
    private final SipGatewayFeature sip;
    private final RicohFeature ricoh;
    private final OptionFeature option;

    private HibikiServer(PlatformServer platform, LiveFeature live, SipGatewayFeature sip, RicohFeature ricoh,
                         OptionFeature option) {
        this.option = option;
        this.platform = platform;
        this.live = live;
        this.sip = sip;
        this.ricoh = ricoh;
    }

    /**
     * The features of this build, in the order they start (and their migrations run): the archive, the RICOH API and
     * the Live Streaming Option after live.
     */
    private static InstalledFeatures features(LiveFeature live, RicohFeature ricoh, OptionFeature option,
                                              SipGatewayFeature sip) {
        return new InstalledFeatures(List.of(live, new ArchiveFeature(), ricoh, option, sip, new DemoPages()));
    }

    /** The option deletes its schedules' channels itself; live closes their connections and HLS output. */
    private static OptionFeature optionOn(LiveFeature live) {
        return new OptionFeature(channelId -> {
            live.signaling().disconnectChannel(channelId);
            live.hls().channelDeleted(channelId);
        });
    }

    /** The features, not started: for the command line, which needs their keys, commands and migrations. */
    public static InstalledFeatures features() {
        LiveFeature live = new LiveFeature();
        return features(live, new RicohFeature(), optionOn(live), new SipGatewayFeature());
    }

    public static HibikiServer start(HibikiConfig config) {
        LiveFeature live = new LiveFeature();
        SipGatewayFeature sip = new SipGatewayFeature();
        RicohFeature ricoh = new RicohFeature();
        OptionFeature option = optionOn(live);
        PlatformServer platform = PlatformServer.start(config.platform(), features(live, ricoh, option, sip),
                config.featureSettings());
        return new HibikiServer(platform, live, sip, ricoh, option);
    }

    public PublicUrls urls() {
        return platform.urls();
    }

    public int port() {
        return platform.port();
    }

    public int mediaPort() {
        return live.sfu().mediaPort();
    }

    /** The media plane, for tests that need its hooks. */
    public Sfu sfu() {
        return live.sfu();
    }

    /** The signaling endpoint, for tests that need its hooks. */
    public SignalingEndpoint signaling() {
        return live.signaling();
    }

    /** The HLS output, for tests. */
    public HlsService hls() {
        return live.hls();
    }

    /** The SIP gateway, for tests. */
    public SipService sip() {
        return sip.service();
    }

    /** The RICOH API's clients, as {@code hibiki client} manages them: for tests. */
    public ApiClientService ricohClients() {
        return ricoh.clients();
    }

    /** The Live Streaming Option, for tests that create a system. */
    public OptionFeature option() {
        return option;
    }

    public TokenService tokens() {
        return platform.tokens();
    }

    /** The token created on the very first start of this database, to be shown once. */
    public Optional<IssuedToken> initialToken() {
        return platform.initialToken();
    }

    /** Graceful: stops accepting, finishes requests in flight, stops the features, then closes the database. */
    @Override
    public void close() {
        platform.close();
    }
}
