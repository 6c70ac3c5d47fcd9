package dev.hibiki.server.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes connections whose request headers take longer than {@link #headerDeadline} to arrive (slow-loris: a byte
 * every few seconds never trips the idle timeout, so a few hundred such clients would hold every connection). Bodies
 * are Jetty's minimum request data rate's job. Once a second it looks at each open HTTP/1 connection's parser; the
 * cost is one pass over the open connections, none per request.
 */
final class SlowRequestGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlowRequestGuard.class);

    private final Server server;
    private final long headerDeadlineNanos;
    private final Map<EndPoint, Long> receivingHeadersSince = new HashMap<>();
    private final AtomicLong closed = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "http-slow-request-guard");
        t.setDaemon(true);
        return t;
    });

    SlowRequestGuard(Server server, Duration headerDeadline) {
        this.server = server;
        this.headerDeadlineNanos = headerDeadline.toNanos();
    }

    void start() {
        timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** Connections closed for sending their headers too slowly, since start. */
    long closedConnections() {
        return closed.get();
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            Map<EndPoint, Long> seen = new HashMap<>();
            for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
                if (!(c instanceof AbstractConnector connector)) continue;
                for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                    if (!receivingHeaders(endPoint.getConnection())) continue;
                    long since = receivingHeadersSince.getOrDefault(endPoint, now);
                    if (now - since > headerDeadlineNanos) {
                        closed.incrementAndGet();
                        LOG.info("closed a connection from {}: its request headers took longer than {} s",
                                endPoint.getRemoteSocketAddress(), headerDeadlineNanos / 1_000_000_000L);
                        endPoint.close();
                    } else {
                        seen.put(endPoint, since);
                    }
                }
            }
            receivingHeadersSince.clear();
            receivingHeadersSince.putAll(seen);
        } catch (RuntimeException e) {
            LOG.warn("slow request check failed: {}", e.toString());
        }
    }

    /** A request has begun on this HTTP/1 connection and its headers are not complete yet. */
    private static boolean receivingHeaders(Connection connection) {
        // Jetty's HTTP/1 connection is in an internal package; only its public parser state is read here.
        if (!(connection instanceof org.eclipse.jetty.server.internal.HttpConnection http)) return false;
        var parser = http.getParser();
        return !parser.isStart() && parser.inHeaderState();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
