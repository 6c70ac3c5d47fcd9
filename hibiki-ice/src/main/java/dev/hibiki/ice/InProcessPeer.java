package dev.hibiki.ice;

import java.net.InetSocketAddress;

/**
 * A remote address whose datagrams reach the media port without a socket: the relayed address of an allocation on a
 * TURN server in the same process, relaying to this port. What the relay hands to {@link #send} is dispatched as if
 * it had arrived on the port from {@link #address()}, so ICE validates that address as it would a socket's; a
 * session that selected it sends through this transport, which hands the datagram to the relay's {@link Sink}.
 *
 * <p>{@link #send} runs the port's dispatch on the caller's thread under the dispatch lock, as an ICE-TCP
 * connection's reader does; the sink is called from the SFU's sending threads and must not wait. Thread-safe.
 */
public final class InProcessPeer implements IceTransport {

    /** Where the sessions' datagrams to this address go: the relay, which takes them towards its client. */
    @FunctionalInterface
    public interface Sink {
        /**
         * Takes {@code buf[off, off+len)} (consumed before returning) as one datagram from the media port; must not
         * wait. False when it was dropped.
         */
        boolean receive(byte[] buf, int off, int len);
    }

    /** The port's dispatch, one datagram at a time. */
    @FunctionalInterface
    interface Dispatch {
        void datagram(byte[] buf, int off, int len, InetSocketAddress source, InProcessPeer via);
    }

    private final InetSocketAddress address;
    private final Sink sink;
    private final Dispatch dispatch;
    private final IceCounters counters;
    private volatile boolean closed;

    InProcessPeer(InetSocketAddress address, Sink sink, Dispatch dispatch, IceCounters counters) {
        this.address = address;
        this.sink = sink;
        this.dispatch = dispatch;
        this.counters = counters;
    }

    /** The source address the media port sees. */
    public InetSocketAddress address() {
        return address;
    }

    /** One datagram from this peer to the media port; the bytes are consumed before returning. */
    public void send(byte[] buf, int off, int len) {
        if (!closed) {
            dispatch.datagram(buf, off, len, address, this);
        }
    }

    @Override
    public String protocol() {
        return "udp";
    }

    /** Hands the datagram to the sink (this peer is the only address this transport reaches). */
    @Override
    public boolean sendTo(byte[] buf, int off, int len, InetSocketAddress to) {
        if (closed || !sink.receive(buf, off, len)) {
            counters.increment(IceCounter.SEND_FAILURES);
            return false;
        }
        counters.increment(IceCounter.PACKETS_SENT);
        counters.add(IceCounter.BYTES_SENT, len);
        return true;
    }

    /** Stops both directions; the session that selected this address then loses consent and fails. Idempotent. */
    public void close() {
        closed = true;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "in-process:" + address;
    }
}
