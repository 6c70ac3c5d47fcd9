package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class H264DepacketizerTest {
    /** 12 access units: SPS, PPS, (SEI), two slices each; IDR at 0 and 6. */
    private static final List<List<byte[]>> UNITS = Samples.accessUnits(Samples.resource("testsrc-320x240.h264"));
    private static final List<byte[]> EXPECTED = annexB(UNITS);
    private static final byte[] SPS = UNITS.get(0).get(0);
    private static final byte[] PPS = UNITS.get(0).get(1);
    private static final long TS = 3_000_000L;

    private static List<byte[]> annexB(List<List<byte[]>> units) {
        List<byte[]> out = new ArrayList<>();
        for (List<byte[]> u : units) {
            out.add(Samples.annexB(u));
        }
        return out;
    }

    @Test
    void theSampleIsWhatTheTestsAssume() {
        assertThat(UNITS).hasSize(12);
        assertThat(SPS[0] & 0x1F).isEqualTo(7);
        assertThat(PPS[0] & 0x1F).isEqualTo(8);
        assertThat(UNITS.get(6).get(0)[0] & 0x1F).isEqualTo(7);
        assertThat(UNITS.get(1)).hasSize(2);
    }

    @Test
    void rebuildsAnnexBAccessUnitsFromStapAAndFuAPackets() {
        List<byte[]> packets = TestPacketizers.h264(UNITS, 100, TS, 500);
        assertThat(packets.stream().map(p -> p[12] & 0x1F).distinct()).contains(24, 28);
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.H264).feed(packets);
        assertThat(pipeline.data()).containsExactlyElementsOf(EXPECTED);
        for (int i = 0; i < 12; i++) {
            EncodedFrame f = pipeline.frames.get(i);
            assertThat(f.keyframe()).isEqualTo(i % 6 == 0);
            assertThat(f.rtpTimestamp()).isEqualTo(TS + 3000L * i);
            assertThat(f.clockRate()).isEqualTo(90_000);
        }
    }

    @Test
    void reorderingDuplicatesAndWrapAroundDoNotHurt() {
        List<byte[]> packets = TestPacketizers.h264(UNITS, 65_520, 0xFFFF_FFFFL - 5000, 300);
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.H264).feed(Pipeline.reorderAndDuplicate(packets, 4));
        assertThat(pipeline.data()).containsExactlyElementsOf(EXPECTED);
        assertThat(pipeline.frames.get(11).rtpTimestamp()).isEqualTo(0xFFFF_FFFFL - 5000 + 33_000);
    }

    @Test
    void putsTheLastSpsAndPpsInFrontOfAnIdrThatLacksThem() {
        List<List<byte[]>> units = new ArrayList<>(UNITS);
        List<byte[]> bareIdr = new ArrayList<>(UNITS.get(6));
        bareIdr.removeIf(nal -> (nal[0] & 0x1F) == 7 || (nal[0] & 0x1F) == 8);
        units.set(6, bareIdr);
        List<byte[]> packets = TestPacketizers.h264(units, 0, TS, 1200);
        int lost = Rtp.seq(packets.get(Pipeline.firstPacketOf(packets, 3, TS)));
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.H264).feed(Pipeline.without(packets, lost));

        assertThat(pipeline.frames).hasSize(3 + 6);
        EncodedFrame idr = pipeline.frames.get(3);
        assertThat(idr.keyframe()).isTrue();
        List<byte[]> expected = new ArrayList<>();
        expected.add(SPS);
        expected.add(PPS);
        expected.addAll(bareIdr);
        assertThat(idr.data()).isEqualTo(Samples.annexB(expected));
        assertThat(pipeline.keyframeRequests).isEqualTo(1);
    }

    @Test
    void anIdrWithoutKnownParameterSetsIsNotAKeyframe() {
        List<List<byte[]>> units = new ArrayList<>();
        for (List<byte[]> u : UNITS) {
            List<byte[]> copy = new ArrayList<>(u);
            copy.removeIf(nal -> (nal[0] & 0x1F) == 7 || (nal[0] & 0x1F) == 8);
            units.add(copy);
        }
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.H264).feed(TestPacketizers.h264(units, 0, TS, 1200));
        assertThat(pipeline.frames).isEmpty();
        assertThat(pipeline.keyframeRequests).isGreaterThanOrEqualTo(1);
    }

    @Test
    void losingTheFirstSliceDropsTheAccessUnit() {
        // Each slice in its own packet: losing the packet of slice 1 of the IDR leaves slice 2, whose
        // first_mb_in_slice is not 0, so the unit is known to be incomplete even without a reported gap.
        List<byte[]> packets = new ArrayList<>();
        int seq = 0;
        for (int i = 0; i < UNITS.size(); i++) {
            List<byte[]> nals = UNITS.get(i);
            for (int k = 0; k < nals.size(); k++) {
                for (byte[] payload : nals.get(k).length > 1000 ? TestPacketizers.fuA(nals.get(k), 1000)
                        : List.of(nals.get(k))) {
                    packets.add(Rtp.packet(102, seq++, TS + 3000L * i, Rtp.SSRC, false, payload));
                }
            }
            byte[] last = packets.get(packets.size() - 1);
            last[1] |= (byte) 0x80;
        }
        List<byte[]> idrOnward = new ArrayList<>(packets);
        int firstSlice = Pipeline.firstPacketOf(packets, 0, TS) + 3;
        idrOnward.subList(0, firstSlice + 2).clear();
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.H264);
        for (byte[] p : idrOnward) {
            pipeline.depacketizer.onPacket(Rtp.view(p), 0);
        }
        assertThat(pipeline.data()).containsExactlyElementsOf(EXPECTED.subList(6, 12));
    }

    @Test
    void rejectsInterleavedModePacketTypes() {
        Pipeline pipeline = new Pipeline(EncodedFrame.Codec.H264);
        List<byte[]> packets = TestPacketizers.h264(UNITS.subList(0, 1), 0, TS, 1200);
        byte[] stapB = Rtp.packet(102, packets.size(), TS, Rtp.SSRC, true, new byte[] {25, 0, 0, 2, 0x65, 1});
        packets.get(packets.size() - 1)[1] &= 0x7F;
        packets.add(stapB);
        for (byte[] p : packets) {
            pipeline.depacketizer.onPacket(Rtp.view(p), 0);
        }
        assertThat(pipeline.frames).isEmpty();
        assertThat(pipeline.depacketizer.framesDropped()).isEqualTo(1);
    }
}
