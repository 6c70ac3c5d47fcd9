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
