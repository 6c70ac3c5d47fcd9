package dev.hibiki.turn;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A UDP endpoint on loopback playing the far side of a relay (in Hibiki, the media port). */
final class TestPeer implements AutoCloseable {
    record Datagram(InetSocketAddress from, byte[] data) {
    }

    private final DatagramSocket socket;

    TestPeer(int timeoutMillis) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setSoTimeout(timeoutMillis);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(InetSocketAddress to, byte[] data) throws IOException {
        socket.send(new DatagramPacket(data, data.length, to));
    }

    /**
     * Sends 1200-byte datagrams to {@code to} as fast as it can until {@code done}, for at most {@code limit}: enough
     * to fill any socket buffer between a relay and a client that reads nothing.
     *
     * @return whether {@code done} came true within the limit
     */
    boolean flood(InetSocketAddress to, java.util.function.BooleanSupplier done, java.time.Duration limit)
            throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[1200], 1200, to);
        long deadline = System.nanoTime() + limit.toNanos();
        for (int sent = 0; System.nanoTime() < deadline; sent++) {
            if (done.getAsBoolean()) return true;
            socket.send(packet);
            if (sent % 64 == 63) Thread.onSpinWait(); // let the relay thread keep up rather than drop
        }
        return done.getAsBoolean();
    }

    /** The next datagram, or null after the timeout. */
    Datagram receive() throws IOException {
        byte[] buf = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new Datagram((InetSocketAddress) packet.getSocketAddress(), Arrays.copyOf(buf, packet.getLength()));
    }

    @Override
    public void close() {
        socket.close();
    }
}
