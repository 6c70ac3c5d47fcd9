package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.webhook.AuthWebhook;
import dev.hibiki.live.webhook.CloseReasons;
import dev.hibiki.platform.webhook.EventWebhookSender;
import dev.hibiki.platform.webhook.WebhookSettings;
import dev.hibiki.sfu.Sfu;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
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
    /** A WebSocket that sends no connect within this long is closed with 4490 CONNECT-TIMEOUT (checked at each ping). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final SignalingContext context;
    private final Map<String, SignalingSession> byWsSession = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "signaling-ping");
        t.setDaemon(true);
        return t;
    });
    private final long pingIntervalNanos;
    private final int missedPongLimit;
    private static final long TICKS_PER_PING_INTERVAL = 50;
    private static final long MIN_TICK_NANOS = 10_000_000L;

    public SignalingEndpoint(ChannelService channels, Sfu sfu, String version, Duration pingInterval) {
        this(channels, sfu, version, pingInterval, DEFAULT_MISSED_PONG_LIMIT);
    }

    /** Without usage recording, with default webhook settings and metrics nobody reads: for tests and embedding. */
    public SignalingEndpoint(ChannelService channels, Sfu sfu, String version, Duration pingInterval,
                             int missedPongLimit) {
        this(channels, sfu, version, pingInterval, missedPongLimit, defaultHooks());
    }

    private static SignalingHooks defaultHooks() {
        var metrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        return new SignalingHooks(new AuthWebhook(WebhookSettings.DEFAULT, metrics),
                new EventWebhookSender(WebhookSettings.DEFAULT, metrics), null, "hibiki");
    }

    /**
     * @param pingInterval    how often every offered or connected client gets {@code {"type":"ping"}}
     * @param missedPongLimit a client is closed (4490 PONG-TIMEOUT) once this many intervals pass without a pong
     */
    public SignalingEndpoint(ChannelService channels, Sfu sfu, String version, Duration pingInterval,
                             int missedPongLimit, SignalingHooks hooks) {
        if (pingInterval.isNegative() || pingInterval.isZero()) throw new IllegalArgumentException("ping interval must be positive");
        if (missedPongLimit < 1) throw new IllegalArgumentException("missed pong limit must be at least 1");
        this.context = new SignalingContext(channels, new LiveChannels(), sfu, version, hooks,
                new java.util.concurrent.atomic.AtomicLong(Duration.ofMinutes(1).toNanos()),
                new java.util.concurrent.atomic.AtomicLong(CONNECT_TIMEOUT.toNanos()),
                new ConnectGates(), new java.util.concurrent.atomic.AtomicReference<>(IceServers.NONE),
                new java.util.concurrent.atomic.AtomicReference<>(DataChannelPlan.Defaults.OFF), new DataChannelCounters());
        this.pingIntervalNanos = pingInterval.toNanos();
        this.missedPongLimit = missedPongLimit;
        // Each session is pinged on its own schedule (one interval after its offer, then every interval), looked at
        // every fiftieth of an interval. Pinging every session at one tick would make thousands of clients answer in
        // the same instant: at 1,500 viewers that burst stalls media forwarding for 16-33 ms every 5 s (bench/fanout.sh).
        long tickNanos = Math.max(pingIntervalNanos / TICKS_PER_PING_INTERVAL, MIN_TICK_NANOS);
        ticker.scheduleAtFixedRate(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Connected clients by role ({@code hibiki.connections}), channels with clients ({@code hibiki.channels.active})
     * and messages relayed over data channels ({@code hibiki.datachannel.messages.*}).
     */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry metrics) {
        LiveChannels live = context.liveChannels();
        for (Role role : Role.values()) {
            io.micrometer.core.instrument.Gauge.builder("hibiki.connections", live, l -> {
                LiveChannels.Counts c = l.totals();
                return switch (role) {
                    case SENDRECV -> c.sendrecv();
                    case SENDONLY -> c.sendonly();
                    case RECVONLY -> c.recvonly();
                };
            }).tag("role", role.wire()).description("signaling connections whose media is up, by role").register(metrics);
        }
        io.micrometer.core.instrument.Gauge.builder("hibiki.channels.active", live, LiveChannels::channelCount)
                .description("channels with at least one signaling connection").register(metrics);
        DataChannelCounters messages = context.dataChannelCounters();
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.datachannel.messages.relayed", messages.relayed,
                java.util.concurrent.atomic.LongAdder::sum)
                .description("#label messages delivered to the channel's other connections, one per receiver").register(metrics);
        io.micrometer.core.instrument.FunctionCounter.builder("hibiki.datachannel.messages.dropped", messages.dropped,
                java.util.concurrent.atomic.LongAdder::sum)
                .description("#label messages a receiver missed (its channel closing, or too large with the header)")
                .register(metrics);
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
                ctx.closeSession(code, CloseReasons.fit(reason));
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

    /** The relays every offer names from now on (the embedded TURN server, or an operator's). */
    public SignalingEndpoint iceServers(IceServers servers) {
        context.iceServers().set(servers);
        return this;
    }

    /** What a connect that does not ask for data channel signaling gets (Sora's server defaults). */
    public SignalingEndpoint dataChannelDefaults(DataChannelPlan.Defaults defaults) {
        context.dataChannelDefaults().set(defaults);
        return this;
    }

    /** Where features add the gates each connect passes ({@link ConnectGate}). */
    public ConnectGates gates() {
        return context.gates();
    }

    /** Connections of the channel in this role whose media is up. */
    public int connected(String channelId, Role role) {
        LiveChannels.Counts c = context.liveChannels().counts(channelId);
        return switch (role) {
            case SENDRECV -> c.sendrecv();
            case SENDONLY -> c.sendonly();
            case RECVONLY -> c.recvonly();
        };
    }

    /** Connections of the channel in this role, connected or still connecting. */
    public int joined(String channelId, Role role) {
        return context.liveChannels().members(channelId, role);
    }

    /** DeleteChannel: every connection of the channel closes with 1000 DISCONNECTED-API, and the channel ends. */
    public void disconnectChannel(String channelId) {
        for (SignalingSession s : context.liveChannels().all(channelId)) {
            s.disconnectByApi(null);
        }
        context.sfu().removeChannel(channelId);
    }

    /**
     * Test hook: how long a "minute" of connection time is, for the {@code minutes} counters and the
     * {@code connection.updated} notify and webhook (one per minute; checked at each ping). Sora's is 60 s.
     */
    public void setMinuteForTesting(Duration minute) {
        context.minuteNanos().set(minute.toNanos());
    }

    /** Test hook: how long a WebSocket may stay open without sending connect ({@link #CONNECT_TIMEOUT}). */
    public void setConnectTimeoutForTesting(Duration timeout) {
        context.connectTimeoutNanos().set(timeout.toNanos());
    }

    // ------------------------------------------------------------------ for the Sora HTTP API

    /** Channels that have signaling connections now (connected or connecting). */
    public List<String> activeChannelIds() {
        return context.liveChannels().channelIds();
    }

    /** The connections in a channel that have been offered or are up, in join order. */
    public List<LiveConnection> connections(String channelId) {
        List<LiveConnection> out = new ArrayList<>();
        for (SignalingSession s : context.liveChannels().all(channelId)) {
            LiveConnection c = s.view();
            if (c != null) out.add(c);
        }
        return out;
    }

    /**
     * Sends {@code {"type":"push","data":data}} to the channel's connections that {@code to} selects.
     *
     * @return how many connections it was sent to
     */
    public int push(String channelId, Predicate<LiveConnection> to, ObjectNode data) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("type", "push");
        message.set("data", data);
        int n = 0;
        for (SignalingSession s : context.liveChannels().all(channelId)) {
            LiveConnection c = s.view();
            if (c != null && to.test(c)) {
                s.push(message);
                n++;
            }
        }
        return n;
    }

    /**
     * Closes the selected connections with 1000 DISCONNECTED-API; {@code apiReason} (may be null) appears as
     * {@code disconnect_api_reason} in their connection.destroyed webhook.
     *
     * @return how many were closed
     */
    public int disconnect(String channelId, Predicate<LiveConnection> which, JsonNode apiReason) {
        int n = 0;
        for (SignalingSession s : context.liveChannels().all(channelId)) {
            LiveConnection c = s.view();
            if (c != null && which.test(c)) {
                s.disconnectByApi(apiReason);
                n++;
            }
        }
        return n;
    }

    /**
     * Asks a connection's browser for a keyframe of its video.
     *
     * @return empty when no such connection is in the channel, else whether it sends video
     */
    public Optional<Boolean> requestKeyframe(String channelId, String connectionId) {
        for (SignalingSession s : context.liveChannels().all(channelId)) {
            LiveConnection c = s.view();
            if (c != null && c.connectionId().equals(connectionId)) return Optional.of(s.requestKeyframes());
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        for (SignalingSession s : byWsSession.values()) s.close(1001, "SERVER-SHUTDOWN");
        context.hooks().auth().close();
        context.hooks().events().close();
    }
}
