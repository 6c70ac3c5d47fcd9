package dev.hibiki.hls.playlist;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentCipherTest {
    private static final HexFormat HEX = HexFormat.of();

    /** NIST SP 800-38A F.2.1 (CBC-AES128.Encrypt); PKCS#7 then adds one block of padding. */
    @Test
    void matchesTheNistCbcVector() {
        byte[] key = HEX.parseHex("2b7e151628aed2a6abf7158809cf4f3c");
        byte[] iv = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] plain = HEX.parseHex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
        byte[] encrypted = SegmentCipher.encrypt(key, iv, plain);
        assertThat(encrypted).hasSize(80);
        assertThat(HEX.formatHex(Arrays.copyOf(encrypted, 64))).isEqualTo(
                "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"
                        + "73bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7");
        assertThat(SegmentCipher.decrypt(key, iv, encrypted)).isEqualTo(plain);
    }

    @Test
    void padsAnySegmentLength() {
        byte[] key = new byte[16];
        byte[] iv = SegmentKey.ivForSequence(42);
        byte[] segment = new byte[188 * 7];
        Arrays.fill(segment, (byte) 0x47);
        byte[] encrypted = SegmentCipher.encrypt(key, iv, segment);
        assertThat(encrypted.length % 16).isZero();
        assertThat(SegmentCipher.decrypt(key, iv, encrypted)).isEqualTo(segment);
        assertThatThrownBy(() -> SegmentCipher.encrypt(new byte[8], iv, segment))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildsImageFluxKeyUris() {
        assertThat(SegmentKey.keyUri("https://example.com/key", "abc")).isEqualTo("https://example.com/key?kid=abc");
        assertThat(SegmentKey.keyUri("https://example.com/key?s=1", "abc"))
                .isEqualTo("https://example.com/key?s=1&kid=abc");
        assertThat(SegmentKey.keyUri("https://example.com/key?", "abc")).isEqualTo("https://example.com/key?kid=abc");
        assertThat(SegmentKey.keyUri("https://example.com/key#f", "a b")).isEqualTo("https://example.com/key?kid=a+b#f");
        assertThat(HEX.formatHex(SegmentKey.ivForSequence(0x0102))).isEqualTo("00000000000000000000000000000102");
    }
}
