package dev.hibiki.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.SrtpCipherCtr;
import org.junit.jupiter.api.Test;

/** Published vectors: RFC 3711 B.2/B.3, RFC 7714 §16.1.1, and libsrtp's srtp_driver packets. */
class SrtpTestVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    // RFC 3711 B.3 master key/salt; libsrtp's srtp_driver uses the same for its AES-CM packet vectors.
    private static final byte[] B3_MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static final byte[] B3_MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");
    private static final byte[] B3_CIPHER_KEY = hex("C61E7A93744F39EE10734AFE3FF7A087");
    private static final byte[] B3_CIPHER_SALT = hex("30CBBC08863D8C85D49DB34A9AE1");
    private static final byte[] B3_AUTH_KEY = hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");

    // the test vectors of libsrtp's own SRTP test driver
    private static final byte[] RTP_PLAIN = hex("800f1234decafbadcafebabe" + "ab".repeat(16));
    private static final byte[] SRTP_CM = hex("800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
    private static final byte[] RTCP_PLAIN = hex("81c8000bcafebabe" + "ab".repeat(16));
    private static final byte[] SRTCP_CM_INDEX1 =
            hex("81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");
    private static final byte[] GCM_MASTER_KEY = hex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_MASTER_SALT = hex("a0a1a2a3a4a5a6a7a8a9aaab");
    private static final byte[] SRTP_GCM =
            hex("800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392");
    private static final byte[] SRTCP_GCM_INDEX1 =
            hex("81c8000bcafebabec98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e80000001");

    @Test
    void rfc3711B2AesCmKeystreamThroughJitsiCipher() throws Exception {
        SrtpBackend.describe(); // applies Hibiki's provider choice before jitsi picks one
        SrtpCipherCtr cipher = new SrtpCipherCtr(Aes.createCipher("AES/CTR/NoPadding"));
        cipher.init(hex("2B7E151628AED2A6ABF7158809CF4F3C"), null);

        byte[] keystream = new byte[48];
        cipher.setIV(hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), Cipher.ENCRYPT_MODE);
        cipher.process(keystream, 0, keystream.length);
        assertThat(HEX.formatHex(keystream)).isEqualToIgnoringCase(
                "E03EAD0935C95E80E166B16DD92B4EB4D23513162B02D0F72A43A2FE4A5F97AB41E95B3BB0A2E8DD477901E4FCA894C0");

        keystream = new byte[48];
        cipher.setIV(hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF"), Cipher.ENCRYPT_MODE);
        cipher.process(keystream, 0, keystream.length);
        assertThat(HEX.formatHex(keystream)).isEqualToIgnoringCase(
                "EC8CDF7398607CB0F2D21675EA9EA1E4362B7C3C6773516318A077D7FC5073AE6A2CC3787889374FBEB4C81B17BA6C44");
    }

    @Test
    void rfc3711B3KeyDerivationOfTheReferenceMatchesTheRfc() throws Exception {
        assertThat(ReferenceSrtp.deriveSessionKey(B3_MASTER_KEY, B3_MASTER_SALT, ReferenceSrtp.LABEL_RTP_ENCRYPTION, 16))
                .isEqualTo(B3_CIPHER_KEY);
        assertThat(ReferenceSrtp.deriveSessionKey(B3_MASTER_KEY, B3_MASTER_SALT, ReferenceSrtp.LABEL_RTP_SALT, 14))
                .isEqualTo(B3_CIPHER_SALT);
        assertThat(ReferenceSrtp.deriveSessionKey(B3_MASTER_KEY, B3_MASTER_SALT, ReferenceSrtp.LABEL_RTP_AUTH, 20))
                .isEqualTo(B3_AUTH_KEY);
    }

    @Test
    void rfc3711B3KeyDerivationOfTheSealersKdfMatchesTheRfc() throws Exception {
        assertThat(SrtpKdf.derive(B3_MASTER_KEY, B3_MASTER_SALT, SrtpKdf.LABEL_RTP_ENCRYPTION, 16)).isEqualTo(B3_CIPHER_KEY);
        assertThat(SrtpKdf.derive(B3_MASTER_KEY, B3_MASTER_SALT, SrtpKdf.LABEL_RTP_SALT, 14)).isEqualTo(B3_CIPHER_SALT);
        assertThat(SrtpKdf.derive(B3_MASTER_KEY, B3_MASTER_SALT, SrtpKdf.LABEL_RTP_AUTHENTICATION, 20)).isEqualTo(B3_AUTH_KEY);
    }

    @Test
    void aesCmPacketFromB3MasterKeyMatchesLibsrtpAndTheReferenceWithB3SessionKeys() throws Exception {
        // jitsi derives the B.3 session keys itself; the reference is handed the RFC's session keys.
        byte[] reference = ReferenceSrtp.protectAesCm(RTP_PLAIN, B3_CIPHER_KEY, B3_CIPHER_SALT, B3_AUTH_KEY);
        assertThat(reference).isEqualTo(SRTP_CM);

        try (SrtpTransformer t = loopback(SrtpProfile.AES128_CM_HMAC_SHA1_80, B3_MASTER_KEY, B3_MASTER_SALT)) {
            byte[] buf = Arrays.copyOf(RTP_PLAIN, 64);
            int len = t.protectRtp(buf, 0, RTP_PLAIN.length);
            assertThat(Arrays.copyOf(buf, len)).isEqualTo(SRTP_CM);
            assertThat(t.unprotectRtp(buf, 0, len)).isEqualTo(RTP_PLAIN.length);
            assertThat(Arrays.copyOf(buf, RTP_PLAIN.length)).isEqualTo(RTP_PLAIN);
        }
    }

    @Test
    void aesCmSrtcpMatchesLibsrtp() {
        try (SrtpTransformer t = loopback(SrtpProfile.AES128_CM_HMAC_SHA1_80, B3_MASTER_KEY, B3_MASTER_SALT)) {
            byte[] buf = protectRtcpAtIndex1(t);
            assertThat(buf).isEqualTo(SRTCP_CM_INDEX1);
            assertThat(t.unprotectRtcp(buf, 0, buf.length)).isEqualTo(RTCP_PLAIN.length);
            assertThat(Arrays.copyOf(buf, RTCP_PLAIN.length)).isEqualTo(RTCP_PLAIN);
        }
    }

    @Test
    void gcmSrtpAndSrtcpMatchLibsrtp() {
        try (SrtpTransformer t = loopback(SrtpProfile.AEAD_AES_128_GCM, GCM_MASTER_KEY, GCM_MASTER_SALT)) {
            byte[] buf = Arrays.copyOf(RTP_PLAIN, 64);
            int len = t.protectRtp(buf, 0, RTP_PLAIN.length);
            assertThat(Arrays.copyOf(buf, len)).isEqualTo(SRTP_GCM);
            assertThat(t.unprotectRtp(buf, 0, len)).isEqualTo(RTP_PLAIN.length);
            assertThat(Arrays.copyOf(buf, RTP_PLAIN.length)).isEqualTo(RTP_PLAIN);

            byte[] rtcp = protectRtcpAtIndex1(t);
            assertThat(rtcp).isEqualTo(SRTCP_GCM_INDEX1);
            assertThat(t.unprotectRtcp(rtcp, 0, rtcp.length)).isEqualTo(RTCP_PLAIN.length);
        }
    }

    /**
     * RFC 7714 §16.1.1 gives session keys, which jitsi cannot take (it always runs the KDF on a master
     * key). So the vector checks the reference GCM, and jitsi is then checked against that reference fed
     * with session keys from the reference KDF (itself checked against RFC 3711 B.3 above).
     */
    @Test
    void rfc7714GcmVectorViaTheReference() throws Exception {
        byte[] packet = hex("8040f17b8041f8d35501a0b2" + HEX.formatHex(
                "Gallia est omnis divisa in partes tres".getBytes(StandardCharsets.US_ASCII)));
        byte[] sessionKey = hex("000102030405060708090a0b0c0d0e0f");
        byte[] sessionSalt = hex("517569642070726f2071756f");
        assertThat(ReferenceSrtp.protectGcm(packet, sessionKey, sessionSalt)).isEqualTo(hex(
                "8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bcabe633bd50d294e6f42a5f47a51c7d19b36de3adf8833"
                        + "899d7f27beb16a9152cf765ee4390cce"));

        byte[] derivedKey = ReferenceSrtp.deriveSessionKey(GCM_MASTER_KEY, GCM_MASTER_SALT,
                ReferenceSrtp.LABEL_RTP_ENCRYPTION, 16);
        byte[] derivedSalt = ReferenceSrtp.deriveSessionKey(GCM_MASTER_KEY, GCM_MASTER_SALT,
                ReferenceSrtp.LABEL_RTP_SALT, 12);
        byte[] expected = ReferenceSrtp.protectGcm(packet, derivedKey, derivedSalt);
        try (SrtpTransformer t = loopback(SrtpProfile.AEAD_AES_128_GCM, GCM_MASTER_KEY, GCM_MASTER_SALT)) {
            byte[] buf = Arrays.copyOf(packet, packet.length + 16);
            assertThat(t.protectRtp(buf, 0, packet.length)).isEqualTo(expected.length);
            assertThat(buf).isEqualTo(expected);
        }
    }

    /** Our SRTCP index starts at 0 while libsrtp's vectors show index 1: the second packet is compared. */
    private static byte[] protectRtcpAtIndex1(SrtpTransformer t) {
        byte[] first = Arrays.copyOf(RTCP_PLAIN, 64);
        assertThat(t.protectRtcp(first, 0, RTCP_PLAIN.length)).isPositive();
        byte[] second = Arrays.copyOf(RTCP_PLAIN, 64);
        int len = t.protectRtcp(second, 0, RTCP_PLAIN.length);
        return Arrays.copyOf(second, len);
    }

    /** Sends and receives with the same master key, as the vectors are written for one party. */
    static SrtpTransformer loopback(SrtpProfile profile, byte[] key, byte[] salt) {
        return new SrtpTransformer(SrtpKeys.of(profile, key, salt, key, salt));
    }

    static byte[] hex(String s) {
        return HEX.parseHex(s);
    }
}
