package dev.hibiki.server.signaling;

import dev.hibiki.server.channel.ChannelService;
import dev.hibiki.sfu.Sfu;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The Sora signaling WebSocket at {@code /signaling}: one {@link SignalingSession} per socket. */
public final class SignalingEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SignalingEndpoint.class);
    public static final String PATH = "/signaling";
    /** A client that has not answered for this many ping intervals is closed. */
    public static final int DEFAULT_MISSED_PONG_LIMIT = 3;

    private final SignalingContext context;
    private final Map<String, SignalingSession> byWsSession = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "signaling-ping");
        t.setDaemon(true);
        return t;
    });
    private final long pingIntervalNanos;
    private final int missedPongLimit;

    public SignalingEndpoint(ChannelService channels, Sfu sfu, String version, Duration pingInterval) {
        this(channels, sfu, version, pingInterval, DEFAULT_MISSED_PONG_LIMIT);
    }

    /**
     * @param pingInterval    how often every offered or connected client gets {@code {"type":"ping"}}
     * @param missedPongLimit a client is closed (4490 PONG-TIMEOUT) once this many intervals pass without a pong
     */
    public SignalingEndpoint(ChannelService channels, Sfu sfu, String version, Duration pingInterval,
                             int missedPongLimit) {
        if (pingInterval.isNegative() || pingInterval.isZero()) throw new IllegalArgumentException("ping interval must be positive");
        if (missedPongLimit < 1) throw new IllegalArgumentException("missed pong limit must be at least 1");
        this.context = new SignalingContext(channels, new LiveChannels(), sfu, version);
        this.pingIntervalNanos = pingInterval.toNanos();
        this.missedPongLimit = missedPongLimit;
        ticker.scheduleAtFixedRate(this::tick, pingIntervalNanos, pingIntervalNanos, TimeUnit.NANOSECONDS);
    }

    public void register(JavalinConfig cfg) {
        cfg.routes.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(Duration.ofSeconds(120));
                byWsSession.put(ctx.sessionId(), new SignalingSession(socketOf(ctx), context));
            });
            ws.onMessage(ctx -> {
                SignalingSession s = byWsSession.get(ctx.sessionId());
                if (s != null) s.onText(ctx.message());
            });
            ws.onBinaryMessage(ctx -> {
                SignalingSession s = byWsSession.get(ctx.sessionId());
                if (s != null) s.close(SignalingException.REFUSED, "INVALID-MESSAGE: signaling uses text frames only");
            });
            ws.onClose(ctx -> {
                SignalingSession s = byWsSession.remove(ctx.sessionId());
                if (s != null) s.onSocketClosed();
            });
            ws.onError(ctx -> {
                SignalingSession s = byWsSession.remove(ctx.sessionId());
                if (s != null) s.onSocketClosed();
            });
        });
    }

    private static SignalingSocket socketOf(WsContext ctx) {
        return new SignalingSocket() {
            @Override
            public void send(String text) {
                ctx.send(text);
            }

            @Override
            public void close(int code, String reason) {
                ctx.closeSession(code, reason);
            }
        };
    }

    private void tick() {
        long now = System.nanoTime();
        for (SignalingSession s : byWsSession.values()) {
            try {
                s.tick(now, pingIntervalNanos, missedPongLimit);
            } catch (RuntimeException e) {
                LOG.warn("ping failed for a signaling session", e);
            }
        }
    }

    /** DeleteChannel and the Disconnect APIs: every connection of the channel closes with 1000 DISCONNECTED-API. */
    public void disconnectChannel(String channelId) {
        for (SignalingSession s : context.liveChannels().all(channelId)) {
            s.close(1000, "DISCONNECTED-API");
        }
        context.sfu().removeChannel(channelId);
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        for (SignalingSession s : byWsSession.values()) s.close(1001, "SERVER-SHUTDOWN");
    }
}
