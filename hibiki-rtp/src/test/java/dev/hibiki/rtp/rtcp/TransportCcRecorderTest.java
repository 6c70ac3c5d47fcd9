package dev.hibiki.rtp.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransportCcRecorderTest {
    private final TransportCcRecorder recorder = new TransportCcRecorder(1024);
    private final TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(500);
    private final TransportCcFeedback parsed = new TransportCcFeedback();
    private final byte[] buf = new byte[1500];

    private void writeAndParse() {
        int n = builder.write(buf, 0);
        assertThat(parsed.parse(buf, 0, n)).isTrue();
    }

    @Test
    void reportsOutOfOrderArrivalsInSequenceOrderAcrossWrap() {
        recorder.onPacket(65534, 1_000);
        recorder.onPacket(0, 3_000);
        recorder.onPacket(65535, 4_000);
        recorder.onPacket(2, 5_000);
        assertThat(recorder.fill(builder, 1, 2)).isTrue();
        writeAndParse();
        assertThat(parsed.baseSequence()).isEqualTo(65534);
        assertThat(parsed.statusCount()).isEqualTo(5);
        assertThat(parsed.isReceived(3)).as("seq 1 lost").isFalse();
        assertThat(parsed.feedbackCount()).isZero();
        long[] times = new long[5];
        parsed.arrivalTimesMicros(times);
        assertThat(times[1] - times[0]).isEqualTo(3_000);
        assertThat(times[2] - times[0]).isEqualTo(2_000);
        assertThat(recorder.hasPending()).isFalse();
        assertThat(recorder.fill(builder, 1, 2)).isFalse();
    }

    @Test
    void nextFeedbackContinuesAfterTheLastReported() {
        recorder.onPacket(10, 1_000);
        recorder.onPacket(11, 2_000);
        recorder.fill(builder, 1, 2);
        recorder.onPacket(9, 2_500);
        recorder.onPacket(13, 3_000);
        assertThat(recorder.fill(builder, 1, 2)).isTrue();
        writeAndParse();
        assertThat(parsed.baseSequence()).isEqualTo(13);
        assertThat(parsed.statusCount()).isEqualTo(1);
        assertThat(parsed.feedbackCount()).isEqualTo(1);
    }

    @Test
    void splitsWhenTheBuilderIsFull() {
        for (int seq = 0; seq < 700; seq++) {
            recorder.onPacket(seq, seq * 100L);
        }
        assertThat(recorder.fill(builder, 1, 2)).isTrue();
        assertThat(builder.statusCount()).isEqualTo(500);
        assertThat(recorder.fill(builder, 1, 2)).isTrue();
        writeAndParse();
        assertThat(parsed.baseSequence()).isEqualTo(500);
        assertThat(parsed.statusCount()).isEqualTo(200);
    }

    @Test
    void dropsWhatFallsOutOfCapacity() {
        TransportCcRecorder small = new TransportCcRecorder(16);
        for (int seq = 0; seq < 40; seq++) {
            small.onPacket(seq, seq * 1000L);
        }
        assertThat(small.fill(builder, 1, 2)).isTrue();
        assertThat(builder.baseSequence()).isEqualTo(24);
        assertThat(builder.statusCount()).isEqualTo(16);
    }
}
