package dev.hibiki.sfu;

import java.util.ArrayList;
import java.util.List;

/**
 * The media routing of one channel: its connections and the streams its senders publish. Every receiving connection
 * gets every other sender's streams. (mediasoup's name; the channel itself, its kind and settings, is the server's.)
 */
public final class Router {

    private final String id;
    private final ChannelMode mode;
    private final Sfu sfu;
    private final List<Connection> connections = new ArrayList<>();
    private boolean closed;

    Router(String id, ChannelMode mode, Sfu sfu) {
        this.id = id;
        this.mode = mode;
        this.sfu = sfu;
    }

    public String id() {
        return id;
    }

    public ChannelMode mode() {
        return mode;
    }

    /**
     * Adds a connection; its offer already lists the streams of every sender that has answered, even one whose
     * transport is still coming up: a viewer that joins right after a sender's {@code connect()} resolved then gets
     * the sender's tracks without a renegotiation, which SDKs of the 2020s and before cannot always follow.
     *
     * @throws JoinRefusedException for a second sender on a single-stream channel, or a closed channel
     */
    public Connection join(ConnectionSpec spec, ConnectionListener listener) throws JoinRefusedException {
        List<IncomingStream> existing;
        synchronized (this) {
            if (closed) throw new JoinRefusedException("CHANNEL-CLOSED: the channel was deleted");
            if (mode == ChannelMode.SINGLE_STREAM && spec.sends()
                    && connections.stream().anyMatch(c -> c.spec().sends())) {
                throw new JoinRefusedException("SENDER-ALREADY-CONNECTED: this single-stream channel already has a sender");
            }
            existing = offerableStreams(null);
        }
        Connection connection = new Connection(this, spec, listener, sfu, existing);
        List<IncomingStream> meanwhile;
        List<Connection> departed = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                connection.close();
                throw new JoinRefusedException("CHANNEL-CLOSED: the channel was deleted");
            }
            connections.add(connection);
            // While the offer was being built, a sender may have answered (its publish() ran before this connection
            // was listed, so it would never reach it) or left (its leave() did not see this connection either).
            meanwhile = offerableStreams(connection);
            meanwhile.removeAll(existing);
            for (IncomingStream s : existing) {
                if (!connections.contains(s.publisher) && !departed.contains(s.publisher)) departed.add(s.publisher);
            }
        }
        // Subscribing twice is harmless: subscribe skips the streams it already forwards.
        if (!meanwhile.isEmpty()) connection.subscribe(meanwhile);
        for (Connection publisher : departed) connection.unsubscribe(publisher);
        return connection;
    }

    /** The streams of every other connection that has answered and names its SSRCs. Caller holds the monitor. */
    private List<IncomingStream> offerableStreams(Connection except) {
        List<IncomingStream> out = new ArrayList<>();
        for (Connection c : connections) {
            if (c == except || c.isClosed()) continue;
            for (IncomingStream s : c.publishedStreams()) {
                if (s.ssrc >= 0) out.add(s);
            }
        }
        return out;
    }

    public synchronized int connectionCount() {
        return connections.size();
    }

    /** A sender's transport is up: every other receiving connection starts receiving its streams. */
    void publish(Connection publisher, List<IncomingStream> streams) {
        for (Connection c : others(publisher)) c.subscribe(streams);
        List<PublishedTrack> tracks = new ArrayList<>(streams.size());
        for (IncomingStream s : streams) {
            if (s.ssrc >= 0) tracks.add(new PublishedTrack(s));
        }
        if (!tracks.isEmpty()) sfu.publicationListener().onPublished(this, publisher, List.copyOf(tracks));
    }

    void leave(Connection connection) {
        boolean empty;
        synchronized (this) {
            connections.remove(connection);
            empty = connections.isEmpty();
        }
        for (Connection c : others(connection)) c.unsubscribe(connection);
        if (connection.spec().sends()) sfu.publicationListener().onPublisherLeft(this, connection);
        if (empty) sfu.forget(this);
    }

    private synchronized List<Connection> others(Connection self) {
        List<Connection> out = new ArrayList<>(connections.size());
        for (Connection c : connections) {
            if (c != self) out.add(c);
        }
        return out;
    }

    synchronized List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Closes every connection (their listeners are told by whoever closes the channel). */
    void close() {
        List<Connection> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(connections);
        }
        for (Connection c : all) c.close();
    }
}
