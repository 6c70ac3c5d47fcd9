package dev.hibiki.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.IceSettings;
import dev.hibiki.ice.InProcessPeer;
import dev.hibiki.ice.InProcessPeers;
import dev.hibiki.ice.UdpIceServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The media port's side of an in-process relay: what it hands a client that may make a send wait. */
class MediaPortRelayTransportTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A stream client that stopped reading: every receive waits until released. */
    private static final class StalledStreamClient implements RelayReceiver {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger received = new AtomicInteger();
        final AtomicInteger dropped = new AtomicInteger();

        @Override
        public void receive(InetSocketAddress peer, ByteBuffer datagram) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.incrementAndGet();
        }

        @Override
        public boolean mayWait() {
            return true;
        }

        @Override
        public void dropped() {
            dropped.incrementAndGet();
        }
    }

    @Test
    void aStreamClientThatStopsReadingLosesDatagramsInsteadOfHoldingTheSfusThreads() throws Exception {
        StalledStreamClient client = new StalledStreamClient();
        AtomicReference<InProcessPeer.Sink> fromMediaPort = new AtomicReference<>();
        try (UdpIceServer ice = UdpIceServer.open(new InetSocketAddress(LOOPBACK, 0), IceSettings.DEFAULT)) {
            InProcessPeers port = (address, sink) -> {
                fromMediaPort.set(sink);
                return ice.connectInProcess(address, sink);
            };
            InetSocketAddress media = ice.localAddress();
            MediaPortRelayTransport relay = new MediaPortRelayTransport(DatagramRelayTransport.open(LOOPBACK), port,
                    Set.of(media));
            try {
                relay.start(client);
                relay.send(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), media); // connects; the port drops its kind
                InProcessPeer.Sink sink = fromMediaPort.get();

                long started = System.nanoTime();
                int sent = MediaPortRelayTransport.QUEUE_DATAGRAMS + 10;
                int refused = 0;
                for (int i = 0; i < sent; i++) {
                    if (!sink.receive(new byte[1200], 0, 1200)) refused++;
                }
                assertThat(System.nanoTime() - started).as("no send waited").isLessThan(1_000_000_000L);
                // the queue holds its 1,024; the writer may have taken one more before it stalled
                assertThat(refused).isBetween(9, 10);
                assertThat(client.dropped).hasValue(refused);
                assertThat(sink.receive(new byte[DatagramRelayTransport.MAX_DATAGRAM + 1], 0,
                        DatagramRelayTransport.MAX_DATAGRAM + 1)).as("larger than any relayed datagram").isFalse();
                assertThat(client.dropped).hasValue(refused + 1);

                client.release.countDown();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (client.received.get() < sent - refused && System.nanoTime() < deadline) Thread.sleep(5);
                assertThat(client.received).hasValue(sent - refused);
            } finally {
                client.release.countDown();
                relay.close();
            }
        }
    }
}
