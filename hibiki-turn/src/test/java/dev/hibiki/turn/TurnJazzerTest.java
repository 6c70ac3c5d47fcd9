package dev.hibiki.turn;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hibiki.ice.stun.StunAttribute;
import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageWriter;
import dev.hibiki.turn.allocation.ClientSink;
import dev.hibiki.turn.allocation.FiveTuple;
import dev.hibiki.turn.allocation.RelayReceiver;
import dev.hibiki.turn.allocation.RelayTransport;
import dev.hibiki.turn.auth.TurnCredential;
import dev.hibiki.turn.auth.TurnRestCredentials;
import dev.hibiki.turn.proto.ChannelData;
import dev.hibiki.turn.proto.TurnAttribute;
import dev.hibiki.turn.proto.TurnMethod;
import dev.hibiki.turn.proto.TurnStreamFramer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Coverage-guided fuzzing (Jazzer, docs/FUZZING.md) of what a TURN client may send. Each input goes to the message
 * handler as a UDP datagram from a client that holds an allocation with a permission and a channel; when it is a
 * request, once more re-signed with that client's credentials and a valid NONCE, so that mutations get past the
 * authentication into Allocate, Refresh, CreatePermission and ChannelBind; and as a TCP byte stream through the
 * framer, in small reads. Nothing may throw, and everything sent back or relayed must be well-formed STUN or
 * ChannelData. Without {@code JAZZER_FUZZ} only the committed inputs under {@code TurnJazzerTestInputs} run.
 */
class TurnJazzerTest {
    private static final byte[] SECRET = "fuzz-secret".getBytes(StandardCharsets.UTF_8);
    private static final String REALM = "hibiki";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetSocketAddress SERVER = new InetSocketAddress(LOOPBACK, 3478);
    private static final FiveTuple UDP_CLIENT = new FiveTuple(FiveTuple.ClientTransport.UDP,
            new InetSocketAddress(LOOPBACK, 40000), SERVER);
    private static final FiveTuple TCP_CLIENT = new FiveTuple(FiveTuple.ClientTransport.TCP,
            new InetSocketAddress(LOOPBACK, 40001), SERVER);
    /** The peer the seeds name; the policy allows any port of 127.0.0.2. */
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.2", 5000);

    @FuzzTest(maxDuration = "10m")
    void clientMessage(byte[] data) {
        Harness harness = new Harness();
        harness.allocateWithPermissionAndChannel();

        harness.datagram(data);
        byte[] signed = harness.resigned(data);
        if (signed != null) {
            harness.datagram(signed);
        }
        harness.stream(data, 1 + (data.length % 7));

        harness.assertEverythingSentIsWellFormed();
    }

    /** A server context with relays that record instead of sending, and a client sink that keeps every message. */
    private static final class Harness implements ClientSink {
        private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
        private final TurnContext context;
        private final ClientMessageHandler handler;
        private final TurnCredential credential;
        private final byte[] key;
        private final List<byte[]> messages = new ArrayList<>();
        private final List<byte[]> channelData = new ArrayList<>();
        private final StunMessageWriter writer = new StunMessageWriter(70_000);
        private final AtomicInteger relayPorts = new AtomicInteger(50_000);

        Harness() {
            TurnConfig config = TurnConfig.of(SERVER, LOOPBACK, REALM, SECRET,
                            peer -> peer.getAddress().equals(PEER.getAddress()))
                    .withClock(clock)
                    .withRelayTransports(address -> new RecordingRelay(
                            new InetSocketAddress(address, relayPorts.getAndIncrement())));
            context = TurnContext.create(config);
            handler = new ClientMessageHandler(context);
            credential = new TurnRestCredentials(SECRET, clock).issue("fuzz", Duration.ofHours(1));
            key = StunCredentials.longTermKey(credential.username(), REALM, credential.password());
        }

        void allocateWithPermissionAndChannel() {
            datagram(signed(TurnMethod.ALLOCATE, w -> TurnTestClient.udpTransport(w)));
            datagram(signed(TurnMethod.CREATE_PERMISSION, w -> w.addXorAddress(TurnAttribute.XOR_PEER_ADDRESS, PEER)));
            datagram(signed(TurnMethod.CHANNEL_BIND, w -> w.addUint32(TurnAttribute.CHANNEL_NUMBER, 0x4000 << 16)
                    .addXorAddress(TurnAttribute.XOR_PEER_ADDRESS, PEER)));
            assertThat(context.allocations().find(UDP_CLIENT)).isNotNull();
            for (byte[] response : messages) {
                assertThat(StunMessage.parse(response, 0, response.length).messageClass())
                        .isEqualTo(StunClass.SUCCESS_RESPONSE);
            }
        }

        private byte[] signed(int method, java.util.function.Consumer<StunMessageWriter> attributes) {
            byte[] id = new byte[12];
            id[0] = (byte) method;
            writer.begin(TurnMethod.request(method), id, 0);
            attributes.accept(writer);
            return sign();
        }

        private byte[] sign() {
            return writer.addUsername(credential.username())
                    .addString(StunAttribute.REALM, REALM)
                    .addString(StunAttribute.NONCE, context.authenticator().nonceFor(UDP_CLIENT.client().getAddress()))
                    .addMessageIntegrity(key)
                    .addFingerprint()
                    .toByteArray();
        }

        void datagram(byte[] bytes) {
            handler.onMessage(UDP_CLIENT, this, ByteBuffer.wrap(bytes.clone()));
        }

        void stream(byte[] bytes, int readSize) {
            TurnStreamFramer framer = new TurnStreamFramer();
            ByteBuffer view = ByteBuffer.wrap(framer.buffer());
            for (int off = 0; off < bytes.length; off += readSize) {
                framer.append(bytes, off, Math.min(readSize, bytes.length - off));
                TurnStreamFramer.Result result;
                while ((result = framer.next()) == TurnStreamFramer.Result.MESSAGE) {
                    view.limit(framer.messageOffset() + framer.messageLength()).position(framer.messageOffset());
                    handler.onMessage(TCP_CLIENT, this, view);
                    view.clear();
                }
                if (result == TurnStreamFramer.Result.MALFORMED) {
                    return;
                }
            }
        }

        /**
         * The request with its own attributes kept in order, but USERNAME, REALM, NONCE, MESSAGE-INTEGRITY and
         * FINGERPRINT replaced by valid ones; null when it is no well-formed request.
         */
        byte[] resigned(byte[] bytes) {
            StunMessage message = StunMessage.parse(bytes, 0, bytes.length);
            if (message == null || message.messageClass() != StunClass.REQUEST || bytes.length > 60_000) {
                return null;
            }
            writer.begin(message.messageType(), bytes, 8);
            for (int pos = StunMessage.HEADER_LENGTH; pos + 4 <= bytes.length; ) {
                int type = ((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF);
                int length = ((bytes[pos + 2] & 0xFF) << 8) | (bytes[pos + 3] & 0xFF);
                if (type != StunAttribute.USERNAME && type != StunAttribute.REALM && type != StunAttribute.NONCE
                        && type != StunAttribute.MESSAGE_INTEGRITY && type != StunAttribute.MESSAGE_INTEGRITY_SHA256
                        && type != StunAttribute.FINGERPRINT) {
                    writer.addBytes(type, bytes, pos + 4, length);
                }
                pos += 4 + ((length + 3) & ~3);
            }
            return sign();
        }

        void assertEverythingSentIsWellFormed() {
            for (byte[] message : messages) {
                assertThat(StunMessage.parse(message, 0, message.length)).as("a STUN message").isNotNull();
            }
            for (byte[] data : channelData) {
                assertThat(ChannelData.isComplete(data, 0, data.length)).as("ChannelData").isTrue();
            }
        }

        @Override
        public void sendMessage(ByteBuffer message) {
            messages.add(remaining(message));
        }

        @Override
        public void sendChannelData(ByteBuffer data) {
            channelData.add(remaining(data));
        }

        private static byte[] remaining(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
    }

    /** A relayed side that keeps nothing and opens no socket. */
    private record RecordingRelay(InetSocketAddress relayedAddress) implements RelayTransport {
        @Override
        public void start(RelayReceiver receiver) {
        }

        @Override
        public void send(ByteBuffer datagram, InetSocketAddress peer) {
            datagram.position(datagram.limit());
        }

        @Override
        public void close() {
        }
    }
}
