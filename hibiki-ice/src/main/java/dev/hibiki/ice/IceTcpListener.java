package dev.hibiki.ice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The passive side of ICE-TCP (RFC 6544) on the media port number: accepts the connections browsers open to the
 * {@code tcptype passive} candidates, for clients whose network lets no UDP out. Each connection gets a reader and a
 * writer on virtual threads; at most {@link #MAX_CONNECTIONS} are open at once, beyond that a new one is closed at
 * once.
 */
final class IceTcpListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IceTcpListener.class);
    static final int MAX_CONNECTIONS = 4096;

    private final ServerSocket server;
    private final IceTcpConnection.FrameSink sink;
    private final IceCounters counters;
    private final Set<IceTcpConnection> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private IceTcpListener(ServerSocket server, IceTcpConnection.FrameSink sink, IceCounters counters) {
        this.server = server;
        this.sink = sink;
        this.counters = counters;
        this.acceptor = Thread.ofPlatform().daemon().name("hibiki-ice-tcp-" + server.getLocalPort())
                .start(this::acceptLoop);
    }

    /** Listens on {@code bind} (the media port's address and number). */
    static IceTcpListener open(InetSocketAddress bind, IceTcpConnection.FrameSink sink, IceCounters counters)
            throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(bind, 128);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return new IceTcpListener(server, sink, counters);
    }

    int port() {
        return server.getLocalPort();
    }

    int openConnections() {
        return open.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) break;
                counters.increment(IceCounter.RECEIVE_ERRORS);
                continue;
            }
            if (open.size() >= MAX_CONNECTIONS) {
                counters.increment(IceCounter.TCP_CONNECTIONS_REFUSED);
                closeQuietly(socket);
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(socket);
                continue;
            }
            counters.increment(IceCounter.TCP_CONNECTIONS_ACCEPTED);
            IceTcpConnection connection = new IceTcpConnection(socket, counters);
            open.add(connection);
            Thread.ofVirtual().name("hibiki-ice-tcp-read").start(() -> {
                try {
                    connection.readLoop(sink);
                } finally {
                    open.remove(connection);
                }
            });
            Thread.ofVirtual().name("hibiki-ice-tcp-write").start(connection::writeLoop);
        }
        log.debug("ICE-TCP listener on port {} stopped", server.getLocalPort());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (IceTcpConnection c : open) c.close();
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
