package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.sctp.DataChannel;
import dev.hibiki.sctp.DataChannelOptions;
import dev.hibiki.sfu.Connection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data channels of one signaling session: the server opens them all once the connection's SCTP association is up
 * (the SDKs take them from {@code ondatachannel}), the reserved signaling labels first, then the {@code #label}s the
 * client asked for. Encodes what the session sends on them and decodes what arrives (zlib where {@code compress}),
 * and follows the switch: once {@code switched} is sent, signaling goes over them, and with
 * {@code ignore_disconnect_websocket} the connection outlives its WebSocket.
 */
final class SessionDataChannels {

    /** Where a {@code #label} message goes: the channel's other connections. */
    @FunctionalInterface
    interface Relay {
        void relay(String label, byte[] message, boolean binary);
    }

    static final String SIGNALING = "signaling";
    static final String NOTIFY = "notify";
    static final String PUSH = "push";
    static final String STATS = "stats";
    private static final List<String> RESERVED = List.of(SIGNALING, NOTIFY, PUSH, STATS);
    /** The length of a connection id, the header messages start with for a label with {@code sender_connection_id}. */
    static final int SENDER_HEADER_LENGTH = 26;

    private final DataChannelPlan plan;
    private final Map<String, DataChannel> channels = new ConcurrentHashMap<>();
    private int open;
    private boolean allOpen;
    /** {@code switched} was sent: signaling, notifies and pushes go over the data channels. */
    private volatile boolean switched;
    /** The client closed its WebSocket after {@code switched}, as {@code ignore_disconnect_websocket} allows. */
    private volatile boolean webSocketGone;

    SessionDataChannels(DataChannelPlan plan) {
        this.plan = plan;
    }

    DataChannelPlan plan() {
        return plan;
    }

    private List<String> labels() {
        List<String> labels = new ArrayList<>();
        if (plan.signaling()) labels.addAll(RESERVED);
        for (DataChannelPlan.MessagingLabel m : plan.messaging()) labels.add(m.label());
        return labels;
    }

    /** The offer's {@code data_channels}: what the SDK needs to read each label (compression, direction, header). */
    void describe(ArrayNode out) {
        if (plan.signaling()) {
            for (String label : RESERVED) out.addObject().put("label", label).put("compress", false);
        }
        for (DataChannelPlan.MessagingLabel m : plan.messaging()) {
            ObjectNode e = out.addObject();
            e.put("label", m.label());
            e.put("direction", m.direction());
            e.put("compress", m.compress());
            e.put("ordered", m.ordered());
            if (m.maxPacketLifeTime() != null) e.put("max_packet_life_time", m.maxPacketLifeTime());
            if (m.maxRetransmits() != null) e.put("max_retransmits", m.maxRetransmits());
            if (!m.protocol().isEmpty()) e.put("protocol", m.protocol());
            if (m.senderHeader()) e.putArray("header").addObject().put("type", "sender_connection_id");
        }
    }

    /** SCTP is up: opens every channel of the plan. */
    void openAll(Connection connection) {
        for (String label : labels()) {
            DataChannelPlan.MessagingLabel m = plan.label(label);
            DataChannelOptions options = m == null ? DataChannelOptions.reliable()
                    : new DataChannelOptions(m.ordered(), m.maxRetransmits(), m.maxPacketLifeTime(), m.protocol(), null);
            channels.put(label, connection.openDataChannel(label, options));
        }
    }

    /** A channel of ours was acknowledged. @return true exactly once: when the last of them is open */
    synchronized boolean opened(DataChannel channel) {
        if (allOpen || channels.get(channel.label()) != channel) return false;
        open++;
        allOpen = open == channels.size();
        return allOpen;
    }

    /**
     * Marks the switch and returns the {@code switched} message to send over the WebSocket. Marked before it is sent:
     * the client may close its WebSocket as soon as it reads it.
     */
    String markSwitched() {
        switched = true;
        return "{\"type\":\"switched\",\"ignore_disconnect_websocket\":" + plan.ignoreDisconnectWebSocket() + "}";
    }

    boolean switched() {
        return switched;
    }

    boolean webSocketGone() {
        return webSocketGone;
    }

    /**
     * The client closed its WebSocket. @return true when the connection goes on without it (after the switch, with
     * {@code ignore_disconnect_websocket}); false when that close ends the connection
     */
    boolean webSocketClosed() {
        if (!switched || !plan.ignoreDisconnectWebSocket()) return false;
        webSocketGone = true;
        return true;
    }

    /**
     * A message for the client, on {@code label} after the switch. @return false when it must go over the WebSocket
     * instead (before the switch, or that channel is gone)
     */
    boolean sendAfterSwitch(String label, String json) {
        return switched && sendJson(label, json);
    }

    /** Tells a client without WebSocket why the server closes its connection ({@code type: close}). */
    void sendClose(int code, String reason) {
        sendJson(SIGNALING, "{\"type\":\"close\",\"code\":" + code + ",\"reason\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(reason) + "}");
    }

    /**
     * A client's message: on {@code signaling} its text goes to {@code signaling} (re-answer, disconnect, candidates),
     * on a {@code #label} it may send on, decompressed, to {@code relay}; anything else (stats replies) is dropped.
     */
    void onMessage(DataChannel channel, byte[] data, boolean binary, java.util.function.Consumer<String> signaling,
                   Relay relay) {
        if (channel.label().equals(SIGNALING)) {
            byte[] text = decode(channel, data);
            if (text != null) signaling.accept(new String(text, StandardCharsets.UTF_8));
            return;
        }
        if (sendingLabel(channel) == null) return;
        byte[] message = decode(channel, data);
        if (message != null) relay.relay(channel.label(), message, binary);
    }

    /** Sends a signaling message (JSON text) on a label. @return false when that channel is not there */
    private boolean sendJson(String label, String json) {
        DataChannel c = channels.get(label);
        if (c == null || !c.isOpen()) return false;
        try {
            c.sendText(json);
            return true;
        } catch (RuntimeException e) {
            return false; // the association ended meanwhile
        }
    }

    /** A message a client sent, decompressed where its label says so; null when it cannot be read. */
    private byte[] decode(DataChannel channel, byte[] data) {
        DataChannelPlan.MessagingLabel m = plan.label(channel.label());
        if (m != null && m.compress()) return ZlibMessages.inflate(data);
        return data;
    }

    /** The client's own {@code #label} it may send on, or null. */
    private DataChannelPlan.MessagingLabel sendingLabel(DataChannel channel) {
        DataChannelPlan.MessagingLabel m = plan.label(channel.label());
        return m != null && m.sends() && channels.get(channel.label()) == channel ? m : null;
    }

    /** Delivers another connection's message on a label, if this client receives on it. */
    void deliver(String label, byte[] message, boolean binary, String senderConnectionId, DataChannelCounters counters) {
        DataChannelPlan.MessagingLabel m = plan.label(label);
        DataChannel c = channels.get(label);
        if (m == null || !m.receives() || c == null || !c.isOpen()) return;
        byte[] payload = message;
        if (m.senderHeader()) {
            byte[] id = senderConnectionId.getBytes(StandardCharsets.US_ASCII);
            payload = new byte[SENDER_HEADER_LENGTH + message.length];
            System.arraycopy(id, 0, payload, 0, Math.min(id.length, SENDER_HEADER_LENGTH));
            System.arraycopy(message, 0, payload, SENDER_HEADER_LENGTH, message.length);
        }
        try {
            if (m.compress()) c.send(ZlibMessages.deflate(payload), true);
            else c.send(payload, binary);
            counters.relayed.increment();
        } catch (IllegalStateException | IllegalArgumentException e) {
            // This receiver's channel is closing, or the header made the message too large for it: it misses this
            // one message, and the sender's other receivers still get it.
            counters.dropped.increment();
        }
    }
}
