package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Vp8DepacketizerTest {
    private static final List<byte[]> FRAMES = Samples.ivfFrames(Samples.resource("testsrc-320x240.vp8.ivf"));
    private static final long TS = 123_456L;

    private static boolean isKey(byte[] frame) {
        return (frame[0] & 1) == 0;
    }

    @Test
    void reassemblesEveryFrameOfARealStream() {
        assertThat(FRAMES).hasSize(12);
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP8).feed(TestPacketizers.vp8(FRAMES, 1000, TS, 400, true));
        assertThat(pipeline.data()).containsExactlyElementsOf(FRAMES);
        for (int i = 0; i < FRAMES.size(); i++) {
            EncodedFrame f = pipeline.frames.get(i);
            assertThat(f.codec()).isEqualTo(EncodedFrame.Codec.VP8);
            assertThat(f.clockRate()).isEqualTo(90_000);
            assertThat(f.rtpTimestamp()).isEqualTo(TS + 3000L * i);
            assertThat(f.keyframe()).isEqualTo(isKey(FRAMES.get(i)));
        }
        assertThat(pipeline.frames.get(0).keyframe()).isTrue();
        assertThat(pipeline.frames.get(6).keyframe()).isTrue();
        assertThat(pipeline.keyframeRequests).isZero();
    }

    @Test
    void handlesTheShortDescriptor() {
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP8).feed(TestPacketizers.vp8(FRAMES, 7, TS, 300, false));
        assertThat(pipeline.data()).containsExactlyElementsOf(FRAMES);
    }

    @Test
    void reorderingAndDuplicatesDoNotHurt() {
        List<byte[]> packets = Pipeline.reorderAndDuplicate(TestPacketizers.vp8(FRAMES, 500, TS, 200, true), 1);
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP8).feed(packets);
        assertThat(pipeline.data()).containsExactlyElementsOf(FRAMES);
        assertThat(pipeline.keyframeRequests).isZero();
    }

    @Test
    void sequenceAndTimestampWrapAround() {
        long ts = 0xFFFF_FFFFL - 3000L * 4;
        List<byte[]> packets = TestPacketizers.vp8(FRAMES, 65_530, ts, 300, true);
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP8).feed(Pipeline.reorderAndDuplicate(packets, 5));
        assertThat(pipeline.data()).containsExactlyElementsOf(FRAMES);
        for (int i = 0; i < FRAMES.size(); i++) {
            assertThat(pipeline.frames.get(i).rtpTimestamp()).isEqualTo(ts + 3000L * i);
        }
        assertThat(pipeline.frames.get(11).rtpTimestamp()).isGreaterThan(0xFFFF_FFFFL);
    }

    @Test
    void aLostPacketDropsFramesUntilTheNextKeyframe() {
        List<byte[]> packets = TestPacketizers.vp8(FRAMES, 0, TS, 300, true);
        int lost = Pipeline.firstPacketOf(packets, 2, TS) + 1;
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP8).feed(Pipeline.without(packets, lost));
        assertThat(pipeline.data()).containsExactly(FRAMES.get(0), FRAMES.get(1), FRAMES.get(6), FRAMES.get(7),
                FRAMES.get(8), FRAMES.get(9), FRAMES.get(10), FRAMES.get(11));
        assertThat(pipeline.keyframeRequests).isEqualTo(1);
        assertThat(pipeline.depacketizer.framesDropped()).isEqualTo(4);
    }

    @Test
    void losingTheLastPacketOfAFrameDropsIt() {
        List<byte[]> packets = TestPacketizers.vp8(FRAMES, 0, TS, 300, true);
        int lastOfFirst = Pipeline.firstPacketOf(packets, 1, TS) - 1;
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP8).feed(Pipeline.without(packets, lastOfFirst));
        assertThat(pipeline.data()).containsExactlyElementsOf(FRAMES.subList(6, 12));
        assertThat(pipeline.frames.get(0).keyframe()).isTrue();
    }

    @Test
    void startsOnlyAtAKeyframe() {
        List<byte[]> packets = TestPacketizers.vp8(FRAMES, 0, TS, 300, true);
        List<byte[]> fromDelta = packets.subList(Pipeline.firstPacketOf(packets, 3, TS), packets.size());
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP8);
        assertThat(pipeline.depacketizer.isWaitingForKeyframe()).isTrue();
        pipeline.feed(fromDelta);
        assertThat(pipeline.depacketizer.isWaitingForKeyframe()).isFalse();
        assertThat(pipeline.data()).containsExactlyElementsOf(FRAMES.subList(6, 12));
        assertThat(pipeline.keyframeRequests).isEqualTo(1);
    }

    @Test
    void aMissingMarkerIsCoveredByTheNextTimestamp() {
        List<byte[]> packets = TestPacketizers.vp8(FRAMES, 0, TS, 300, true);
        for (byte[] p : packets) {
            p[1] &= 0x7F;
        }
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.VP8).feed(packets);
        assertThat(pipeline.data()).containsExactlyElementsOf(FRAMES.subList(0, 11));
    }
}
