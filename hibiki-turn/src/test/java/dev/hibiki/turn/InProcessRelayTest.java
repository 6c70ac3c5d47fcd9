package dev.hibiki.turn;

import static dev.hibiki.turn.TurnServerTest.LOOPBACK;
import static dev.hibiki.turn.TurnServerTest.SECRET;
import static dev.hibiki.turn.TurnServerTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hibiki.turn.allocation.RelayReceiver;
import dev.hibiki.turn.allocation.RelayTransport;
import dev.hibiki.turn.auth.TurnCredential;
import dev.hibiki.turn.auth.TurnRestCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The seam for relaying without a second socket: a {@link RelayTransport} that hands datagrams to code in the same
 * process and is handed its answers back, instead of a UDP socket on the relay address ({@link
 * dev.hibiki.turn.allocation.MediaPortRelayTransport} is the one for the SFU's media port).
 */
class InProcessRelayTest {
    /** Stands in for the SFU: what the client relays arrives here, and it answers through the receiver. */
    static final class InProcessRelay implements RelayTransport {
        final BlockingQueue<byte[]> toMediaPort = new LinkedBlockingQueue<>();
        volatile RelayReceiver receiver;

        @Override
        public InetSocketAddress relayedAddress() {
            return new InetSocketAddress(LOOPBACK, 61000);
        }

        @Override
        public void start(RelayReceiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public void send(ByteBuffer datagram, InetSocketAddress peer) {
            byte[] copy = new byte[datagram.remaining()];
            datagram.get(copy);
            toMediaPort.add(copy);
        }

        /** The media port answers the client from {@code from}, as if by UDP to the relayed address. */
        void answer(InetSocketAddress from, byte[] payload) {
            ByteBuffer buffer = ByteBuffer.allocate(RelayReceiver.HEADROOM + payload.length);
            buffer.position(RelayReceiver.HEADROOM);
            buffer.put(payload).flip().position(RelayReceiver.HEADROOM);
            receiver.receive(from, buffer);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void datagramsReachAnInProcessHandlerAndItsAnswersReachTheClient() throws Exception {
        InProcessRelay relay = new InProcessRelay();
        InetSocketAddress mediaPort = new InetSocketAddress(LOOPBACK, 5004);
        TurnConfig config = TurnConfig.of(new InetSocketAddress(LOOPBACK, 0), LOOPBACK, "hibiki", SECRET,
                mediaPort::equals).withRelayTransports(address -> relay);
        TurnCredential credential = new TurnRestCredentials(SECRET, Clock.systemUTC()).issue("c", Duration.ofMinutes(5));
        try (TurnServer server = TurnServer.start(config);
             TurnTestClient client = TurnTestClient.udp(new InetSocketAddress(LOOPBACK, server.port()),
                     credential.username(), credential.password())) {
            assertThat(TurnServerTest.relayedAddress(client.allocate())).isEqualTo(relay.relayedAddress());
            client.channelBind(0x4000, mediaPort);

            client.sendChannelData(0x4000, bytes("stun check"));
            assertThat(relay.toMediaPort.poll(2, TimeUnit.SECONDS)).isEqualTo(bytes("stun check"));

            relay.answer(mediaPort, bytes("stun answer"));
            TurnTestClient.Received back = client.receiveData();
            assertThat(back.channel()).isEqualTo(0x4000);
            assertThat(back.data()).isEqualTo(bytes("stun answer"));
        }
    }

    @Test
    void aWildcardRelayAddressIsRefused() throws IOException {
        assertThatThrownBy(() -> TurnConfig.of(new InetSocketAddress(LOOPBACK, 0), InetAddress.getByName("0.0.0.0"),
                "hibiki", SECRET, peer -> false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concrete address");
    }
}
