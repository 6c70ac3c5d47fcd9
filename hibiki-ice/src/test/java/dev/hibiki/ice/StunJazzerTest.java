package dev.hibiki.ice;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hibiki.ice.TestDoubles.ManualClock;
import dev.hibiki.ice.TestDoubles.MapRegistry;
import dev.hibiki.ice.TestDoubles.RecordingListener;
import dev.hibiki.ice.TestDoubles.RecordingTransport;
import dev.hibiki.ice.TestDoubles.Sent;
import dev.hibiki.ice.stun.StunAttribute;
import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;

/**
 * Coverage-guided fuzzing (Jazzer, docs/FUZZING.md) of the STUN codec and of what an ICE-lite session does with a
 * datagram on the shared port. {@link StunMessage#wrap} documents no exception: garbage yields false and an empty
 * view, a message it accepts answers every accessor. A Binding request then reaches a session as
 * {@link UdpIceServer} routes it, once as sent and once re-signed with the session's password, so that mutations
 * get past MESSAGE-INTEGRITY and FINGERPRINT into the checks behind them; every answer the session sends must be
 * well-formed STUN for the same transaction. Without {@code JAZZER_FUZZ} only the committed inputs under
 * {@code StunJazzerTestInputs} run.
 */
class StunJazzerTest {
    static final IceCredentials SERVER = new IceCredentials("srvUfrag", "serverPassword0123456789");
    private static final String BROWSER_UFRAG = "brws";
    private static final IceSettings SETTINGS =
            new IceSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1));
    private static final InetSocketAddress BROWSER =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 54321);

    @FuzzTest(maxDuration = "10m")
    void datagram(byte[] data) {
        DatagramKind.classify(data, 0, data.length);
        StunMessage message = new StunMessage();
        boolean valid = message.wrap(data, 0, data.length);
        assertThat(StunMessage.parse(data, 0, data.length) != null).isEqualTo(valid);
        if (!valid) {
            assertThat(message.isValid()).isFalse();
            assertThat(message.messageType()).isEqualTo(-1);
            return;
        }
        readEverything(message);
        answer(data, false);
        answer(data, true);
        byte[] signed = resigned(data);
        if (signed != null) {
            answer(signed, false);
            answer(signed, true);
        }
    }

    private static void readEverything(StunMessage m) {
        assertThat(m.length()).isEqualTo(m.buffer().length);
        m.method();
        m.messageClass();
        m.transactionId();
        m.username();
        m.usernameLocalPart();
        m.usernameRemotePart();
        m.usernameEquals(new byte[0], new byte[0]);
        m.usernameLocalPartEquals(new byte[0]);
        m.priority();
        m.iceControllingTieBreaker();
        m.iceControlledTieBreaker();
        // class (3 bits) * 100 + number (8 bits): the view reports what the bytes say, RFC 8489's 300-699 or not
        assertThat(m.errorCode()).isBetween(-1, 7 * 100 + 255);
        m.errorReason();
        m.software();
        m.xorMappedAddress();
        for (int i = 0; i < m.unknownComprehensionRequiredCount(); i++) {
            assertThat(StunAttribute.isComprehensionRequired(m.unknownComprehensionRequired(i))).isTrue();
        }
        m.checkFingerprint();
        m.checkMessageIntegrity(StunCredentials.shortTermKey(SERVER.password()));
    }

    /** What {@link UdpIceServer} does with a STUN datagram for a session that exists, answers included. */
    private static void answer(byte[] datagram, boolean remoteCredentialsKnown) {
        StunMessage request = new StunMessage();
        if (!request.wrap(datagram, 0, datagram.length) || !request.isBindingRequest()
                || !SERVER.ufrag().equals(request.usernameLocalPart())) {
            return;
        }
        IceLiteSession session =
                new IceLiteSession(SERVER, SETTINGS, new ManualClock(), new MapRegistry(), new RecordingListener());
        if (remoteCredentialsKnown) {
            session.setRemoteCredentials(BROWSER_UFRAG, "browserPassword0123456789");
        }
        RecordingTransport transport = new RecordingTransport();
        BindingOutcome outcome = session.handleBindingRequest(request, BROWSER, transport);
        assertThat(outcome).isNotNull();
        for (Sent sent : transport.sent) {
            StunMessage response = StunMessage.parse(sent.bytes(), 0, sent.bytes().length);
            assertThat(response).as("the session's answer is well-formed STUN").isNotNull();
            assertThat(response.transactionId()).isEqualTo(request.transactionId());
            assertThat(response.checkFingerprint()).isTrue();
            assertThat(sent.to()).isEqualTo(BROWSER);
        }
        session.close();
    }

    /**
     * A copy whose first MESSAGE-INTEGRITY and trailing FINGERPRINT are recomputed with the server's password, as a
     * browser holding it would have sent them; null when the message has neither.
     */
    private static byte[] resigned(byte[] datagram) {
        int integrity = -1;
        int fingerprint = -1;
        for (int pos = StunMessage.HEADER_LENGTH; pos + 4 <= datagram.length; ) {
            int type = u16(datagram, pos);
            int length = u16(datagram, pos + 2);
            if (type == StunAttribute.MESSAGE_INTEGRITY && integrity < 0 && length == 20) {
                integrity = pos;
            } else if (type == StunAttribute.FINGERPRINT && length == 4) {
                fingerprint = pos;
            }
            pos += 4 + ((length + 3) & ~3);
        }
        if (integrity < 0 && fingerprint < 0) {
            return null;
        }
        byte[] b = Arrays.copyOf(datagram, datagram.length);
        if (integrity >= 0) {
            // RFC 8489 section 14.5: the header length counts up to the end of MESSAGE-INTEGRITY.
            int adjustedLength = integrity + 24 - StunMessage.HEADER_LENGTH;
            Mac mac = StunCredentials.hmacSha1(StunCredentials.shortTermKey(SERVER.password()));
            mac.update(b, 0, 2);
            mac.update((byte) (adjustedLength >>> 8));
            mac.update((byte) adjustedLength);
            mac.update(b, 4, integrity - 4);
            System.arraycopy(mac.doFinal(), 0, b, integrity + 4, 20);
        }
        if (fingerprint >= 0) {
            CRC32 crc = new CRC32();
            crc.update(b, 0, fingerprint);
            int value = (int) crc.getValue() ^ 0x5354554E;
            b[fingerprint + 4] = (byte) (value >>> 24);
            b[fingerprint + 5] = (byte) (value >>> 16);
            b[fingerprint + 6] = (byte) (value >>> 8);
            b[fingerprint + 7] = (byte) value;
        }
        return b;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
