package dev.hibiki.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media port's sockets as the sessions' transport. Media is sent from several SFU threads at once: each thread
 * keeps one socket of the group ({@link #useSocket}, else given round robin on its first send), a
 * {@link DatagramPacket} it reuses, and the accelerator's sender for that socket when there is one.
 */
final class UdpSendPath implements IceTransport {
    private static final Logger log = LoggerFactory.getLogger(UdpIceServer.class);

    private final DatagramSocket[] sockets;
    private final IceCounters counters;
    private final SendAcceleration acceleration = SendAcceleration.load();
    private final AtomicInteger nextSocket = new AtomicInteger();
    private final ThreadLocal<Sender> sender = ThreadLocal.withInitial(
            () -> new Sender(socket(nextSocket.getAndIncrement())));

    UdpSendPath(DatagramSocket[] sockets, IceCounters counters) {
        this.sockets = sockets;
        this.counters = counters;
    }

    private final class Sender {
        final DatagramPacket packet = new DatagramPacket(new byte[0], 0);
        DatagramSocket socket;
        DatagramSendAccelerator.Sender fast;

        Sender(DatagramSocket socket) {
            use(socket);
        }

        void use(DatagramSocket socket) {
            this.socket = socket;
            this.fast = acceleration.open(socket);
        }
    }

    private DatagramSocket socket(int index) {
        return sockets[Math.floorMod(index, sockets.length)];
    }

    /** Makes the calling thread send through socket {@code index} modulo the group's size. */
    void useSocket(int index) {
        sender.get().use(socket(index));
    }

    /** The accelerator's name, or {@code "DatagramSocket"}. */
    String name() {
        return acceleration.name();
    }

    @Override
    public String protocol() {
        return "udp";
    }

    @Override
    public boolean sendTo(byte[] buf, int off, int len, InetSocketAddress remote) {
        return sendTo(buf, off, len, DatagramDestination.of(remote));
    }

    @Override
    public boolean sendTo(byte[] buf, int off, int len, DatagramDestination remote) {
        Sender s = sender.get();
        DatagramSendAccelerator.Sender fast = s.fast;
        if (fast == null || !fast.send(buf, off, len, remote)) {
            try {
                DatagramPacket packet = s.packet;
                packet.setData(buf, off, len);
                packet.setSocketAddress(remote.address());
                s.socket.send(packet);
            } catch (IOException | RuntimeException e) {
                counters.increment(IceCounter.SEND_FAILURES);
                log.debug("UDP send to {} failed", remote, e);
                return false;
            }
        }
        counters.increment(IceCounter.PACKETS_SENT);
        counters.add(IceCounter.BYTES_SENT, len);
        return true;
    }
}
