package dev.hibiki.server.testing;

import dev.hibiki.archive.ArchiveSettings;
import dev.hibiki.server.HibikiServer;
import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.server.config.HibikiConfig;
import dev.hibiki.live.config.HlsSettings;
import dev.hibiki.sipgateway.SipSettings;
import dev.hibiki.platform.webhook.WebhookSettings;

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
    private dev.hibiki.live.config.TurnSettings turn = dev.hibiki.live.config.TurnSettings.OFF;
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
        this.soraMode = dev.hibiki.soramode.SoraModeSettings.DEFAULT;
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
        this.turn = turn;
        this.soraMode = soraMode;
        this.archive = ArchiveSettings.DEFAULT;
        this.dataDir = dataDir;
        this.database = database;
        this.corsOrigins = List.of();
        this.publicUrl = null;
        this.webhooks = WebhookSettings.DEFAULT;
        this.hls = HlsSettings.DEFAULT;
        this.sip = SipSettings.LOOPBACK;
        start();
    }

    /** In Sora mode with these settings. */
    public ServerFixture(Path dataDir, DatabaseSettings database, dev.hibiki.soramode.SoraModeSettings soraMode) {
        this.soraMode = soraMode;
        this.archive = ArchiveSettings.DEFAULT;
        this.dataDir = dataDir;
        this.database = database;
        this.corsOrigins = List.of();
        this.publicUrl = null;
        this.webhooks = WebhookSettings.DEFAULT;
        this.hls = HlsSettings.DEFAULT;
        this.sip = SipSettings.LOOPBACK;
        start();
    }

    public ServerFixture(Path dataDir, DatabaseSettings database) {
        this(dataDir, database, List.of(), null);
    }

    private void start() {
        server = HibikiServer.start(new HibikiConfig("127.0.0.1", 0, corsOrigins, dataDir, publicUrl, database,
                Duration.ofSeconds(5)).withWebhooks(webhooks).withHls(hls).withSip(sip)
                .withArchive(archive).withSoraMode(soraMode).withTurn(turn));
    }

    public void restart() {
        server.close();
        start();
    }

    public HibikiServer server() {
        return server;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
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
