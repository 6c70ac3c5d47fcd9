package dev.hibiki.turn;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded TURN server (RFC 8656) with what WebRTC clients use: UDP relays allocated over UDP or TCP, TURN REST
 * credentials, permissions, Send/Data indications and channels. A peer policy keeps it from relaying anywhere but
 * where the operator allows. {@link #start} binds UDP and TCP on one port number; {@link #close} ends every allocation.
 */
public final class TurnServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TurnServer.class);
    /** With port 0, how often to look for a number free on both UDP and TCP. */
    private static final int BIND_ATTEMPTS = 10;

    private final TurnContext context;
    private final UdpTurnListener udp;
    private final TcpTurnListener tcp;
    private volatile TcpTurnListener tls;
    private final ScheduledExecutorService expiry;

    private TurnServer(TurnContext context, UdpTurnListener udp, TcpTurnListener tcp) {
        this.context = context;
        this.udp = udp;
        this.tcp = tcp;
        this.expiry = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("turn-expiry").factory());
    }

    public static TurnServer start(TurnConfig config) throws IOException {
        TurnServer server = bind(TurnContext.create(config));
        server.udp.start();
        if (server.tcp != null) {
            server.tcp.start();
        }
        server.expiry.scheduleWithFixedDelay(server::expireAllocations, 1, 1, TimeUnit.SECONDS);
        log.info("TURN on port {} (UDP{}), relaying from {}", server.port(), server.tcp != null ? " and TCP" : "",
                config.relayAddresses());
        return server;
    }

    private static TurnServer bind(TurnContext context) throws IOException {
        InetSocketAddress listen = context.config().listenAddress();
        for (int attempt = 1; ; attempt++) {
            UdpTurnListener udp = UdpTurnListener.bind(listen, context);
            if (!context.config().tcp()) {
                return new TurnServer(context, udp, null);
            }
            try {
                InetSocketAddress sameNumber = new InetSocketAddress(listen.getAddress(), udp.localAddress().getPort());
                return new TurnServer(context, udp, TcpTurnListener.bind(sameNumber, context));
            } catch (BindException e) {
                closeQuietly(udp);
                if (listen.getPort() != 0 || attempt == BIND_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Also serves TURN over TLS ({@code turns:}) on {@code address}, with the certificate of {@code context}.
     *
     * @return the TLS port (for {@code address} port 0, the one chosen)
     */
    public synchronized int openTls(InetSocketAddress address, javax.net.ssl.SSLContext tlsContext) throws IOException {
        if (tls != null) throw new IllegalStateException("TURN over TLS is open already");
        TcpTurnListener listener = TcpTurnListener.bindTls(address, tlsContext, context);
        listener.start();
        tls = listener;
        log.info("TURN over TLS on port {}", listener.localAddress().getPort());
        return listener.localAddress().getPort();
    }

    /** The port number UDP and TCP listen on. */
    public int port() {
        return udp.localAddress().getPort();
    }

    public InetSocketAddress udpAddress() {
        return udp.localAddress();
    }

    /** The TCP listening address, or null when TCP is off. */
    public InetSocketAddress tcpAddress() {
        return tcp == null ? null : tcp.localAddress();
    }

    public TurnStats stats() {
        return context.stats();
    }

    /** Ends the allocations whose lifetime ran out and forgets expired permissions and channels; runs every second. */
    void expireAllocations() {
        try {
            int expired = context.allocations().expire(context.now()).size();
            if (expired > 0) {
                log.debug("{} TURN allocations expired", expired);
            }
        } catch (RuntimeException e) {
            log.warn("TURN expiry failed", e);
        }
    }

    @Override
    public void close() {
        expiry.shutdownNow();
        closeQuietly(udp);
        if (tcp != null) {
            closeQuietly(tcp);
        }
        if (tls != null) {
            closeQuietly(tls);
        }
        context.allocations().closeAll();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("close failed", e);
        }
    }
}
