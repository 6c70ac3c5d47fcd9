package dev.hibiki.platform.http;

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
 * Closes connections whose request headers take longer than {@code headerDeadline} to arrive, or whose body takes
 * longer than {@code bodyDeadline} (slow-loris: a byte every few seconds never trips the idle timeout, so a few hundred
 * such clients would hold every connection). Deadlines rather than Jetty's minimum data rate: that rate is averaged
 * from the first byte, so a small JSON body with one pause of a few hundred milliseconds already falls below any
 * useful minimum. Once a second it looks at each open HTTP/1 connection's parser; the cost is one pass over the open
 * connections, none per request.
 */
final class SlowRequestGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlowRequestGuard.class);

    private final Server server;
    private final long headerDeadlineNanos;
    private final long bodyDeadlineNanos;
    /** Per connection: what it is receiving (HEADERS or BODY) and since when. */
    private final Map<EndPoint, Phase> receiving = new HashMap<>();

    private record Phase(boolean body, long sinceNanos) {
    }
    private final AtomicLong closed = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "http-slow-request-guard");
        t.setDaemon(true);
        return t;
    });

    SlowRequestGuard(Server server, Duration headerDeadline, Duration bodyDeadline) {
        this.server = server;
        this.headerDeadlineNanos = headerDeadline.toNanos();
        this.bodyDeadlineNanos = bodyDeadline.toNanos();
    }

    void start() {
        timer.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    /** Connections closed for sending their headers or body too slowly, since start. */
    long closedConnections() {
        return closed.get();
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            Map<EndPoint, Phase> seen = new HashMap<>();
            for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
                if (!(c instanceof AbstractConnector connector)) continue;
                for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                    Boolean body = receiving(endPoint.getConnection());
                    if (body == null) continue;
                    Phase before = receiving.get(endPoint);
                    Phase phase = before != null && before.body() == body ? before : new Phase(body, now);
                    long deadline = body ? bodyDeadlineNanos : headerDeadlineNanos;
                    if (now - phase.sinceNanos() > deadline) {
                        closed.incrementAndGet();
                        LOG.info("closed a connection from {}: its request {} took longer than {} s",
                                endPoint.getRemoteSocketAddress(), body ? "body" : "headers", deadline / 1_000_000_000L);
                        endPoint.close();
                    } else {
                        seen.put(endPoint, phase);
                    }
                }
            }
            receiving.clear();
            receiving.putAll(seen);
        } catch (RuntimeException e) {
            LOG.warn("slow request check failed: {}", e.toString());
        }
    }

    /**
     * What this HTTP/1 connection is receiving: false while a request's headers arrive, true while its body does, null
     * between requests (or for other connections, such as WebSockets).
     */
    private static Boolean receiving(Connection connection) {
        // Jetty's HTTP/1 connection is in an internal package; only its public parser state is read here.
        if (!(connection instanceof org.eclipse.jetty.server.internal.HttpConnection http)) return null;
        var parser = http.getParser();
        if (parser.isStart()) return null;
        if (parser.inHeaderState()) return Boolean.FALSE;
        return parser.inContentState() ? Boolean.TRUE : null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
