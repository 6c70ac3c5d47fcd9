package dev.hibiki.live;

import dev.hibiki.ice.InProcessPeers;
import dev.hibiki.live.config.TurnSettings;
import dev.hibiki.live.signaling.IceServers;
import dev.hibiki.platform.StartupException;
import dev.hibiki.turn.PeerPolicy;
import dev.hibiki.turn.TurnConfig;
import dev.hibiki.turn.TurnServer;
import dev.hibiki.turn.TurnStats;
import dev.hibiki.turn.allocation.RelayTransportFactory;
import dev.hibiki.turn.auth.TurnCredential;
import dev.hibiki.turn.auth.TurnRestCredentials;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The relays an offer names: the embedded TURN server (UDP and TCP, relaying only to this server's own media port, so
 * it is no open relay, and to it in process, without a socket hop) and/or the operator's TURN server, each with TURN
 * REST credentials made for the connection.
 */
final class TurnRelays implements IceServers, AutoCloseable {

    /**
     * How long a connection's credentials stay valid. TURN asks for them again at every refresh of the allocation,
     * so they must outlast the longest connection; they name the connection, so they are no use to another.
     */
    static final Duration CREDENTIAL_TTL = Duration.ofHours(12);
    private static final String REALM = "hibiki";

    private final TurnSettings settings;
    private final TurnServer server;
    private final List<String> embeddedUrls;
    private final TurnRestCredentials embedded;
    private final TurnRestCredentials external;

    private TurnRelays(TurnSettings settings, TurnServer server, List<String> embeddedUrls, TurnRestCredentials embedded) {
        this.settings = settings;
        this.server = server;
        this.embeddedUrls = embeddedUrls;
        this.embedded = embedded;
        this.external = settings.externalSecret() == null ? null
                : new TurnRestCredentials(settings.externalSecret().getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
    }

    /**
     * @param mediaAddresses the addresses the SFU announces, which relayed media may reach on {@code mediaPort}
     * @param inProcess      the media port's in-process entry, through which allocations reach it
     */
    static TurnRelays start(TurnSettings settings, List<InetAddress> mediaAddresses, int mediaPort,
                            InProcessPeers inProcess, String publicHost) {
        if (!settings.enabled()) return new TurnRelays(settings, null, List.of(), null);
        List<InetAddress> relayFrom = settings.addresses().isEmpty() ? mediaAddresses : settings.addresses();
        List<InetSocketAddress> sfu = new ArrayList<>();
        for (InetAddress a : mediaAddresses) sfu.add(new InetSocketAddress(a, mediaPort));
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        TurnServer server;
        try {
            server = TurnServer.start(TurnConfig.of(new InetSocketAddress(settings.port()), relayFrom, REALM, secret,
                    PeerPolicy.endpoints(sfu)).withRelayTransports(RelayTransportFactory.inProcess(inProcess, sfu)));
        } catch (IOException | RuntimeException e) {
            throw new StartupException("cannot open the TURN port " + settings.port() + " (UDP and TCP; turn.port, 0 turns"
                    + " TURN off): " + StartupException.rootMessage(e), e);
        }
        List<String> urls = new ArrayList<>();
        if (settings.tls() != null) {
            TurnSettings.Tls tls = settings.tls();
            int tlsPort;
            try {
                tlsPort = server.openTls(new InetSocketAddress(tls.port()), PemTls.serverContext(tls.certFile(), tls.keyFile()));
            } catch (IOException | RuntimeException e) {
                server.close();
                throw new StartupException("cannot serve TURN over TLS on port " + tls.port() + " (turn.tls_port,"
                        + " turn.tls_cert_file, turn.tls_key_file): " + StartupException.rootMessage(e), e);
            }
            String host = tls.host() != null ? tls.host() : publicHost != null ? publicHost : hostOf(relayFrom.getFirst());
            urls.add("turns:" + host + ":" + tlsPort + "?transport=tcp");
        }
        for (InetAddress a : relayFrom) {
            String host = hostOf(a);
            urls.add("turn:" + host + ":" + server.port() + "?transport=udp");
            urls.add("turn:" + host + ":" + server.port() + "?transport=tcp");
        }
        return new TurnRelays(settings, server, List.copyOf(urls), new TurnRestCredentials(secret, Clock.systemUTC()));
    }

    private static String hostOf(InetAddress a) {
        return a instanceof Inet6Address ? "[" + a.getHostAddress().replaceAll("%.*", "") + "]" : a.getHostAddress();
    }

    @Override
    public List<IceServer> forConnection(String connectionId) {
        List<IceServer> out = new ArrayList<>(2);
        if (embedded != null) {
            TurnCredential c = embedded.issue(connectionId, CREDENTIAL_TTL);
            out.add(new IceServer(embeddedUrls, c.username(), c.password()));
        }
        if (external != null && !settings.externalUrls().isEmpty()) {
            TurnCredential c = external.issue(connectionId, CREDENTIAL_TTL);
            out.add(new IceServer(settings.externalUrls(), c.username(), c.password()));
        }
        return out;
    }

    @Override
    public String transportPolicy() {
        return settings.transportPolicy();
    }

    /** The embedded server's port, or -1 when it does not run. */
    int port() {
        return server == null ? -1 : server.port();
    }

    void bindMetrics(MeterRegistry metrics) {
        if (server == null) return;
        TurnStats s = server.stats();
        Gauge.builder("hibiki.turn.allocations", s, TurnStats::activeAllocations)
                .description("TURN allocations open now").register(metrics);
        counter(metrics, s, "hibiki.turn.allocations.opened", TurnStats::allocationsCreated, "TURN allocations made");
        counter(metrics, s, "hibiki.turn.auth.failures", TurnStats::authFailures,
                "TURN requests refused for a missing, forged or expired credential");
        counter(metrics, s, "hibiki.turn.refused.peers", TurnStats::refusedPeers,
                "TURN permissions or channels refused for a peer other than this server's media port (no open relay)");
        counter(metrics, s, "hibiki.turn.quota.refusals", TurnStats::quotaRefusals,
                "TURN allocations refused at a credential's allocation quota");
        counter(metrics, s, "hibiki.turn.relayed.packets", TurnStats::relayedPackets, "datagrams TURN relayed");
        counter(metrics, s, "hibiki.turn.relayed.bytes", TurnStats::relayedBytes, "bytes TURN relayed");
        counter(metrics, s, "hibiki.turn.dropped.packets", TurnStats::droppedPackets,
                "datagrams TURN dropped (no permission, over the byte rate, send failure)");
        counter(metrics, s, "hibiki.turn.malformed", TurnStats::malformedMessages, "malformed TURN messages dropped");
        counter(metrics, s, "hibiki.turn.stalled.clients", TurnStats::stalledClients,
                "TURN TCP/TLS clients disconnected because a write to them blocked longer than the client write timeout");
    }

    private static void counter(MeterRegistry metrics, TurnStats s, String name, ToDoubleFunction<TurnStats> f,
                                String description) {
        FunctionCounter.builder(name, s, f).description(description).register(metrics);
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }
}
