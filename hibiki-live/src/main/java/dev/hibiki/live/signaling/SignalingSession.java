package dev.hibiki.live.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.Channel;
import dev.hibiki.live.channel.ChannelKind;
import dev.hibiki.platform.json.JsonMappers;
import dev.hibiki.sctp.DataChannel;
import dev.hibiki.sfu.ChannelMode;
import dev.hibiki.sfu.Connection;
import dev.hibiki.sfu.ConnectionListener;
import dev.hibiki.sfu.ConnectionStats;
import dev.hibiki.sfu.ConnectionSpec;
import dev.hibiki.sfu.InvalidAnswerException;
import dev.hibiki.sfu.JoinRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Sora signaling connection: {@code connect} → {@code offer} → {@code answer} → media up → notifies, then
 * re-offers, pings and the disconnect paths of Sora's signaling documentation (docs/API.md, "Sora signaling").
 */
final class SignalingSession implements ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(SignalingSession.class);
    private static final ObjectMapper JSON = JsonMappers.sharedBufferMapper();

    enum State { AWAITING_CONNECT, AUTHORIZING, OFFERED, CONNECTED, CLOSED }

    private final SignalingSocket socket;
    private final SignalingContext context;
    private final Object sendLock = new Object();

    private volatile State state = State.AWAITING_CONNECT;
    private ConnectRequest request;
    private String connectionId;
    private String clientId;
    private String bundleId;
    private String sessionId;
    private volatile Connection media;
    private volatile long connectedAtNanos;
    private final KeepAlive keepAlive = new KeepAlive();
    private final BitrateSampler bitrates = new BitrateSampler();
    private final SessionReporter reporter;
    private volatile Channel channel;
    private ChannelMode mode;
    private volatile JsonNode authzMetadata;
    private volatile JsonNode eventMetadata;
    private volatile boolean signalingNotify = true;
    private volatile RelayChoice relayChoice = RelayChoice.SERVER_DEFAULT;
    private volatile boolean pongRequired = true;
    /** Whether the channel is stored (looked up again after joining, for a delete that ran meanwhile). */
    private volatile boolean stored = true;
    private volatile long offeredAtNanos;
    private volatile Instant connectedAt;
    /** Why the session ended, for the connection.destroyed webhook; set by whoever closes it first. */
    private volatile WebhookBodies.Ending ending;
    private boolean wasOffered;
    /** The connection's data channels (none until it joins, and when it asked for none). */
    private volatile SessionDataChannels dataChannels = new SessionDataChannels(DataChannelPlan.NONE);

    SignalingSession(SignalingSocket socket, SignalingContext context) {
        this.socket = socket;
        this.context = context;
        this.reporter = new SessionReporter(context, this);
    }

    /**
     * A message as JSON text, written with the shared-buffer mapper. Not {@code JsonNode.toString()}: that writes with
     * Jackson's per-thread buffers, and notifies are written on whatever thread reported the change, often a
     * connection's DTLS thread, which lives as long as the connection and so would keep ~95 KB of char buffers each
     * (1,373 such threads held ~130 MB in a heap dump of the server at 1,500 connections under bench/fanout.sh;
     * docs/benchmarks-history.md, "Memory per connection").
     */
    static String json(JsonNode message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a signaling message could not be written as JSON", e);
        }
    }

    // ------------------------------------------------------------------ incoming messages

    void onText(String text) {
        try {
            JsonNode msg;
            try {
                msg = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new SignalingException("INVALID-JSON: a signaling message must be one JSON object");
            }
            if (msg == null || !msg.isObject()) {
                throw new SignalingException("INVALID-JSON: a signaling message must be one JSON object");
            }
            String type = ConnectRequestParser.text(msg, "type");
            if (type == null) throw new SignalingException("MISSING-TYPE: every signaling message needs a type");
            handle(type, msg);
        } catch (SignalingException e) {
            close(e.closeCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("signaling connection {} failed on a message", connectionId, e);
            close(SignalingException.REFUSED, "INTERNAL-ERROR");
        }
    }

    private void handle(String type, JsonNode msg) throws SignalingException {
        State s = state;
        if (s == State.CLOSED) return;
        if (s == State.AUTHORIZING) {
            switch (type) {
                case "pong" -> { }
                case "disconnect" -> closeByClient(msg);
                default -> throw new SignalingException("INVALID-MESSAGE: wait for the offer before sending " + type);
            }
            return;
        }
        if (s == State.AWAITING_CONNECT) {
            if (!type.equals("connect")) {
                throw new SignalingException("INVALID-MESSAGE: the first message must be connect, not " + type);
            }
            connect(ConnectRequestParser.parse(msg, context.dataChannelDefaults().get()));
            return;
        }
        switch (type) {
            case "answer" -> applyAnswer(msg, false);
            case "re-answer", "update" -> applyAnswer(msg, true);
            case "candidate" -> { /* ice-lite: the client's candidates are learnt from its binding requests */ }
            case "pong" -> keepAlive.pong();
            case "disconnect" -> closeByClient(msg);
            case "connect" -> throw new SignalingException("INVALID-MESSAGE: connect was already received");
            default -> LOG.debug("connection {} sent unhandled signaling type {}", connectionId, type);
        }
    }

    private void connect(ConnectRequest asked) throws SignalingException {
        ConnectGate.Admission admission = context.gates().admit(asked.channelId(), asked.role(), asked.metadata());
        pongRequired = admission.pongRequired();
        stored = admission.channel() == null;
        ConnectRequest req = admission.channelId().equals(asked.channelId()) ? asked
                : asked.withChannelId(admission.channelId());
        Channel channel = admission.channel() != null ? admission.channel() : context.channels().findLive(req.channelId())
                .orElseThrow(() -> new SignalingException("CHANNEL-NOT-FOUND: channel " + req.channelId()
                        + " does not exist or was deleted; create one with the ImageFlux API"));
        ChannelMode mode = channel.spec().kind() == ChannelKind.SINGLE_STREAM_HLS
                ? ChannelMode.SINGLE_STREAM : ChannelMode.MULTISTREAM;
        this.channel = channel;
        this.mode = mode;
        if (mode == ChannelMode.SINGLE_STREAM && req.role() == Role.SENDRECV) {
            throw new SignalingException("INVALID-ROLE: sendrecv is not allowed on a single-stream channel; use sendonly or recvonly");
        }
        if (mode == ChannelMode.MULTISTREAM && Boolean.FALSE.equals(req.multistream())) {
            throw new SignalingException("INVALID-MULTISTREAM: multistream:false (legacy stream) needs a single-stream channel");
        }
        if (admission.payouts() != null) {
            // The gate decided as an auth webhook would have: its payouts apply, and no webhook is asked.
            synchronized (this) {
                connectionId = SignalingIds.next();
            }
            join(applyPayouts(req, admission.payouts()));
            return;
        }
        String hook = channel.spec().authWebhookUrl();
        synchronized (this) {
            request = req;
            connectionId = SignalingIds.next();
            if (hook != null && !hook.isEmpty()) {
                if (state == State.CLOSED) return;
                state = State.AUTHORIZING;
            }
        }
        if (hook == null || hook.isEmpty()) {
            join(req);
            return;
        }
        ObjectNode body = WebhookBodies.authRequest(req, connectionId, mode == ChannelMode.MULTISTREAM,
                context.liveChannels().counts(req.channelId()), context.version(), context.hooks().nodeName());
        // The decision arrives on another thread; this WebSocket thread is free meanwhile.
        context.hooks().auth().authorize(URI.create(hook), connectionId, body)
                .whenComplete((decision, error) -> onAuthDecision(req, decision, error));
    }

    private void onAuthDecision(ConnectRequest req, dev.hibiki.live.webhook.AuthDecision decision, Throwable error) {
        try {
            if (state != State.AUTHORIZING) return; // closed while the webhook was thinking
            if (error != null || decision == null) {
                throw new SignalingException("AUTH-WEBHOOK-ERROR: the auth webhook call failed");
            }
            if (!decision.allowed()) throw new SignalingException(decision.reason());
            join(applyPayouts(req, decision.response()));
        } catch (SignalingException e) {
            close(e.closeCode(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("signaling connection {} failed after its auth webhook", connectionId, e);
            close(SignalingException.REFUSED, "INTERNAL-ERROR");
        }
    }

    /** An auth webhook's (or a gate's) {@code allowed:true} answer applied to the request, which becomes the session's. */
    private ConnectRequest applyPayouts(ConnectRequest req, ObjectNode answer) throws SignalingException {
        ConnectRequest admitted = AuthOverrides.apply(req, answer);
        signalingNotify = AuthOverrides.signalingNotify(answer);
        relayChoice = RelayChoice.of(answer);
        authzMetadata = answer.get("metadata");
        eventMetadata = answer.get("event_metadata");
        synchronized (this) {
            request = admitted;
        }
        return admitted;
    }

    /** Admitted: enter the channel, join the SFU and send the offer. */
    private void join(ConnectRequest req) throws SignalingException {
        ChannelMode mode = this.mode;
        synchronized (this) {
            clientId = req.clientId() != null ? req.clientId() : connectionId;
            bundleId = req.bundleId() != null ? req.bundleId() : connectionId;
            sessionId = context.liveChannels().add(req.channelId(), this);
        }
        // DeleteChannel deletes the row, then closes the sessions listed for the channel. A delete that ran between
        // the lookup above and the add missed this session, so look again now that it is listed: either this lookup
        // sees the delete, or the delete's sweep sees this session.
        if (stored && context.channels().findLive(req.channelId()).isEmpty()) {
            context.liveChannels().remove(req.channelId(), this);
            throw new SignalingException("CHANNEL-NOT-FOUND: channel " + req.channelId() + " was deleted");
        }
        dataChannels = new SessionDataChannels(req.dataChannels());
        // A messaging-only connection (audio and video false) neither sends nor receives media.
        boolean usesMedia = req.audio() || req.video();
        ConnectionSpec spec = new ConnectionSpec(connectionId, req.role().sends() && usesMedia,
                req.role().receives() && usesMedia, req.audio(), req.video(), SoraCodecNames.videoToOffer(req.videoCodec()),
                req.videoBitRateKbps(), req.audioBitRateKbps(), req.opusStereo(), req.dataChannels().any());
        try {
            media = context.sfu().router(req.channelId(), mode).join(spec, this);
        } catch (JoinRefusedException e) {
            context.liveChannels().remove(req.channelId(), this);
            throw new SignalingException(e.getMessage());
        }
        String offer = json(offer(mode)); // outside sendLock: it takes the Connection's monitor
        boolean offered;
        synchronized (sendLock) {
            // Under sendLock, so that a ping the ticker sends as soon as the state is OFFERED follows the offer.
            offered = markOffered();
            if (offered) socket.send(offer);
        }
        if (!offered) {
            // Closed meanwhile (DeleteChannel between the lookup and the join): release() may have run before media
            // was set, so the connection is dropped here rather than left behind in the SFU channel.
            media.close();
            context.liveChannels().remove(req.channelId(), this);
            return;
        }
        LOG.info("connection {} ({}) joined channel {}", connectionId, req.role().wire(), req.channelId());
    }

    /** AWAITING_CONNECT → OFFERED, unless the session was closed in the meantime. */
    private synchronized boolean markOffered() {
        if (state == State.CLOSED) return false;
        offeredAtNanos = keepAlive.offered();
        state = State.OFFERED;
        wasOffered = true;
        return true;
    }

    private ObjectNode offer(ChannelMode mode) {
        IceServers relays = context.iceServers().get();
        RelayChoice choice = relayChoice;
        // the auth webhook's (or a gate's) choice, else the channel's, else the server's
        String policy = choice.policyOr(channel.spec().iceTransportPolicyOr(relays.transportPolicy()));
        return new OfferMessage(media, clientId, bundleId, connectionId, sessionId, request.channelId(),
                context.version(), mode == ChannelMode.MULTISTREAM, authzMetadata,
                choice.filter(relays.forConnection(connectionId)), policy, dataChannels).toJson();
    }

    private void applyAnswer(JsonNode msg, boolean renegotiation) throws SignalingException {
        String sdp = ConnectRequestParser.text(msg, "sdp");
        if (sdp == null || sdp.isEmpty()) throw new SignalingException("INVALID-ANSWER: sdp is required");
        try {
            if (renegotiation) media.applyReAnswer(sdp);
            else media.applyAnswer(sdp);
        } catch (InvalidAnswerException e) {
            throw new SignalingException("INVALID-ANSWER: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ SFU callbacks

    @Override
    public void onConnected(Connection connection) {
        synchronized (this) {
            if (state != State.OFFERED) return;
            connectedAtNanos = System.nanoTime();
            connectedAt = Instant.now();
            state = State.CONNECTED;
        }
        reporter.created(media.stats());
    }

    @Override
    public void onRenegotiationNeeded(Connection connection, String offerSdp) {
        if (state == State.CLOSED) return;
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        // SDKs from before 2021 know renegotiation only as update, and answer it with update (see handle()).
        o.put("type", SoraClientName.expectsUpdate(request.soraClient()) ? "update" : "re-offer");
        o.put("sdp", offerSdp);
        sendOn(SessionDataChannels.SIGNALING, json(o));
    }

    @Override
    public void onDataChannelsReady(Connection connection) {
        if (state != State.CLOSED) dataChannels.openAll(connection);
    }

    @Override
    public void onDataChannelOpen(Connection connection, DataChannel channel) {
        SessionDataChannels dc = dataChannels;
        if (!dc.opened(channel) || !dc.plan().signaling()) return;
        synchronized (sendLock) {
            if (state != State.CLOSED) socket.send(dc.markSwitched());
        }
    }

    @Override
    public void onDataChannelMessage(Connection connection, DataChannel channel, byte[] data, boolean binary) {
        if (state == State.CLOSED) return;
        dataChannels.onMessage(channel, data, binary, this::onText, (label, message, isBinary) -> {
            for (SignalingSession other : context.liveChannels().others(request.channelId(), this)) {
                if (other.state == State.CONNECTED) other.dataChannels.deliver(label, message, isBinary, connectionId,
                        context.dataChannelCounters());
            }
        });
    }

    @Override
    public void onClosed(Connection connection, String reason) {
        close(SignalingException.REFUSED, reason);
    }

    // ------------------------------------------------------------------ Sora HTTP API

    /** The connection as the list and stats APIs show it; null before it is in a channel. */
    LiveConnection view() {
        ConnectRequest r = request;
        Connection m = media;
        if (r == null || m == null || sessionId == null) return null;
        return new LiveConnection(r.channelId(), connectionId, clientId, bundleId, sessionId, r.role(),
                mode == ChannelMode.MULTISTREAM, r.audio(), r.video(), r.videoCodec(), r.videoBitRateKbps(),
                r.audioBitRateKbps(), connectedAt, eventMetadata, m.stats(), bitrates.receivedKbps(), bitrates.sentKbps());
    }

    /** Push API: {@code {"type":"push","data":…}}. */
    void push(ObjectNode message) {
        sendOn(SessionDataChannels.PUSH, json(message));
    }

    /** Disconnect APIs: close 1000 DISCONNECTED-API, reporting the caller's reason in the webhook. */
    void disconnectByApi(JsonNode apiReason) {
        endWith("DISCONNECTED-API", apiReason, null);
        close(1000, "DISCONNECTED-API");
    }

    /** RequestKeyFrame API. @return false when this connection sends no video */
    boolean requestKeyframes() {
        Connection m = media;
        return m != null && m.requestKeyframes();
    }

    private void closeByClient(JsonNode msg) {
        String reason = ConnectRequestParser.text(msg, "reason");
        endWith("TYPE-DISCONNECT", null, reason);
        if (dataChannels.webSocketGone()) {
            // Over the data channels only: closing the connection closes them, which is what the client waits for.
            if (markClosed()) release();
            return;
        }
        close(1000, "TYPE-DISCONNECT");
    }

    private void endWith(String reason, JsonNode apiReason, String typeDisconnectReason) {
        if (ending == null) ending = new WebhookBodies.Ending(Instant.now(), reason, apiReason, typeDisconnectReason);
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Periodic keep-alive, called often (see {@link SignalingEndpoint}); pings on this session's own schedule, one
     * interval after the offer and then every interval, and closes a client that stopped answering pings.
     */
    void tick(long nowNanos, long pingIntervalNanos, int missedPongLimit) {
        State s = state;
        KeepAlive.Action action = keepAlive.next(nowNanos, s == State.AWAITING_CONNECT,
                s == State.CONNECTED || s == State.OFFERED, context.connectTimeoutNanos().get(), pingIntervalNanos,
                missedPongLimit);
        boolean pongsPossible = pongRequired && !dataChannels.webSocketGone();
        if (action == KeepAlive.Action.PONG_TIMEOUT && !pongsPossible && s == State.CONNECTED) action = KeepAlive.Action.PING;
        switch (action) {
            // An open WebSocket that never says connect only holds a socket; SDKs send connect at once.
            case CONNECT_TIMEOUT -> close(SignalingException.REFUSED,
                    "CONNECT-TIMEOUT: send connect as soon as the WebSocket opens");
            case PONG_TIMEOUT -> close(SignalingException.REFUSED, "PONG-TIMEOUT");
            case PING -> {
                send("{\"type\":\"ping\",\"stats\":false}");
                Connection m = media;
                if (s == State.CONNECTED && m != null) {
                    ConnectionStats.Snapshot stats = m.stats();
                    bitrates.sample(nowNanos, stats);
                    reporter.minuteElapsed(stats);
                }
            }
            case NOTHING -> { }
        }
    }

    /** Ends the session from the server side: close frame, media released, others notified. */
    void close(int code, String reason) {
        endWith(reason, null, null);
        boolean overDataChannels = dataChannels.webSocketGone();
        if (!markClosed()) return;
        if (overDataChannels) {
            // Without a WebSocket the client learns why from type close on the signaling channel, and shuts down on
            // it; the connection is released a moment later in case it does not.
            dataChannels.sendClose(code, reason);
            CompletableFuture.delayedExecutor(DATA_CHANNEL_CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS).execute(this::release);
            return;
        }
        socket.close(code, reason);
        release();
    }

    /** How long a connection without WebSocket stays after type close, for the message to arrive. */
    private static final long DATA_CHANNEL_CLOSE_GRACE_MILLIS = 1_000;

    /** The client closed the WebSocket (or it broke). */
    void onSocketClosed() {
        if (state == State.CONNECTED && dataChannels.webSocketClosed()) return;
        endWith("WEBSOCKET-CLOSED", null, null);
        if (!markClosed()) return;
        release();
    }

    private synchronized boolean markClosed() {
        if (state == State.CLOSED) return false;
        boolean wasConnected = state == State.CONNECTED;
        state = State.CLOSED;
        notifyDestroyed = wasConnected;
        reportFailed = !wasConnected && wasOffered;
        return true;
    }

    private boolean notifyDestroyed;
    private boolean reportFailed;

    private void release() {
        if (media != null) media.close();
        if (request == null || connectionId == null) return;
        context.liveChannels().remove(request.channelId(), this);
        reporter.left(notifyDestroyed, reportFailed, media == null ? null : media.stats(), ending);
        LOG.info("connection {} left channel {}", connectionId, request.channelId());
    }

    /** A notify message, unless the auth webhook turned them off for this connection. */
    void notifyMessage(String message) {
        if (signalingNotify) sendOn(SessionDataChannels.NOTIFY, message);
    }

    /** After {@code switched}, on the data channel {@code label}; before it (or without that channel), on the WebSocket. */
    private void sendOn(String label, String text) {
        if (state == State.CLOSED || dataChannels.sendAfterSwitch(label, text)) return;
        send(text);
    }

    WebhookBodies.Subject subject() {
        long checking = offeredAtNanos == 0 || connectedAtNanos == 0 ? 0 : (connectedAtNanos - offeredAtNanos) / 1_000_000;
        return new WebhookBodies.Subject(request, connectionId, clientId, bundleId, sessionId,
                mode == ChannelMode.MULTISTREAM, eventMetadata, connectedAt != null ? connectedAt : Instant.now(),
                checking, context.version(), context.hooks().nodeName());
    }

    /** On the WebSocket, unless the session ended or the client closed it after the switch. */
    private void send(String text) {
        synchronized (sendLock) {
            if (state == State.CLOSED || dataChannels.webSocketGone()) return;
            socket.send(text);
        }
    }

    // ------------------------------------------------------------------ accessors for notifies and the registry

    boolean connected() { return state == State.CONNECTED; }
    Role role() { return request.role(); }
    ConnectRequest request() { return request; }
    String channelId() { return request.channelId(); }
    String connectionId() { return connectionId; }
    Channel channel() { return channel; }
    Instant connectedAt() { return connectedAt; }
    String clientId() { return clientId; }
    String bundleId() { return bundleId; }
    String sessionId() { return sessionId; }
    JsonNode signalingNotifyMetadata() { return request.signalingNotifyMetadata(); }

    long minutesConnected() {
        long since = connectedAtNanos;
        return since == 0 ? 0 : (System.nanoTime() - since) / context.minuteNanos().get();
    }
}
