package dev.hibiki.ice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.stun.StunMessage;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A loopback UDP socket playing the browser. Every receive is bounded. */
final class BrowserSocket implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress server;

    BrowserSocket(InetSocketAddress server) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.socket.setSoTimeout((int) Await.BOUND_MILLIS);
        this.server = server;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, server));
    }

    byte[] receive() throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        socket.receive(packet);
        assertThat(packet.getSocketAddress()).as("answers come from the shared port").isEqualTo(server);
        return Arrays.copyOf(buf, packet.getLength());
    }

    /** Sends the check and returns the response carrying its transaction id, skipping anything else. */
    StunMessage check(BrowserCheck check) throws IOException {
        send(check.build());
        return responseTo(check);
    }

    StunMessage responseTo(BrowserCheck check) throws IOException {
        byte[] expected = check.transactionId();
        while (true) {
            byte[] datagram;
            try {
                datagram = receive();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no response to the check", e);
            }
            StunMessage message = StunMessage.parse(datagram, 0, datagram.length);
            if (message != null && Arrays.equals(message.transactionId(), expected)) {
                return message;
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
