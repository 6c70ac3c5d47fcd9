package dev.hibiki.turn.allocation;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A relayed side that records what it sends and lets a test play a peer. */
final class FakeRelay implements RelayTransport {
    record Sent(InetSocketAddress peer, byte[] bytes) {
    }

    final List<Sent> sent = new ArrayList<>();
    RelayReceiver receiver;
    boolean closed;

    @Override
    public InetSocketAddress relayedAddress() {
        return new InetSocketAddress("127.0.0.1", 50000);
    }

    @Override
    public void start(RelayReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress peer) {
        byte[] bytes = new byte[datagram.remaining()];
        datagram.get(bytes);
        sent.add(new Sent(peer, bytes));
    }

    /** Delivers {@code payload} from {@code peer} the way a transport does: with headroom before it. */
    void deliver(InetSocketAddress peer, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(RelayReceiver.HEADROOM + payload.length);
        buffer.position(RelayReceiver.HEADROOM);
        buffer.put(payload).flip().position(RelayReceiver.HEADROOM);
        receiver.receive(peer, buffer);
    }

    @Override
    public void close() {
        closed = true;
    }
}
