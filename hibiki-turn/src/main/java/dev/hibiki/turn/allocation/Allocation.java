package dev.hibiki.turn.allocation;

import dev.hibiki.ice.stun.StunMessageWriter;
import dev.hibiki.turn.proto.ChannelData;
import dev.hibiki.turn.proto.TurnAttribute;
import dev.hibiki.turn.proto.TurnMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * One TURN allocation (RFC 8656 section 2.2): its relayed address, its permissions (per peer IP, 300 s) and channel
 * bindings (per peer address, 600 s), and both relay directions. The permission and channel tables are guarded by
 * this object's lock: the client's reader and the relay's reader use them concurrently.
 */
public final class Allocation implements RelayReceiver {
    public static final long PERMISSION_LIFETIME_MILLIS = 300_000;
    public static final long CHANNEL_LIFETIME_MILLIS = 600_000;
    /** The largest datagram relayed to a client; a Data indication must fit its writer. */
    public static final int MAX_RELAYED_DATAGRAM = DatagramRelayTransport.MAX_DATAGRAM;

    /** Outcome of a ChannelBind. */
    public enum BindResult { BOUND, CONFLICT }

    private static final class Channel {
        final int number;
        final InetSocketAddress peer;
        long expiresAt;

        Channel(int number, InetSocketAddress peer, long expiresAt) {
            this.number = number;
            this.peer = peer;
            this.expiresAt = expiresAt;
        }
    }

    private final FiveTuple tuple;
    private final String username;
    private final byte[] key;
    private final byte[] allocateTransactionId;
    private final RelayTransport relay;
    private final ClientSink client;
    private final ByteRateLimiter limiter;
    private final RelayCounters counters;
    private final LongSupplier millis;
    private volatile long expiresAt;

    private final Map<InetAddress, Long> permissions = new HashMap<>();
    private final Map<Integer, Channel> channelsByNumber = new HashMap<>();
    private final Map<InetSocketAddress, Channel> channelsByPeer = new HashMap<>();

    /** Writes Data indications; guarded by itself, since a transport may deliver from more than one thread. */
    private final StunMessageWriter indication = new StunMessageWriter(MAX_RELAYED_DATAGRAM + 64);
    private final ByteBuffer indicationView = ByteBuffer.wrap(indication.buffer());
    private final byte[] indicationId = new byte[12];

    public Allocation(FiveTuple tuple, String username, byte[] key, byte[] allocateTransactionId, RelayTransport relay,
                      ClientSink client, ByteRateLimiter limiter, RelayCounters counters, LongSupplier millis,
                      long expiresAt) {
        this.tuple = tuple;
        this.username = username;
        this.key = key.clone();
        this.allocateTransactionId = allocateTransactionId.clone();
        this.relay = relay;
        this.client = client;
        this.limiter = limiter;
        this.counters = counters;
        this.millis = millis;
        this.expiresAt = expiresAt;
    }

    public FiveTuple tuple() {
        return tuple;
    }

    public String username() {
        return username;
    }

    /** The long-term key the allocation was made with; every later request must use the same credentials. */
    public byte[] key() {
        return key.clone();
    }

    public boolean isAllocateRetransmission(byte[] buf, int transactionIdOffset) {
        for (int i = 0; i < allocateTransactionId.length; i++) {
            if (buf[transactionIdOffset + i] != allocateTransactionId[i]) {
                return false;
            }
        }
        return true;
    }

    public InetSocketAddress relayedAddress() {
        return relay.relayedAddress();
    }

    public ClientSink client() {
        return client;
    }

    public long expiresAt() {
        return expiresAt;
    }

    public void refresh(long newExpiresAt) {
        expiresAt = newExpiresAt;
    }

    /** Installs or refreshes the permission for {@code peer}'s IP address (the port does not matter). */
    public synchronized void permit(InetAddress peer, long now) {
        permissions.put(peer, now + PERMISSION_LIFETIME_MILLIS);
    }

    public synchronized boolean isPermitted(InetAddress peer, long now) {
        Long until = permissions.get(peer);
        return until != null && until > now;
    }

    /**
     * Binds {@code channel} to {@code peer} or refreshes that binding, and refreshes the peer's permission. A channel
     * bound to another peer, or a peer bound to another channel, is a conflict (RFC 8656 section 11.2).
     */
    public synchronized BindResult bind(int channel, InetSocketAddress peer, long now) {
        Channel byNumber = live(channelsByNumber.get(channel), now);
        Channel byPeer = live(channelsByPeer.get(peer), now);
        if ((byNumber != null && !byNumber.peer.equals(peer)) || (byPeer != null && byPeer.number != channel)) {
            return BindResult.CONFLICT;
        }
        Channel binding = byNumber != null ? byNumber : new Channel(channel, peer, 0);
        binding.expiresAt = now + CHANNEL_LIFETIME_MILLIS;
        channelsByNumber.put(channel, binding);
        channelsByPeer.put(peer, binding);
        permissions.put(peer.getAddress(), now + PERMISSION_LIFETIME_MILLIS);
        return BindResult.BOUND;
    }

    /** The peer {@code channel} is bound to, or null when it is not (or no longer). */
    public synchronized InetSocketAddress peerOf(int channel, long now) {
        Channel binding = live(channelsByNumber.get(channel), now);
        return binding == null ? null : binding.peer;
    }

    /** The channel bound to {@code peer}, or -1. */
    public synchronized int channelOf(InetSocketAddress peer, long now) {
        Channel binding = live(channelsByPeer.get(peer), now);
        return binding == null ? -1 : binding.number;
    }

    private static Channel live(Channel channel, long now) {
        return channel != null && channel.expiresAt > now ? channel : null;
    }

    /** Forgets expired permissions and channel bindings. */
    public synchronized void purge(long now) {
        permissions.values().removeIf(until -> until <= now);
        for (Iterator<Channel> it = channelsByNumber.values().iterator(); it.hasNext(); ) {
            Channel channel = it.next();
            if (channel.expiresAt <= now) {
                it.remove();
                channelsByPeer.remove(channel.peer);
            }
        }
    }

    public synchronized int permissionCount() {
        return permissions.size();
    }

    public synchronized int channelCount() {
        return channelsByNumber.size();
    }

    /**
     * Client to peer: sends the buffer's remaining bytes to {@code peer} if it has a permission and the byte rate
     * allows; otherwise drops them. The caller has checked the peer against the server's policy.
     */
    public void sendToPeer(ByteBuffer payload, InetSocketAddress peer) {
        long now = millis.getAsLong();
        int length = payload.remaining();
        if (!isPermitted(peer.getAddress(), now) || !limiter.tryAcquire(length, now)) {
            counters.dropped();
            return;
        }
        try {
            relay.send(payload, peer);
            counters.relayed(length);
        } catch (IOException e) {
            counters.dropped();
        }
    }

    /** Peer to client, on the relay's thread: ChannelData when a channel is bound, a Data indication otherwise. */
    @Override
    public void receive(InetSocketAddress peer, ByteBuffer datagram) {
        long now = millis.getAsLong();
        int length = datagram.remaining();
        if (length > MAX_RELAYED_DATAGRAM || !isPermitted(peer.getAddress(), now)
                || !limiter.tryAcquire(length, now)) {
            counters.dropped();
            return;
        }
        counters.relayed(length); // before the hand-over: a client may already answer what it carries
        int channel = channelOf(peer, now);
        if (channel >= 0) {
            int headerAt = datagram.position() - ChannelData.HEADER_LENGTH;
            ChannelData.writeHeader(datagram.array(), datagram.arrayOffset() + headerAt, channel, length);
            datagram.position(headerAt);
            client.sendChannelData(datagram);
        } else {
            synchronized (indication) {
                ThreadLocalRandom.current().nextBytes(indicationId);
                indication.begin(TurnMethod.DATA_INDICATION, indicationId, 0)
                        .addXorAddress(TurnAttribute.XOR_PEER_ADDRESS, peer)
                        .addBytes(TurnAttribute.DATA, datagram.array(), datagram.arrayOffset() + datagram.position(),
                                length);
                indicationView.clear().limit(indication.length());
                client.sendMessage(indicationView);
            }
        }
    }

    @Override
    public boolean mayWait() {
        return client.mayWait();
    }

    @Override
    public void dropped() {
        counters.dropped();
    }

    /** Starts relaying from peers. */
    public void start() {
        relay.start(this);
    }

    /** Releases the relayed address. */
    public void close() {
        relay.close();
    }
}
