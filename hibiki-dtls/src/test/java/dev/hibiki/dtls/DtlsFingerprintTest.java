package dev.hibiki.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DtlsFingerprintTest {
    /** SHA-256 of the ASCII bytes "abc" (FIPS 180-2 example). */
    private static final String ABC_SHA256 =
            "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";

    @Test
    void formatsAsSdpWithUpperCaseColonSeparatedHex() {
        DtlsFingerprint f = DtlsFingerprint.sha256("abc".getBytes());
        assertThat(f.toSdpValue()).isEqualTo("sha-256 " + ABC_SHA256);
        assertThat(f.algorithm()).isEqualTo("sha-256");
    }

    @Test
    void parsesChromiumStyleValuesInAnyCase() {
        DtlsFingerprint expected = DtlsFingerprint.sha256("abc".getBytes());
        assertThat(DtlsFingerprint.parse("sha-256 " + ABC_SHA256)).isEqualTo(expected);
        assertThat(DtlsFingerprint.parse("SHA-256 " + ABC_SHA256.toLowerCase())).isEqualTo(expected);
        assertThat(DtlsFingerprint.parse("a=fingerprint:sha-256 " + ABC_SHA256 + "\r\n")).isEqualTo(expected);
        assertThat(DtlsFingerprint.parse(expected.toSdpValue()).matches("abc".getBytes())).isTrue();
        assertThat(expected.matches("abd".getBytes())).isFalse();
    }

    @Test
    void acceptsOtherHashes() {
        for (String alg : new String[] {"sha-1", "sha-224", "sha-384", "sha-512"}) {
            DtlsFingerprint f = DtlsFingerprint.of(alg, "abc".getBytes());
            assertThat(DtlsFingerprint.parse(f.toSdpValue())).isEqualTo(f);
            assertThat(f.matches("abc".getBytes())).isTrue();
        }
        assertThat(DtlsFingerprint.parse("sha-1 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D").digest())
                .isEqualTo(HexFormat.of().parseHex("a9993e364706816aba3e25717850c26c9cd0d89d"));
    }

    @Test
    void rejectsMalformedValues() {
        for (String bad : new String[] {
            "", "sha-256", "md5 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
            "sha-256 " + ABC_SHA256.substring(3), // 31 bytes
            "sha-256 " + ABC_SHA256.replace(':', '-'),
            "sha-256 " + ABC_SHA256.replace("BA", "BG"),
            "sha-256 " + ABC_SHA256 + ":00",
        }) {
            assertThatThrownBy(() -> DtlsFingerprint.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> DtlsFingerprint.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
