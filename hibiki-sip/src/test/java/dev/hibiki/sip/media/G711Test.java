package dev.hibiki.sip.media;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class G711Test {
    @Test
    void decodesTheReferenceValues() {
        assertThat(G711.ulawToLinear(0xFF)).isZero();
        assertThat(G711.ulawToLinear(0x7F)).isZero();
        assertThat(G711.ulawToLinear(0x00)).isEqualTo(-32124);
        assertThat(G711.ulawToLinear(0x80)).isEqualTo(32124);
        assertThat(G711.alawToLinear(0xD5)).isEqualTo(8);
        assertThat(G711.alawToLinear(0x55)).isEqualTo(-8);
        assertThat(G711.alawToLinear(0xAA)).isEqualTo(32256);
        assertThat(G711.alawToLinear(0x2A)).isEqualTo(-32256);
    }

    @Test
    void decodesIntoFloats() {
        float[] out = new float[2];
        G711.decode(G711.PCMU, new byte[] {(byte) 0xFF, (byte) 0x80}, 0, 2, out, 0);
        assertThat(out[0]).isZero();
        assertThat(out[1]).isCloseTo(32124 / 32768f, org.assertj.core.data.Offset.offset(1e-6f));
    }
}
