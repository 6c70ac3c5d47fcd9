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
 * TURN over TCP: accepts connections and gives each a virtual thread. TLS (RFC 8656 section 3.1, "turns:") would be
 * the same loop over an {@code SSLServerSocket} with {@link FiveTuple.ClientTransport#TLS}: {@link TcpTurnConnection}
 * only needs a connected socket.
 */
final class TcpTurnListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpTurnListener.class);

    private final ServerSocket server;
    private final TurnContext context;
    private final Set<TcpTurnConnection> connections = ConcurrentHashMap.newKeySet();
    private Thread acceptor;

    private TcpTurnListener(ServerSocket server, TurnContext context) {
        this.server = server;
        this.context = context;
    }

    static TcpTurnListener bind(InetSocketAddress address, TurnContext context) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(address);
            return new TcpTurnListener(server, context);
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
                TcpTurnConnection connection = new TcpTurnConnection(socket, FiveTuple.ClientTransport.TCP, context);
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
