package dev.hibiki.turn;

import dev.hibiki.turn.allocation.FiveTuple;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TURN over TCP or TLS (RFC 8656 section 3.1, "turns:"): accepts connections and gives each a virtual thread; for TLS
 * the listener is an {@code SSLServerSocket}, whose handshake runs on that thread at the first read (so a slow client
 * holds only its own thread, and the connection's idle timeout bounds it too). A watchdog disconnects clients whose
 * writes block longer than the client write timeout ({@link TurnQuotas#clientWriteTimeout}).
 */
final class TcpTurnListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpTurnListener.class);

    private final ServerSocket server;
    private final TurnContext context;
    private final FiveTuple.ClientTransport transport;
    private final Set<TcpTurnConnection> connections = ConcurrentHashMap.newKeySet();
    private Thread acceptor;
    private Thread watchdog;

    private TcpTurnListener(ServerSocket server, TurnContext context, FiveTuple.ClientTransport transport) {
        this.server = server;
        this.context = context;
        this.transport = transport;
    }

    static TcpTurnListener bind(InetSocketAddress address, TurnContext context) throws IOException {
        return bind(new ServerSocket(), address, context, FiveTuple.ClientTransport.TCP);
    }

    /** TURN over TLS with the server's certificate from {@code tls}. */
    static TcpTurnListener bindTls(InetSocketAddress address, javax.net.ssl.SSLContext tls, TurnContext context)
            throws IOException {
        return bind(tls.getServerSocketFactory().createServerSocket(), address, context, FiveTuple.ClientTransport.TLS);
    }

    private static TcpTurnListener bind(ServerSocket server, InetSocketAddress address, TurnContext context,
                                        FiveTuple.ClientTransport transport) throws IOException {
        try {
            server.setReuseAddress(true);
            server.bind(address);
            return new TcpTurnListener(server, context, transport);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    void start() {
        acceptor = Thread.ofVirtual().name("turn-tcp-accept-" + server.getLocalPort()).start(this::acceptLoop);
        watchdog = Thread.ofVirtual().name("turn-tcp-writes-" + server.getLocalPort()).start(this::watchWrites);
    }

    /** Aborts the connections whose write has blocked longer than the timeout; looks a few times per timeout. */
    private void watchWrites() {
        long timeout = context.config().quotas().clientWriteTimeout().toNanos();
        long interval = Math.clamp(timeout / 4, 20_000_000L, 1_000_000_000L);
        while (!server.isClosed()) {
            try {
                Thread.sleep(java.time.Duration.ofNanos(interval));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (TcpTurnConnection connection : connections) {
                if (connection.writeBlockedLongerThan(timeout, now)) {
                    log.debug("TURN client {} reads nothing: disconnected", connection.client());
                    context.stats().stalledClient();
                    connections.remove(connection);
                    // on its own thread: closing a TLS socket may try to send close_notify to the same shut window
                    Thread.ofVirtual().name("turn-tcp-abort").start(connection::abort);
                }
            }
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.debug("TURN TCP accept failed", e);
                }
                continue;
            }
            try {
                TcpTurnConnection connection = new TcpTurnConnection(socket, transport, context);
                connections.add(connection);
                Thread.ofVirtual().name("turn-tcp-" + socket.getPort()).start(() -> {
                    try {
                        connection.run();
                    } finally {
                        connections.remove(connection);
                    }
                });
            } catch (IOException e) {
                log.debug("TURN TCP connection setup failed", e);
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already failing
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("TURN TCP close failed", e);
        }
        for (TcpTurnConnection connection : connections) {
            connection.close();
        }
        if (watchdog != null) {
            watchdog.interrupt();
        }
        if (acceptor != null) {
            acceptor.join(2000);
        }
    }
}
