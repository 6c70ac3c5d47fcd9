package dev.hibiki.live.signaling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signaling sessions currently in each channel, in join order, and each channel's Sora {@code session_id}
 * (created when the channel goes from zero to one connection).
 */
final class LiveChannels {

    /** One channel's members; guarded by the enclosing {@link LiveChannels}. */
    static final class Members {
        final String sessionId = SignalingIds.next();
        final Map<String, SignalingSession> byConnectionId = new LinkedHashMap<>();
    }

    /** Role counts as notify messages carry them. */
    record Counts(int all, int sendrecv, int sendonly, int recvonly) {
    }

    private final Map<String, Members> channels = new HashMap<>();

    synchronized String add(String channelId, SignalingSession session) {
        Members m = channels.computeIfAbsent(channelId, id -> new Members());
        m.byConnectionId.put(session.connectionId(), session);
        return m.sessionId;
    }

    synchronized void remove(String channelId, SignalingSession session) {
        Members m = channels.get(channelId);
        if (m == null) return;
        m.byConnectionId.remove(session.connectionId(), session);
        if (m.byConnectionId.isEmpty()) channels.remove(channelId);
    }

    /** Members other than {@code self}, in join order. */
    synchronized List<SignalingSession> others(String channelId, SignalingSession self) {
        Members m = channels.get(channelId);
        if (m == null) return List.of();
        List<SignalingSession> out = new ArrayList<>(m.byConnectionId.size());
        for (SignalingSession s : m.byConnectionId.values()) {
            if (s != self) out.add(s);
        }
        return out;
    }

    synchronized List<SignalingSession> all(String channelId) {
        Members m = channels.get(channelId);
        return m == null ? List.of() : List.copyOf(m.byConnectionId.values());
    }

    /** Counts over the members that completed their connection. */
    synchronized Counts counts(String channelId) {
        Members m = channels.get(channelId);
        return m == null ? new Counts(0, 0, 0, 0) : countConnected(List.of(m));
    }

    /** Members in this role, connected or still connecting. */
    synchronized int members(String channelId, Role role) {
        Members m = channels.get(channelId);
        if (m == null) return 0;
        int n = 0;
        for (SignalingSession s : m.byConnectionId.values()) {
            if (s.role() == role) n++;
        }
        return n;
    }

    /** {@link #counts} over every channel. */
    synchronized Counts totals() {
        return countConnected(channels.values());
    }

    /** The channels with at least one member (connected or still connecting). */
    synchronized java.util.List<String> channelIds() {
        return java.util.List.copyOf(channels.keySet());
    }

    /** Channels with at least one member (connected or still connecting). */
    synchronized int channelCount() {
        return channels.size();
    }

    private static Counts countConnected(Iterable<Members> members) {
        int all = 0, sendrecv = 0, sendonly = 0, recvonly = 0;
        for (Members m : members) {
            for (SignalingSession s : m.byConnectionId.values()) {
                if (!s.connected()) continue;
                all++;
                switch (s.role()) {
                    case SENDRECV -> sendrecv++;
                    case SENDONLY -> sendonly++;
                    case RECVONLY -> recvonly++;
                }
            }
        }
        return new Counts(all, sendrecv, sendonly, recvonly);
    }
}
