package dev.hibiki.turn.allocation;

import dev.hibiki.ice.InProcessPeer;
import dev.hibiki.ice.InProcessPeers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relayed side that reaches the SFU's media port in process: datagrams the client relays to one of the media
 * port's endpoints are handed to the port's dispatch as if they had arrived from the relayed address, and the port's
 * datagrams to the relayed address come back to the allocation, without a socket hop either way. The relayed
 * address is still a real UDP socket ({@link DatagramRelayTransport}): it reserves the address, unique per
 * allocation as ICE needs it (the port tells peers apart by source address), and carries every peer that is not the
 * media port.
 *
 * <p>The media port sends from the SFU's forwarding threads, which must not wait for a client: when the allocation's
 * client is a stream connection ({@link RelayReceiver#mayWait}), each datagram is copied into a bounded queue that a
 * virtual thread drains, and a full queue drops it, as a congested UDP path would. A UDP client is sent to at once,
 * from a per-thread buffer.
 */
public final class MediaPortRelayTransport implements RelayTransport {
    private static final Logger log = LoggerFactory.getLogger(MediaPortRelayTransport.class);
    /** Datagrams waiting for a stream client; at ~1,200 bytes each, about 1 MB. */
    static final int QUEUE_DATAGRAMS = 1024;
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(
            () -> ByteBuffer.allocate(RelayReceiver.HEADROOM + DatagramRelayTransport.MAX_DATAGRAM));

    private final DatagramRelayTransport socket;
    private final InProcessPeers mediaPort;
    private final Set<InetSocketAddress> mediaEndpoints;
    private final ConcurrentHashMap<InetSocketAddress, Link> links = new ConcurrentHashMap<>(2);
    private volatile RelayReceiver receiver;
    private volatile boolean closed;

    MediaPortRelayTransport(DatagramRelayTransport socket, InProcessPeers mediaPort,
                            Set<InetSocketAddress> mediaEndpoints) {
        this.socket = socket;
        this.mediaPort = mediaPort;
        this.mediaEndpoints = mediaEndpoints;
    }

    @Override
    public InetSocketAddress relayedAddress() {
        return socket.relayedAddress();
    }

    @Override
    public void start(RelayReceiver receiver) {
        this.receiver = receiver;
        socket.start(receiver);
    }

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress peer) throws IOException {
        if (!mediaEndpoints.contains(peer)) {
            socket.send(datagram, peer);
            return;
        }
        Link link = links.get(peer);
        if (link == null) {
            link = open(peer);
        }
        link.peer.send(datagram.array(), datagram.arrayOffset() + datagram.position(), datagram.remaining());
        datagram.position(datagram.limit());
    }

    private synchronized Link open(InetSocketAddress endpoint) throws IOException {
        RelayReceiver to = receiver;
        if (closed || to == null) {
            throw new IOException("relay " + relayedAddress() + " is closed");
        }
        Link link = links.get(endpoint);
        if (link == null) {
            link = new Link(endpoint, to);
            links.put(endpoint, link);
        }
        return link;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (Link link : links.values()) {
            link.close();
        }
        socket.close();
    }

    /** One media port endpoint as this allocation reaches it: the port's view of the relayed address, and back. */
    private final class Link implements InProcessPeer.Sink {
        final InetSocketAddress endpoint;
        final RelayReceiver to;
        final InProcessPeer peer;
        /** Null unless the client may make a send wait. */
        final BlockingQueue<byte[]> queue;

        Link(InetSocketAddress endpoint, RelayReceiver to) {
            this.endpoint = endpoint;
            this.to = to;
            this.queue = to.mayWait() ? new ArrayBlockingQueue<>(QUEUE_DATAGRAMS) : null;
            this.peer = mediaPort.connectInProcess(relayedAddress(), this);
            if (queue != null) {
                Thread.ofVirtual().name("turn-relay-in-process-" + relayedAddress().getPort()).start(this::drain);
            }
        }

        /** A datagram from the media port to the relayed address, on an SFU thread. */
        @Override
        public boolean receive(byte[] buf, int off, int len) {
            if (len > DatagramRelayTransport.MAX_DATAGRAM) {
                to.dropped();
                return false;
            }
            if (queue == null) {
                ByteBuffer scratch = SCRATCH.get();
                scratch.clear().position(RelayReceiver.HEADROOM);
                scratch.put(buf, off, len).flip().position(RelayReceiver.HEADROOM);
                to.receive(endpoint, scratch);
                return true;
            }
            byte[] copy = new byte[RelayReceiver.HEADROOM + len];
            System.arraycopy(buf, off, copy, RelayReceiver.HEADROOM, len);
            if (!queue.offer(copy)) {
                to.dropped();
                return false;
            }
            return true;
        }

        private void drain() {
            try {
                while (!peer.isClosed()) {
                    byte[] datagram = queue.poll(1, TimeUnit.SECONDS);
                    if (datagram == null) continue;
                    try {
                        to.receive(endpoint, ByteBuffer.wrap(datagram, RelayReceiver.HEADROOM,
                                datagram.length - RelayReceiver.HEADROOM));
                    } catch (RuntimeException e) {
                        log.warn("relay {}: a datagram from {} could not be handled", relayedAddress(), endpoint, e);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void close() {
            peer.close();
            if (queue != null) queue.clear();
        }
    }
}
