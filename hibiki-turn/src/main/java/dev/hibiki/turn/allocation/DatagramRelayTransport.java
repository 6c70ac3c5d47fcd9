package dev.hibiki.turn.allocation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relayed address as a UDP socket of its own. One virtual thread per allocation reads it into a single reused
 * buffer; a datagram that fills the buffer was truncated and is dropped rather than relayed cut.
 */
public final class DatagramRelayTransport implements RelayTransport {
    private static final Logger log = LoggerFactory.getLogger(DatagramRelayTransport.class);
    /** Larger than any datagram WebRTC sends; bigger ones are dropped. */
    static final int MAX_DATAGRAM = 8192;

    private final DatagramChannel channel;
    private final InetSocketAddress relayedAddress;
    private volatile Thread reader;

    private DatagramRelayTransport(DatagramChannel channel) throws IOException {
        this.channel = channel;
        this.relayedAddress = (InetSocketAddress) channel.getLocalAddress();
    }

    public static DatagramRelayTransport open(InetAddress relayAddress) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(relayAddress, 0));
            return new DatagramRelayTransport(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public InetSocketAddress relayedAddress() {
        return relayedAddress;
    }

    @Override
    public void start(RelayReceiver receiver) {
        reader = Thread.ofVirtual().name("turn-relay-" + relayedAddress.getPort()).start(() -> read(receiver));
    }

    private void read(RelayReceiver receiver) {
        ByteBuffer buffer = ByteBuffer.allocate(RelayReceiver.HEADROOM + MAX_DATAGRAM);
        while (channel.isOpen()) {
            SocketAddress from;
            try {
                buffer.clear().position(RelayReceiver.HEADROOM);
                from = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.debug("relay {} receive failed", relayedAddress, e);
                continue;
            }
            if (!buffer.hasRemaining() || !(from instanceof InetSocketAddress peer)) {
                continue; // truncated
            }
            buffer.flip().position(RelayReceiver.HEADROOM);
            try {
                receiver.receive(peer, buffer);
            } catch (RuntimeException e) {
                log.warn("relay {}: a datagram from {} could not be handled", relayedAddress, peer, e);
            }
        }
    }

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress peer) throws IOException {
        channel.send(datagram, peer);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("relay {} close failed", relayedAddress, e);
        }
    }
}
