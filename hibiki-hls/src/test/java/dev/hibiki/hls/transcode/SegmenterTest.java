package dev.hibiki.hls.transcode;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class SegmenterTest {
    @Test
    void implicitIvIsTheMediaSequenceNumberBigEndian() {
        // RFC 8216 §5.2: "the Media Sequence Number is to be used as the IV ... big-endian binary representation
        // into a 16-octet (128-bit) buffer"
        assertThat(HexFormat.of().formatHex(Segmenter.sequenceIv(1))).isEqualTo("00000000000000000000000000000001");
        assertThat(HexFormat.of().formatHex(Segmenter.sequenceIv(0x0102030405060708L)))
                .isEqualTo("00000000000000000102030405060708");
    }
}
