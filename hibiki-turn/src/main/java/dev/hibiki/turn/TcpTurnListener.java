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
 * holds only its own thread, and the connection's idle timeout bounds it too).
 */
final class TcpTurnListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpTurnListener.class);

    private final ServerSocket server;
    private final TurnContext context;
    private final FiveTuple.ClientTransport transport;
    private final Set<TcpTurnConnection> connections = ConcurrentHashMap.newKeySet();
    private Thread acceptor;

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
        if (acceptor != null) {
            acceptor.join(2000);
        }
    }
}
