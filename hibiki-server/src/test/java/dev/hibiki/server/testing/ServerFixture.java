package dev.hibiki.server.testing;

import dev.hibiki.archive.ArchiveSettings;
import dev.hibiki.server.HibikiServer;
import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.server.config.HibikiConfig;
import dev.hibiki.live.config.HlsSettings;
import dev.hibiki.sipgateway.SipSettings;
import dev.hibiki.platform.webhook.WebhookSettings;
import dev.hibiki.live.config.MediaSettings;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A Hibiki server running in this JVM on an ephemeral port, restartable on the same database. */
public final class ServerFixture implements AutoCloseable {

    private final Path dataDir;
    private final DatabaseSettings database;
    private final List<String> corsOrigins;
    private final URI publicUrl;
    private final WebhookSettings webhooks;
    private final HlsSettings hls;
    private final SipSettings sip;
    private final ArchiveSettings archive;
    private final dev.hibiki.soramode.SoraModeSettings soraMode;
    private final dev.hibiki.live.config.TurnSettings turn;
    private final InetAddress address;
    private final MediaSettings media;
    private HibikiServer server;

    public ServerFixture(Path dataDir, DatabaseSettings database, List<String> corsOrigins, URI publicUrl) {
        this(dataDir, database, corsOrigins, publicUrl, WebhookSettings.DEFAULT);
    }

    public ServerFixture(Path dataDir, DatabaseSettings database, List<String> corsOrigins, URI publicUrl,
                         WebhookSettings webhooks) {
        this(dataDir, database, corsOrigins, publicUrl, webhooks, HlsSettings.DEFAULT);
    }

    public ServerFixture(Path dataDir, DatabaseSettings database, HlsSettings hls) {
        this(dataDir, database, List.of(), null, WebhookSettings.DEFAULT, hls, SipSettings.LOOPBACK);
    }

    /** With these SIP gateway settings (tests that call sipp and nginx on loopback allow private networks). */
    public ServerFixture(Path dataDir, DatabaseSettings database, SipSettings sip) {
        this(dataDir, database, List.of(), null, WebhookSettings.DEFAULT, HlsSettings.DEFAULT, sip);
    }

    private ServerFixture(Path dataDir, DatabaseSettings database, List<String> corsOrigins, URI publicUrl,
                          WebhookSettings webhooks, HlsSettings hls) {
        this(dataDir, database, corsOrigins, publicUrl, webhooks, hls, SipSettings.LOOPBACK);
    }

    /** With these webhook and archive settings (tests with a bucket or receiver on loopback allow private networks). */
    public ServerFixture(Path dataDir, DatabaseSettings database, WebhookSettings webhooks, ArchiveSettings archive) {
        this(dataDir, database, List.of(), null, webhooks, HlsSettings.DEFAULT, SipSettings.LOOPBACK, archive);
    }

    private ServerFixture(Path dataDir, DatabaseSettings database, List<String> corsOrigins, URI publicUrl,
                          WebhookSettings webhooks, HlsSettings hls, SipSettings sip) {
        this(dataDir, database, corsOrigins, publicUrl, webhooks, hls, sip, ArchiveSettings.DEFAULT);
    }

    private ServerFixture(Path dataDir, DatabaseSettings database, List<String> corsOrigins, URI publicUrl,
                          WebhookSettings webhooks, HlsSettings hls, SipSettings sip, ArchiveSettings archive) {
        this(dataDir, database, corsOrigins, publicUrl, webhooks, hls, sip, archive,
                dev.hibiki.live.config.TurnSettings.OFF, dev.hibiki.soramode.SoraModeSettings.DEFAULT);
    }

    private ServerFixture(Path dataDir, DatabaseSettings database, List<String> corsOrigins, URI publicUrl,
                          WebhookSettings webhooks, HlsSettings hls, SipSettings sip, ArchiveSettings archive,
                          dev.hibiki.live.config.TurnSettings turn, dev.hibiki.soramode.SoraModeSettings soraMode) {
        this(dataDir, database, corsOrigins, publicUrl, webhooks, hls, sip, archive, turn, soraMode,
                InetAddress.getLoopbackAddress(), null);
    }

    /** @param media null for HibikiConfig's default: any free port, announced on loopback */
    private ServerFixture(Path dataDir, DatabaseSettings database, List<String> corsOrigins, URI publicUrl,
                          WebhookSettings webhooks, HlsSettings hls, SipSettings sip, ArchiveSettings archive,
                          dev.hibiki.live.config.TurnSettings turn, dev.hibiki.soramode.SoraModeSettings soraMode,
                          InetAddress address, MediaSettings media) {
        this.address = address;
        this.media = media;
        this.turn = turn;
        this.soraMode = soraMode;
        this.archive = archive;
        this.dataDir = dataDir;
        this.database = database;
        this.corsOrigins = corsOrigins;
        this.publicUrl = publicUrl;
        this.webhooks = webhooks;
        this.hls = hls;
        this.sip = sip;
        start();
    }

    /** With these relays (the embedded TURN server on a free port, and the transport policy). */
    public ServerFixture(Path dataDir, DatabaseSettings database, dev.hibiki.live.config.TurnSettings turn) {
        this(dataDir, database, turn, dev.hibiki.soramode.SoraModeSettings.DEFAULT);
    }

    /** With these relays, in Sora mode with these settings. */
    public ServerFixture(Path dataDir, DatabaseSettings database, dev.hibiki.live.config.TurnSettings turn,
                         dev.hibiki.soramode.SoraModeSettings soraMode) {
        this(dataDir, database, List.of(), null, WebhookSettings.DEFAULT, HlsSettings.DEFAULT, SipSettings.LOOPBACK,
                ArchiveSettings.DEFAULT, turn, soraMode);
    }

    /**
     * Reached at one address only: HTTP listens there, and the media port (UDP, and TCP with {@code mediaTcp}) and
     * the relays are announced there; for clients in another network namespace that reach this host by it.
     */
    public ServerFixture(Path dataDir, DatabaseSettings database, InetAddress address, boolean mediaTcp,
                         dev.hibiki.live.config.TurnSettings turn, dev.hibiki.soramode.SoraModeSettings soraMode) {
        this(dataDir, database, List.of(), null, WebhookSettings.DEFAULT, HlsSettings.DEFAULT, SipSettings.LOOPBACK,
                ArchiveSettings.DEFAULT, turn, soraMode, address, new MediaSettings(0, List.of(address), 0, mediaTcp));
    }

    /** In Sora mode with these settings. */
    public ServerFixture(Path dataDir, DatabaseSettings database, dev.hibiki.soramode.SoraModeSettings soraMode) {
        this(dataDir, database, dev.hibiki.live.config.TurnSettings.OFF, soraMode);
    }

    public ServerFixture(Path dataDir, DatabaseSettings database) {
        this(dataDir, database, List.of(), null);
    }

    private void start() {
        HibikiConfig config = new HibikiConfig(address.getHostAddress(), 0, corsOrigins, dataDir, publicUrl, database,
                Duration.ofSeconds(5)).withWebhooks(webhooks).withHls(hls).withSip(sip)
                .withArchive(archive).withSoraMode(soraMode).withTurn(turn);
        server = HibikiServer.start(media == null ? config : config.withMedia(media));
    }

    public void restart() {
        server.close();
        start();
    }

    public HibikiServer server() {
        return server;
    }

    public URI baseUri() {
        return URI.create("http://" + address.getHostAddress() + ":" + server.port() + "/");
    }

    /** A new token: each test acts as its own tenant. */
    public String newToken(String name) {
        return server.tokens().create(name).secret();
    }

    @Override
    public void close() {
        server.close();
    }
}
