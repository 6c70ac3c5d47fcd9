package dev.hibiki.hls.transcode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FrameRateConverterTest {
    /** Feeds pictures at the given times; returns the output slots in order, repeats included. */
    static List<Long> run(FrameRateConverter c, long... micros) {
        List<Long> out = new ArrayList<>();
        for (long t : micros) {
            long slot = c.slotFor(t);
            if (slot < 0) continue;
            for (long s = c.repeatFrom(slot); s < slot; s++) out.add(-s); // negative: a repeat
            out.add(slot);
            c.filled(slot);
        }
        return out;
    }

    @Test
    void sameRateWithJitterKeepsEveryFrame() {
        assertThat(run(new FrameRateConverter(30, 60), 0, 33_000, 67_000, 99_000, 134_000))
                .containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void halfTheRateDropsEveryOtherFrame() {
        assertThat(run(new FrameRateConverter(30, 60), 0, 16_666, 33_333, 50_000, 66_666, 83_333))
                .containsExactly(0L, 1L, 2L);
    }

    @Test
    void twiceTheRateRepeatsThePreviousPicture() {
        assertThat(run(new FrameRateConverter(30, 60), 0, 66_667, 133_333))
                .containsExactly(0L, -1L, 2L, -3L, 4L);
    }

    @Test
    void aLongPauseLeavesAGapInsteadOfRepeats() {
        assertThat(run(new FrameRateConverter(30, 60), 0, 33_333, 10_000_000))
                .containsExactly(0L, 1L, 300L);
    }

    @Test
    void picturesBeforeTheOriginOrOutOfOrderAreDropped() {
        FrameRateConverter c = new FrameRateConverter(30, 60);
        assertThat(run(c, -100_000, 0, 100_000, 50_000)).containsExactly(0L, -1L, -2L, 3L);
    }

    @Test
    void segmentBoundariesFallOnTheSameInstantAtEveryFrameRate() {
        SegmentSchedule schedule = new SegmentSchedule(1_000_000);
        assertThat(schedule.indexAt(SegmentSchedule.slotMicros(29, 30))).isZero();
        assertThat(schedule.indexAt(SegmentSchedule.slotMicros(30, 30))).isEqualTo(1);
        assertThat(schedule.indexAt(SegmentSchedule.slotMicros(14, 15))).isZero();
        assertThat(schedule.indexAt(SegmentSchedule.slotMicros(15, 15))).isEqualTo(1);
        SegmentSchedule half = new SegmentSchedule(500_000);
        assertThat(half.indexAt(SegmentSchedule.slotMicros(12, 25))).isZero();
        assertThat(half.indexAt(SegmentSchedule.slotMicros(13, 25))).as("first frame at or after 0.5 s").isEqualTo(1);
        assertThat(RenditionEncoder.keyframeInterval(new RenditionSpec(640, 360, 25, 500_000, null, 0, 0.5)))
                .isEqualTo(13);
    }
}
