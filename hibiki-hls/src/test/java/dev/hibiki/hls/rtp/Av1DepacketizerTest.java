package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Av1DepacketizerTest {
    /** Temporal units as libaom wrote them: temporal delimiter, then OBUs with obu_has_size_field=1. */
    private static final List<byte[]> UNITS = Samples.temporalUnits(Samples.resource("testsrc-320x240.obu"));
    private static final long TS = 1_000L;

    @Test
    void theSampleIsWhatTheTestsAssume() {
        assertThat(UNITS).hasSize(12);
        for (byte[] tu : UNITS) {
            assertThat(Arrays.copyOf(tu, 2)).containsExactly(0x12, 0x00);
        }
        assertThat((UNITS.get(0)[2] >>> 3) & 0x0F).isEqualTo(1);
        assertThat((UNITS.get(6)[2] >>> 3) & 0x0F).isEqualTo(1);
    }

    @Test
    void rebuildsTheLowOverheadBitstreamFromLengthPrefixedElements() {
        List<byte[]> packets = TestPacketizers.av1(UNITS, 10, TS, 400, false);
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.AV1).feed(packets);
        assertThat(pipeline.data()).containsExactlyElementsOf(UNITS);
        for (int i = 0; i < 12; i++) {
            assertThat(pipeline.frames.get(i).keyframe()).as("unit %d", i).isEqualTo(i % 6 == 0);
            assertThat(pipeline.frames.get(i).rtpTimestamp()).isEqualTo(TS + 3000L * i);
        }
    }

    @Test
    void handlesTheWFieldAndFragmentsAcrossManyPackets() {
        List<byte[]> packets = TestPacketizers.av1(UNITS, 65_500, TS, 120, true);
        assertThat(packets.stream().filter(p -> (p[12] & 0x30) != 0).count()).isGreaterThan(10);
        assertThat(packets.stream().filter(p -> (p[12] & 0xC0) == 0xC0).count()).isGreaterThan(10);
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.AV1).feed(Pipeline.reorderAndDuplicate(packets, 8));
        assertThat(pipeline.data()).containsExactlyElementsOf(UNITS);
    }

    @Test
    void findsKeyframesWithoutTheNBitFromTheFrameHeader() {
        List<byte[]> packets = TestPacketizers.av1(UNITS, 0, TS, 400, true);
        for (byte[] p : packets) {
            p[12] &= ~0x08;
        }
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.AV1).feed(packets);
        assertThat(pipeline.frames).hasSize(12);
        assertThat(pipeline.frames.get(0).keyframe()).isTrue();
        assertThat(pipeline.frames.get(1).keyframe()).isFalse();
        assertThat(pipeline.frames.get(6).keyframe()).isTrue();
    }

    @Test
    void aLostFragmentDropsUnitsUntilTheNextKeyframe() {
        List<byte[]> packets = TestPacketizers.av1(UNITS, 0, TS, 120, false);
        int lost = Rtp.seq(packets.get(Pipeline.firstPacketOf(packets, 0, TS) + 5));
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.AV1).feed(Pipeline.without(packets, lost));
        assertThat(pipeline.data()).containsExactlyElementsOf(UNITS.subList(6, 12));
        assertThat(pipeline.keyframeRequests).isGreaterThanOrEqualTo(1);
    }

    @Test
    void keepsOnlySpatialLayerZeroAndDropsSenderTemporalDelimiters() {
        byte[] sequenceHeader = obuWithoutSize(UNITS.get(0), 2);
        // after the temporal delimiter (2 bytes) and the sequence header with its 1-byte size field
        byte[] frame = obuWithoutSize(UNITS.get(0), 2 + sequenceHeader.length + 1);
        // frame OBU of layer 0 and a copy tagged spatial_id 1 (extension header), plus a stray temporal delimiter
        byte[] layer0 = withExtension(frame, 0);
        byte[] layer1 = withExtension(frame, 1);
        java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
        payload.write(0x08);
        for (byte[] e : List.of(new byte[] {0x10}, sequenceHeader, layer0, layer1)) {
            TestPacketizers.writeLeb128(payload, e.length);
            payload.write(e, 0, e.length);
        }
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.AV1);
        pipeline.depacketizer.onPacket(Rtp.view(Rtp.packet(45, 1, TS, Rtp.SSRC, true, payload.toByteArray())), 0);
        assertThat(pipeline.frames).hasSize(1);
        byte[] out = pipeline.frames.get(0).data();
        List<Integer> types = new ArrayList<>();
        List<Integer> spatialIds = new ArrayList<>();
        int pos = 0;
        while (pos < out.length) {
            int header = out[pos] & 0xFF;
            assertThat(header & 0x02).as("obu_has_size_field").isEqualTo(2);
            types.add((header >>> 3) & 0x0F);
            boolean ext = (header & 0x04) != 0;
            spatialIds.add(ext ? (out[pos + 1] >>> 3) & 3 : -1);
            int p = pos + (ext ? 2 : 1);
            long size = 0;
            int shift = 0;
            int b;
            do {
                b = out[p++] & 0xFF;
                size |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            pos = p + (int) size;
        }
        assertThat(pos).isEqualTo(out.length);
        assertThat(types).containsExactly(2, 1, 6);
        assertThat(spatialIds).containsExactly(-1, -1, 0);
    }

    /** The OBU at {@code pos} of a unit, re-encoded without its size field. */
    private static byte[] obuWithoutSize(byte[] unit, int pos) {
        int header = unit[pos] & 0xFF;
        int p = pos + 1;
        long size = 0;
        int shift = 0;
        int b;
        do {
            b = unit[p++] & 0xFF;
            size |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        byte[] out = new byte[1 + (int) size];
        out[0] = (byte) (header & ~0x02);
        System.arraycopy(unit, p, out, 1, (int) size);
        return out;
    }

    private static byte[] withExtension(byte[] obu, int spatialId) {
        byte[] out = new byte[obu.length + 1];
        out[0] = (byte) (obu[0] | 0x04);
        out[1] = (byte) (spatialId << 3);
        System.arraycopy(obu, 1, out, 2, obu.length - 1);
        return out;
    }
}
