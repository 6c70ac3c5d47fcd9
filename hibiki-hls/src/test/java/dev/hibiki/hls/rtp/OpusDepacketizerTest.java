package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OpusDepacketizerTest {
    @Test
    void everyPacketIsAFrameAndLossesAreLeftToTheDecoder() {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // TOC 0x78: SILK-only wideband 20 ms frame, mono, one frame; then some bytes
            byte[] payload = {0x78, (byte) i, (byte) (i * 3), 0x11};
            packets.add(Rtp.packet(111, 65_530 + i & 0xFFFF, 0xFFFF_FFFFL - 960 * 3 + 960L * i & 0xFFFF_FFFFL,
                    Rtp.SSRC, i == 0, payload));
        }
        packets.add(Rtp.packet(111, 14, 0, Rtp.SSRC, false, new byte[0]));
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.OPUS).feed(Pipeline.without(packets, 65_535));
        assertThat(pipeline.frames).hasSize(19);
        EncodedFrame first = pipeline.frames.get(0);
        assertThat(first.codec()).isEqualTo(EncodedFrame.Codec.OPUS);
        assertThat(first.clockRate()).isEqualTo(48_000);
        assertThat(first.keyframe()).isTrue();
        assertThat(first.data()).containsExactly(0x78, 0, 0, 0x11);
        assertThat(pipeline.frames.get(18).rtpTimestamp() - first.rtpTimestamp()).isEqualTo(19 * 960L);
        assertThat(pipeline.keyframeRequests).isZero();
    }
}
