package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Vp9DepacketizerTest {
    private static final List<byte[]> FRAMES = Samples.ivfFrames(Samples.resource("testsrc-320x240.vp9.ivf"));
    private static final long TS = 90_000L;

    @Test
    void reassemblesEveryFrameOfARealStreamInFlexibleMode() {
        assertThat(FRAMES).hasSize(12);
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP9).feed(TestPacketizers.vp9(FRAMES, 300, TS, 500));
        assertThat(pipeline.data()).containsExactlyElementsOf(FRAMES);
        for (int i = 0; i < FRAMES.size(); i++) {
            assertThat(pipeline.frames.get(i).keyframe()).as("frame %d", i).isEqualTo(i % 6 == 0);
            assertThat(pipeline.frames.get(i).rtpTimestamp()).isEqualTo(TS + 3000L * i);
        }
    }

    @Test
    void reorderingAndDuplicatesDoNotHurt() {
        List<byte[]> packets = Pipeline.reorderAndDuplicate(TestPacketizers.vp9(FRAMES, 65_000, TS, 300), 9);
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP9).feed(packets);
        assertThat(pipeline.data()).containsExactlyElementsOf(FRAMES);
    }

    @Test
    void aLostPacketDropsFramesUntilTheNextKeyframe() {
        List<byte[]> packets = TestPacketizers.vp9(FRAMES, 0, TS, 300);
        int lost = Rtp.seq(packets.get(Pipeline.firstPacketOf(packets, 4, TS)));
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP9).feed(Pipeline.without(packets, lost));
        List<byte[]> expected = new ArrayList<>(FRAMES.subList(0, 4));
        expected.addAll(FRAMES.subList(6, 12));
        assertThat(pipeline.data()).containsExactlyElementsOf(expected);
        assertThat(pipeline.keyframeRequests).isEqualTo(1);
    }

    /** Two spatial layers per picture (flexible mode, L bit): only layer 0 reaches the output. */
    @Test
    void keepsOnlySpatialLayerZero() {
        List<byte[]> packets = new ArrayList<>();
        int seq = 10;
        for (int i = 0; i < FRAMES.size(); i++) {
            byte[] base = FRAMES.get(i);
            byte[] upper = new byte[700];
            Arrays.fill(upper, (byte) (0x40 + i));
            boolean key = TestPacketizers.isVp9Keyframe(base);
            long ts = TS + 3000L * i;
            seq = layerPackets(packets, base, 0, key, seq, ts, false);
            seq = layerPackets(packets, upper, 1, false, seq, ts, true);
        }
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP9).feed(Pipeline.reorderAndDuplicate(packets, 2));
        assertThat(pipeline.data()).containsExactlyElementsOf(FRAMES);
        assertThat(pipeline.frames.get(0).keyframe()).isTrue();
    }

    private static int layerPackets(List<byte[]> out, byte[] frame, int spatialLayer, boolean key, int seq, long ts,
                                    boolean lastLayer) {
        int chunk = 250;
        for (int pos = 0; pos < frame.length; pos += chunk) {
            int n = Math.min(chunk, frame.length - pos);
            boolean first = pos == 0;
            boolean last = pos + n == frame.length;
            boolean predicted = !key;
            boolean interLayer = spatialLayer > 0;
            List<Integer> d = new ArrayList<>();
            d.add(0x80 | (predicted || interLayer ? 0x40 : 0) | 0x20 | 0x10 | (first ? 0x08 : 0) | (last ? 0x04 : 0));
            d.add(0x80 | 0x01);
            d.add(0x23);
            d.add((spatialLayer << 1) | (interLayer ? 1 : 0));
            if (predicted) {
                d.add(1 << 1);
            }
            byte[] payload = new byte[d.size() + n];
            for (int k = 0; k < d.size(); k++) {
                payload[k] = (byte) (int) d.get(k);
            }
            System.arraycopy(frame, pos, payload, d.size(), n);
            out.add(Rtp.packet(98, seq++ & 0xFFFF, ts, Rtp.SSRC, last && lastLayer, payload));
        }
        return seq;
    }

    /** Non-flexible mode: layer indices with TL0PICIDX, no reference diffs. */
    @Test
    void handlesNonFlexibleModeDescriptors() {
        List<byte[]> packets = new ArrayList<>();
        int seq = 0;
        for (int i = 0; i < FRAMES.size(); i++) {
            byte[] frame = FRAMES.get(i);
            boolean key = TestPacketizers.isVp9Keyframe(frame);
            for (int pos = 0; pos < frame.length; pos += 400) {
                int n = Math.min(400, frame.length - pos);
                boolean last = pos + n == frame.length;
                byte[] payload = new byte[4 + n];
                payload[0] = (byte) (0x80 | (key ? 0 : 0x40) | 0x20 | (pos == 0 ? 0x08 : 0) | (last ? 0x04 : 0));
                payload[1] = (byte) i;
                payload[2] = (byte) ((i % 2) << 5);
                payload[3] = (byte) (i / 2);
                System.arraycopy(frame, pos, payload, 4, n);
                packets.add(Rtp.packet(98, seq++, TS + 3000L * i, Rtp.SSRC, last, payload));
            }
        }
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP9).feed(packets);
        assertThat(pipeline.data()).containsExactlyElementsOf(FRAMES);
    }

    @Test
    void readsTheKeyframeFlagOfTheUncompressedHeader() {
        assertThat(Vp9Depacketizer.isKeyFrameHeader(new byte[] {(byte) 0x82}, 1)).isTrue();
        assertThat(Vp9Depacketizer.isKeyFrameHeader(new byte[] {(byte) 0x86}, 1)).isFalse();
        assertThat(Vp9Depacketizer.isKeyFrameHeader(new byte[] {(byte) 0x8A}, 1)).isFalse();
        assertThat(Vp9Depacketizer.isKeyFrameHeader(new byte[] {(byte) 0xB1}, 1)).isTrue();
        assertThat(Vp9Depacketizer.isKeyFrameHeader(new byte[] {(byte) 0x42}, 1)).isFalse();
        assertThat(Vp9Depacketizer.isKeyFrameHeader(new byte[0], 0)).isFalse();
    }
}
