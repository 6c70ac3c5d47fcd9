package dev.hibiki.ice.stun;

import static dev.hibiki.ice.stun.Rfc5769Vectors.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** RFC 5769: every vector parses, verifies, and is re-encoded byte for byte. */
class StunVectorTest {
    private static final byte[] KEY = StunCredentials.shortTermKey(PASSWORD);

    @Test
    void sampleRequestParsesAndVerifies() {
        StunMessage message = StunMessage.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length);

        assertThat(message).isNotNull();
        assertThat(message.isBindingRequest()).isTrue();
        assertThat(message.messageClass()).isEqualTo(StunClass.REQUEST);
        assertThat(message.method()).isEqualTo(StunMessageType.METHOD_BINDING);
        assertThat(message.transactionId()).isEqualTo(TRANSACTION_ID);
        assertThat(message.software()).isEqualTo("STUN test client");
        assertThat(message.username()).isEqualTo("evtj:h6vY");
        assertThat(message.usernameLocalPart()).isEqualTo("evtj");
        assertThat(message.usernameRemotePart()).isEqualTo("h6vY");
        assertThat(message.priority()).isEqualTo(0x6e0001ffL);
        assertThat(message.hasIceControlled()).isTrue();
        assertThat(message.iceControlledTieBreaker()).isEqualTo(0x932ff9b151263b36L);
        assertThat(message.hasIceControlling()).isFalse();
        assertThat(message.hasUseCandidate()).isFalse();
        assertThat(message.unknownComprehensionRequiredCount()).isZero();
        assertThat(message.checkMessageIntegrity(KEY)).isTrue();
        assertThat(message.checkFingerprint()).isTrue();
    }

    @Test
    void sampleRequestEncodesByteExact() {
        byte[] encoded = new StunMessageWriter(256).paddingByte(' ')
                .begin(StunMessageType.BINDING_REQUEST, TRANSACTION_ID, 0)
                .addSoftware("STUN test client")
                .addPriority(0x6e0001ffL)
                .addIceControlled(0x932ff9b151263b36L)
                .addUsername("evtj:h6vY")
                .addMessageIntegrity(KEY)
                .addFingerprint()
                .toByteArray();

        assertThat(encoded).isEqualTo(SAMPLE_REQUEST);
    }

    @Test
    void ipv4ResponseParsesAndEncodesByteExact() throws Exception {
        StunMessage message = StunMessage.parse(IPV4_RESPONSE, 0, IPV4_RESPONSE.length);
        InetSocketAddress mapped = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);

        assertThat(message).isNotNull();
        assertThat(message.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(message.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(message.software()).isEqualTo("test vector");
        assertThat(message.xorMappedAddress()).isEqualTo(mapped);
        assertThat(message.checkMessageIntegrity(KEY)).isTrue();
        assertThat(message.checkFingerprint()).isTrue();

        byte[] encoded = new StunMessageWriter(256).paddingByte(' ')
                .begin(StunMessageType.BINDING_SUCCESS_RESPONSE, TRANSACTION_ID, 0)
                .addSoftware("test vector")
                .addXorMappedAddress(mapped)
                .addMessageIntegrity(KEY)
                .addFingerprint()
                .toByteArray();
        assertThat(encoded).isEqualTo(IPV4_RESPONSE);
    }

    @Test
    void ipv6ResponseParsesAndEncodesByteExact() throws Exception {
        StunMessage message = StunMessage.parse(IPV6_RESPONSE, 0, IPV6_RESPONSE.length);
        InetSocketAddress mapped =
                new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);

        assertThat(message).isNotNull();
        assertThat(message.xorMappedAddress()).isEqualTo(mapped);
        assertThat(message.checkMessageIntegrity(KEY)).isTrue();
        assertThat(message.checkFingerprint()).isTrue();

        byte[] encoded = new StunMessageWriter(256).paddingByte(' ')
                .begin(StunMessageType.BINDING_SUCCESS_RESPONSE, TRANSACTION_ID, 0)
                .addSoftware("test vector")
                .addXorMappedAddress(mapped)
                .addMessageIntegrity(KEY)
                .addFingerprint()
                .toByteArray();
        assertThat(encoded).isEqualTo(IPV6_RESPONSE);
    }

    @Test
    void longTermCredentialRequestVerifiesAndEncodesByteExact() {
        byte[] key = StunCredentials.longTermKey(LONG_TERM_USERNAME, LONG_TERM_REALM, LONG_TERM_PASSWORD);
        StunMessage message = StunMessage.parse(LONG_TERM_REQUEST, 0, LONG_TERM_REQUEST.length);

        assertThat(message).isNotNull();
        assertThat(message.username()).isEqualTo(LONG_TERM_USERNAME);
        assertThat(message.unknownComprehensionRequiredCount()).as("NONCE and REALM are known").isZero();
        assertThat(message.hasFingerprint()).isFalse();
        assertThat(message.checkMessageIntegrity(key)).isTrue();

        byte[] transactionId = new byte[12];
        System.arraycopy(LONG_TERM_REQUEST, 8, transactionId, 0, 12);
        byte[] encoded = new StunMessageWriter(256)
                .begin(StunMessageType.BINDING_REQUEST, transactionId, 0)
                .addUsername(LONG_TERM_USERNAME)
                .addString(StunAttribute.NONCE, LONG_TERM_NONCE)
                .addString(StunAttribute.REALM, LONG_TERM_REALM)
                .addMessageIntegrity(key)
                .toByteArray();
        assertThat(encoded).isEqualTo(LONG_TERM_REQUEST);
    }

    @Test
    void vectorsParseAtAnOffsetInsideALargerBuffer() {
        byte[] padded = new byte[SAMPLE_REQUEST.length + 37];
        System.arraycopy(SAMPLE_REQUEST, 0, padded, 13, SAMPLE_REQUEST.length);
        StunMessage message = new StunMessage();

        assertThat(message.wrap(padded, 13, SAMPLE_REQUEST.length)).isTrue();
        assertThat(message.username()).isEqualTo("evtj:h6vY");
        assertThat(message.checkMessageIntegrity(KEY)).isTrue();
        assertThat(message.checkFingerprint()).isTrue();
    }
}
