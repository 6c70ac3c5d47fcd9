package dev.hibiki.ice.stun;

import static dev.hibiki.ice.stun.Rfc5769Vectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StunMessageTest {
    private static final byte[] KEY = StunCredentials.shortTermKey(PASSWORD);
    /** Offsets inside the RFC 5769 sample request. */
    private static final int USERNAME_VALUE = 64;
    private static final int INTEGRITY_VALUE = 80;
    private static final int FINGERPRINT_VALUE = 104;

    @Test
    void wrongPasswordFailsIntegrityButNotFingerprint() {
        StunMessage message = StunMessage.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length);

        assertThat(message.checkMessageIntegrity(StunCredentials.shortTermKey("VOkJxbRl1RmTxUk/WvJxBu"))).isFalse();
        assertThat(message.checkFingerprint()).isTrue();
    }

    @Test
    void tamperedBodyFailsBothChecks() {
        byte[] tampered = SAMPLE_REQUEST.clone();
        tampered[USERNAME_VALUE] ^= 0x01; // "evtj" -> "dvtj"
        StunMessage message = StunMessage.parse(tampered, 0, tampered.length);

        assertThat(message).isNotNull();
        assertThat(message.username()).isEqualTo("dvtj:h6vY");
        assertThat(message.checkMessageIntegrity(KEY)).isFalse();
        assertThat(message.checkFingerprint()).isFalse();
    }

    @Test
    void tamperedIntegrityValueFailsIntegrity() {
        byte[] tampered = SAMPLE_REQUEST.clone();
        tampered[INTEGRITY_VALUE + 19] ^= (byte) 0x80;
        StunMessage message = StunMessage.parse(tampered, 0, tampered.length);

        assertThat(message.checkMessageIntegrity(KEY)).isFalse();
        assertThat(message.checkFingerprint()).as("FINGERPRINT covers MESSAGE-INTEGRITY").isFalse();
    }

    @Test
    void tamperedFingerprintOnlyFailsFingerprint() {
        byte[] tampered = SAMPLE_REQUEST.clone();
        tampered[FINGERPRINT_VALUE] ^= 0x10;
        StunMessage message = StunMessage.parse(tampered, 0, tampered.length);

        assertThat(message.checkFingerprint()).isFalse();
        assertThat(message.checkMessageIntegrity(KEY)).isTrue();
    }

    @Test
    void missingChecksReportFalse() {
        byte[] bare = new StunMessageWriter(64).begin(StunMessageType.BINDING_REQUEST, TRANSACTION_ID, 0).toByteArray();
        StunMessage message = StunMessage.parse(bare, 0, bare.length);

        assertThat(message).isNotNull();
        assertThat(message.hasMessageIntegrity()).isFalse();
        assertThat(message.checkMessageIntegrity(KEY)).isFalse();
        assertThat(message.hasFingerprint()).isFalse();
        assertThat(message.checkFingerprint()).isFalse();
        assertThat(message.hasUsername()).isFalse();
        assertThat(message.usernameLocalPart()).isNull();
        assertThat(message.priority()).isEqualTo(-1);
        assertThat(message.errorCode()).isEqualTo(-1);
        assertThat(message.xorMappedAddress()).isNull();
    }

    @Test
    void everyTruncationIsRejected() {
        StunMessage message = new StunMessage();
        for (int len = 0; len < SAMPLE_REQUEST.length; len++) {
            assertThat(message.wrap(SAMPLE_REQUEST, 0, len)).as("length %d", len).isFalse();
            assertThat(message.isValid()).isFalse();
        }
    }

    @Test
    void framingViolationsAreRejected() {
        assertThat(parse(with(SAMPLE_REQUEST, 0, (byte) 0x40))).as("top bits set").isNull();
        assertThat(parse(with(SAMPLE_REQUEST, 4, (byte) 0x22))).as("no magic cookie").isNull();
        assertThat(parse(with(SAMPLE_REQUEST, 3, (byte) 0x5C))).as("length too long").isNull();
        assertThat(parse(with(SAMPLE_REQUEST, 3, (byte) 0x59))).as("length not a multiple of 4").isNull();
        assertThat(parse(with(SAMPLE_REQUEST, 23, (byte) 0xF0))).as("attribute overruns the message").isNull();
        assertThat(StunMessage.parse(null, 0, 20)).isNull();
        assertThat(StunMessage.parse(SAMPLE_REQUEST, -1, 20)).isNull();
        assertThat(StunMessage.parse(SAMPLE_REQUEST, 100, 20)).isNull();
        assertThat(StunMessage.parse(SAMPLE_REQUEST, 0, Integer.MAX_VALUE)).isNull();
    }

    @Test
    void knownAttributeWithWrongLengthIsRejected() {
        byte[] message = new StunMessageWriter(64).begin(StunMessageType.BINDING_REQUEST, TRANSACTION_ID, 0)
                .addBytes(StunAttribute.PRIORITY, new byte[5], 0, 5)
                .toByteArray();

        assertThat(parse(message)).isNull();
    }

    @Test
    void nothingMayFollowFingerprint() {
        byte[] message = new StunMessageWriter(128).begin(StunMessageType.BINDING_REQUEST, TRANSACTION_ID, 0)
                .addFingerprint()
                .addSoftware("late")
                .toByteArray();

        assertThat(parse(message)).isNull();
    }

    @Test
    void attributesAfterIntegrityAreIgnored() {
        byte[] message = new StunMessageWriter(128).begin(StunMessageType.BINDING_REQUEST, TRANSACTION_ID, 0)
                .addUsername("a:b")
                .addMessageIntegrity(KEY)
                .addUsername("x:y")
                .addUseCandidate()
                .addBytes(0x0777, new byte[4], 0, 4)
                .toByteArray();
        StunMessage parsed = parse(message);

        assertThat(parsed).isNotNull();
        assertThat(parsed.username()).isEqualTo("a:b");
        assertThat(parsed.hasUseCandidate()).isFalse();
        assertThat(parsed.unknownComprehensionRequiredCount()).isZero();
        assertThat(parsed.checkMessageIntegrity(KEY)).isTrue();
    }

    @Test
    void unknownAttributesAreSkippedAndRequiredOnesReported() {
        byte[] message = new StunMessageWriter(128).begin(StunMessageType.BINDING_REQUEST, TRANSACTION_ID, 0)
                .addBytes(0xC057, new byte[] {0, 1, 0, 0}, 0, 4) // GOOG-NETWORK-INFO: comprehension-optional
                .addBytes(0x0777, new byte[3], 0, 3)
                .addUsername("abc:def")
                .addMessageIntegrity(KEY)
                .addFingerprint()
                .toByteArray();
        StunMessage parsed = parse(message);

        assertThat(parsed).isNotNull();
        assertThat(parsed.username()).isEqualTo("abc:def");
        assertThat(parsed.unknownComprehensionRequiredCount()).isEqualTo(1);
        assertThat(parsed.unknownComprehensionRequired(0)).isEqualTo(0x0777);
        assertThat(parsed.checkMessageIntegrity(KEY)).isTrue();
        assertThat(parsed.checkFingerprint()).isTrue();
    }

    @Test
    void errorResponseRoundTrips() {
        byte[] message = new StunMessageWriter(128).begin(StunMessageType.BINDING_ERROR_RESPONSE, TRANSACTION_ID, 0)
                .addErrorCode(StunErrorCode.ROLE_CONFLICT, "Role Conflict")
                .addUnknownAttributes(new int[] {0x0777, 0x0888}, 2)
                .addMessageIntegrity(KEY)
                .addFingerprint()
                .toByteArray();
        StunMessage parsed = parse(message);

        assertThat(parsed.messageClass()).isEqualTo(StunClass.ERROR_RESPONSE);
        assertThat(parsed.errorCode()).isEqualTo(487);
        assertThat(parsed.errorReason()).isEqualTo("Role Conflict");
        assertThat(parsed.checkMessageIntegrity(KEY)).isTrue();
        assertThat(parsed.checkFingerprint()).isTrue();
    }

    @Test
    void iceAttributesRoundTrip() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 65535);
        byte[] message = new StunMessageWriter(256).begin(StunMessageType.BINDING_REQUEST, TRANSACTION_ID, 0)
                .addUsername("local:remote")
                .addIceControlling(-2L)
                .addPriority(0xFFFFFFFFL)
                .addUseCandidate()
                .addXorMappedAddress(v6)
                .addMessageIntegrity(KEY)
                .addFingerprint()
                .toByteArray();
        StunMessage parsed = parse(message);

        assertThat(parsed.hasIceControlling()).isTrue();
        assertThat(parsed.iceControllingTieBreaker()).isEqualTo(-2L);
        assertThat(parsed.priority()).isEqualTo(0xFFFFFFFFL);
        assertThat(parsed.hasUseCandidate()).isTrue();
        assertThat(parsed.xorMappedAddress()).isEqualTo(v6);
        assertThat(parsed.usernameEquals("local".getBytes(), "remote".getBytes())).isTrue();
        assertThat(parsed.usernameEquals("local".getBytes(), "remot".getBytes())).isFalse();
        assertThat(parsed.usernameEquals("loca".getBytes(), "remote".getBytes())).isFalse();
        assertThat(parsed.usernameLocalPartEquals("local".getBytes())).isTrue();
    }

    @Test
    void attributesTheViewDoesNotRecordAreFoundInOrderUpToIntegrity() throws Exception {
        int peerType = 0x0012;
        int lifetimeType = 0x000D;
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 4000);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 5000);
        byte[] id = new byte[12];
        id[0] = 9;
        byte[] wire = new StunMessageWriter(256).begin(0x0008, id, 0)
                .addXorAddress(peerType, v4)
                .addUint32(lifetimeType, 600)
                .addXorAddress(peerType, v6)
                .addString(StunAttribute.REALM, "hibiki")
                .addMessageIntegrity(KEY)
                .addXorAddress(peerType, v4) // after MESSAGE-INTEGRITY: ignored
                .toByteArray();
        StunMessage message = StunMessage.parse(wire, 0, wire.length);

        int first = message.findAttribute(peerType);
        int second = message.findAttribute(peerType, first);
        assertThat(message.xorAddressAt(first)).isEqualTo(v4);
        assertThat(message.xorAddressAt(second)).isEqualTo(v6);
        assertThat(message.findAttribute(peerType, second)).isEqualTo(-1);
        int lifetime = message.findAttribute(lifetimeType);
        assertThat(message.attributeLength(lifetime)).isEqualTo(4);
        assertThat(wire[lifetime + 2] & 0xFF).isEqualTo(600 >> 8);
        assertThat(wire[lifetime + 3] & 0xFF).isEqualTo(600 & 0xFF);
        assertThat(message.stringAttribute(StunAttribute.REALM)).isEqualTo("hibiki");
        assertThat(message.stringAttribute(StunAttribute.NONCE)).isNull();
        assertThat(message.checkMessageIntegrity(KEY)).isTrue();
    }

    @Test
    void xorAddressOfAWrongLengthIsNull() {
        byte[] id = new byte[12];
        byte[] wire = new StunMessageWriter(64).begin(0x0008, id, 0)
                .addBytes(0x0012, new byte[6], 0, 6).toByteArray();
        StunMessage message = StunMessage.parse(wire, 0, wire.length);

        assertThat(message.xorAddressAt(message.findAttribute(0x0012))).isNull();
    }

    @Test
    void messageTypeBitsInterleave() {
        for (StunClass stunClass : StunClass.values()) {
            for (int method : new int[] {0x001, 0x003, 0x00A, 0xFFF}) {
                int type = StunMessageType.compose(method, stunClass);
                assertThat(StunMessageType.method(type)).isEqualTo(method);
                assertThat(StunClass.of(type)).isEqualTo(stunClass);
            }
        }
        assertThat(StunMessageType.compose(StunMessageType.METHOD_BINDING, StunClass.REQUEST)).isEqualTo(0x0001);
        assertThat(StunMessageType.compose(StunMessageType.METHOD_BINDING, StunClass.INDICATION)).isEqualTo(0x0011);
        assertThat(StunMessageType.compose(StunMessageType.METHOD_BINDING, StunClass.SUCCESS_RESPONSE))
                .isEqualTo(0x0101);
        assertThat(StunMessageType.compose(StunMessageType.METHOD_BINDING, StunClass.ERROR_RESPONSE))
                .isEqualTo(0x0111);
    }

    @Test
    void writerOverflowIsAProgrammingError() {
        StunMessageWriter writer = new StunMessageWriter(32).begin(StunMessageType.BINDING_REQUEST, TRANSACTION_ID, 0);

        assertThatThrownBy(() -> writer.addSoftware("far too long for thirty-two bytes"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fuzzedInputNeverThrows() {
        Random random = new Random(5769);
        StunMessage message = new StunMessage();
        byte[][] seeds = {SAMPLE_REQUEST, IPV4_RESPONSE, IPV6_RESPONSE, LONG_TERM_REQUEST};
        int accepted = 0;
        for (int round = 0; round < 200_000; round++) {
            byte[] input;
            switch (round % 4) {
                case 0 -> { // pure noise
                    input = new byte[random.nextInt(200)];
                    random.nextBytes(input);
                }
                case 1 -> { // noise behind a plausible header
                    input = new byte[20 + 4 * random.nextInt(40)];
                    random.nextBytes(input);
                    input[0] &= 0x01;
                    input[2] = (byte) ((input.length - 20) >>> 8);
                    input[3] = (byte) (input.length - 20);
                    input[4] = 0x21;
                    input[5] = 0x12;
                    input[6] = (byte) 0xA4;
                    input[7] = 0x42;
                }
                case 2 -> { // a vector with a few bytes flipped
                    input = seeds[random.nextInt(seeds.length)].clone();
                    for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                    }
                }
                default -> { // a vector truncated or extended, with the length field made to agree
                    byte[] seed = seeds[random.nextInt(seeds.length)];
                    input = Arrays.copyOf(seed, 20 + 4 * random.nextInt((seed.length + 8) / 4 - 4));
                    input[2] = (byte) ((input.length - 20) >>> 8);
                    input[3] = (byte) (input.length - 20);
                }
            }
            if (message.wrap(input, 0, input.length)) {
                accepted++;
                touchEverything(message);
            }
        }
        assertThat(accepted).as("the fuzzer reaches the attribute code").isGreaterThan(1000);
    }

    private static void touchEverything(StunMessage m) {
        m.messageClass();
        m.method();
        m.transactionId();
        m.username();
        m.usernameLocalPart();
        m.usernameRemotePart();
        m.usernameEquals(new byte[] {'a'}, new byte[] {'b'});
        m.priority();
        m.iceControllingTieBreaker();
        m.iceControlledTieBreaker();
        m.errorCode();
        m.errorReason();
        m.software();
        m.xorMappedAddress();
        for (int at = m.findAttribute(0x0012); at >= 0; at = m.findAttribute(0x0012, at)) {
            m.xorAddressAt(at);
        }
        m.stringAttribute(StunAttribute.REALM);
        for (int i = 0; i < m.unknownComprehensionRequiredCount(); i++) {
            m.unknownComprehensionRequired(i);
        }
        m.checkMessageIntegrity(KEY);
        m.checkFingerprint();
    }

    private static StunMessage parse(byte[] message) {
        return StunMessage.parse(message, 0, message.length);
    }

    private static byte[] with(byte[] original, int index, byte value) {
        byte[] copy = original.clone();
        copy[index] = value;
        return copy;
    }
}
