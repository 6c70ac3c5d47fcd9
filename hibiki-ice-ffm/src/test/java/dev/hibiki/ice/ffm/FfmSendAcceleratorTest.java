package dev.hibiki.ice.ffm;

import dev.hibiki.ice.DatagramDestination;
import dev.hibiki.ice.DatagramSendAccelerator;
import dev.hibiki.ice.IceSettings;
import dev.hibiki.ice.UdpIceServer;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.Arrays;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real sockets on loopback: what the accelerator sends arrives intact, from the JDK socket's own port. */
class FfmSendAcceleratorTest {

    private final FfmSendAccelerator accelerator = new FfmSendAccelerator();

    @Test
    void datagramsArriveIntactFromTheSocketsPort() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket from = new DatagramSocket(new InetSocketAddress(loopback, 0));
             DatagramSocket to = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            to.setSoTimeout(5000);
            DatagramSendAccelerator.Sender sender = accelerator.open(from);
            DatagramDestination target = DatagramDestination.of((InetSocketAddress) to.getLocalSocketAddress());
            byte[] big = new byte[1400];
            for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 7);
            for (int round = 0; round < 3; round++) { // the second and third reuse the cached address
                int off = round * 10;
                int len = big.length - 40 - round;
                assertThat(sender.send(big, off, len, target)).isTrue();
                DatagramPacket got = new DatagramPacket(new byte[2048], 2048);
                to.receive(got);
                assertThat(Arrays.copyOfRange(got.getData(), 0, got.getLength()))
                        .isEqualTo(Arrays.copyOfRange(big, off, off + len));
                assertThat(got.getPort()).isEqualTo(from.getLocalPort());
            }
        }
    }

    @Test
    void aFanOutReachesEachDestinationInTurn() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        DatagramSocket[] to = new DatagramSocket[3];
        try (DatagramSocket from = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            DatagramDestination[] targets = new DatagramDestination[to.length];
            for (int i = 0; i < to.length; i++) {
                to[i] = new DatagramSocket(new InetSocketAddress(loopback, 0));
                to[i].setSoTimeout(5000);
                targets[i] = DatagramDestination.of((InetSocketAddress) to[i].getLocalSocketAddress());
            }
            DatagramSendAccelerator.Sender sender = accelerator.open(from);
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < to.length; i++) {
                    byte[] payload = ("round " + round + " to " + i).getBytes();
                    assertThat(sender.send(payload, 0, payload.length, targets[i])).isTrue();
                }
            }
            for (int i = 0; i < to.length; i++) {
                for (int round = 0; round < 2; round++) {
                    DatagramPacket got = new DatagramPacket(new byte[100], 100);
                    to[i].receive(got);
                    assertThat(new String(got.getData(), 0, got.getLength())).isEqualTo("round " + round + " to " + i);
                }
            }
        } finally {
            for (DatagramSocket s : to) if (s != null) s.close();
        }
    }

    @Test
    void servesADatagramChannelsOwnSocket() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (java.nio.channels.DatagramChannel from = java.nio.channels.DatagramChannel.open()
                .bind(new InetSocketAddress(loopback, 0));
             DatagramSocket to = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            to.setSoTimeout(5000);
            byte[] payload = "through the TURN port's channel".getBytes();
            assertThat(accelerator.open(from.socket()).send(payload, 0, payload.length,
                    DatagramDestination.of((InetSocketAddress) to.getLocalSocketAddress()))).isTrue();
            DatagramPacket got = new DatagramPacket(new byte[100], 100);
            to.receive(got);
            assertThat(new String(got.getData(), 0, got.getLength())).isEqualTo("through the TURN port's channel");
            assertThat(got.getSocketAddress()).isEqualTo(from.getLocalAddress());
        }
    }

    @Test
    void sendsToIpv6Destinations() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        assumeTrue(NetworkInterface.getByInetAddress(v6) != null, "no IPv6 loopback here");
        try (DatagramSocket from = new DatagramSocket(new InetSocketAddress(v6, 0));
             DatagramSocket to = new DatagramSocket(new InetSocketAddress(v6, 0))) {
            to.setSoTimeout(5000);
            byte[] payload = "hello over ::1".getBytes();
            assertThat(accelerator.open(from).send(payload, 0, payload.length,
                    DatagramDestination.of((InetSocketAddress) to.getLocalSocketAddress())))
                    .isTrue();
            DatagramPacket got = new DatagramPacket(new byte[100], 100);
            to.receive(got);
            assertThat(new String(got.getData(), 0, got.getLength())).isEqualTo("hello over ::1");
            assertThat(got.getAddress()).isInstanceOf(Inet6Address.class);
        }
    }

    @Test
    void refusesWhatItCannotSendSoTheCallerFallsBack() throws Exception {
        try (DatagramSocket from = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            DatagramSendAccelerator.Sender sender = accelerator.open(from);
            byte[] tooBig = new byte[FfmSendAccelerator.MAX_DATAGRAM + 1];
            assertThat(sender.send(tooBig, 0, tooBig.length, DatagramDestination.of(new InetSocketAddress("127.0.0.1", 9)))).isFalse();
            InetSocketAddress unresolved = InetSocketAddress.createUnresolved("example.invalid", 9);
            assertThat(sender.send(new byte[10], 0, 10, DatagramDestination.of(unresolved))).isFalse();
        }
    }

    @Test
    void aClosedSocketIsNotServed() throws Exception {
        DatagramSocket closed = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        closed.close();
        assertThatThrownBy(() -> accelerator.open(closed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theIceServerLoadsIt() throws Exception {
        assertThat(ServiceLoader.load(DatagramSendAccelerator.class).stream().map(ServiceLoader.Provider::type))
                .as("registered in META-INF/services").contains(FfmSendAccelerator.class);
        try (UdpIceServer server = UdpIceServer.open(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                IceSettings.DEFAULT)) {
            assertThat(server.sendPath()).startsWith("sendto via FFM"); // tests list a counting wrapper first
        }
    }
}
