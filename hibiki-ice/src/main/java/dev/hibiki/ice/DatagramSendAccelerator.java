package dev.hibiki.ice;

import java.net.DatagramSocket;

/**
 * A cheaper way than {@link DatagramSocket#send} to send datagrams from the media port's sockets, where the runtime
 * offers one: the JDK's send path adds work around the system call (socket adaptor, blocking-send bookkeeping, a
 * temporary direct buffer, the destination decoded into a native address on every call), and an SFU sends a packet
 * per subscriber. Found with {@link java.util.ServiceLoader} (module {@code hibiki-ice-ffm}: {@code sendto(2)} through
 * the FFM API, JDK 22+); without one, or when it cannot serve a socket, {@link UdpIceServer} sends through the JDK.
 */
public interface DatagramSendAccelerator {

    /** A short name for logs, e.g. {@code "sendto via FFM"}. */
    String name();

    /**
     * A sender for {@code socket} (bound, open), used by one thread only (it may keep native buffers).
     *
     * @throws Exception when it cannot serve this socket or runtime (e.g. no access to the socket's descriptor);
     *                   the caller then sends through the JDK
     */
    Sender open(DatagramSocket socket) throws Exception;

    /** Sends on one socket; one thread. */
    interface Sender {
        /**
         * Sends {@code buf[off, off+len)} to {@code remote} from the socket.
         *
         * @return false when it did not send (too big, an address family it does not handle, an error): the caller
         *         then sends through the JDK, which reports the error the usual way
         */
        boolean send(byte[] buf, int off, int len, DatagramDestination remote);
    }
}
