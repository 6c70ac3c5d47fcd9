package dev.hibiki.rtp.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.rtp.Hex;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransportCcFeedbackTest {
    // Captured feedback packets (pion/rtcp test data "example1", "example4", "example6").
    static final String ONE_PACKET = "af cd 00 05 | fa 17 fa 17 | 43 03 2f a0 | 00 99 00 01 | 3d e8 02 17 |"
            + " 20 01 94 01";
    static final String SEVEN_PACKETS = "af cd 00 07 | fa 17 fa 17 | 19 3d d8 bb | 00 04 00 07 | 10 63 6e 01 |"
            + " 20 07 4c 24 | 24 10 0c 0c | 10 00 00 03";
    static final String MIXED = "af cd 00 07 | 9b 74 f6 1f | 93 71 dc bc | 85 3c 00 09 | 63 f9 16 b3 |"
            + " d5 52 00 30 | 9b aa 6a aa | 7b 01 09 01";

    @Test
    void parsesASingleRunLengthChunk() {
        byte[] b = Hex.bytes(ONE_PACKET);
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.parse(b, 0, b.length)).isTrue();
        assertThat(f.senderSsrc()).isEqualTo(4195875351L);
        assertThat(f.mediaSsrc()).isEqualTo(1124282272L);
        assertThat(f.baseSequence()).isEqualTo(153);
        assertThat(f.statusCount()).isEqualTo(1);
        assertThat(f.referenceTime()).isEqualTo(4057090);
        assertThat(f.feedbackCount()).isEqualTo(23);
        assertThat(f.status(0)).isEqualTo(TransportCcFeedback.RECEIVED_SMALL_DELTA);
        assertThat(f.deltaTicks(0) * TransportCcFeedback.DELTA_MICROS).isEqualTo(37000);
        long[] times = new long[1];
        f.arrivalTimesMicros(times);
        assertThat(times[0]).isEqualTo(4057090L * 64000 + 37000);
    }

    @Test
    void parsesTwoBitVectorAndTruncatedRun() {
        byte[] b = Hex.bytes(MIXED);
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.parse(b, 0, b.length)).isTrue();
        assertThat(f.baseSequence()).isEqualTo(34108);
        assertThat(f.statusCount()).isEqualTo(9);
        assertThat(f.referenceTime()).isEqualTo(6551830);
        assertThat(f.feedbackCount()).isEqualTo(179);
        int[] expected = {1, 1, 1, 1, 1, 0, 2, 0, 0};
        for (int i = 0; i < 9; i++) {
            assertThat(f.status(i)).as("status %d", i).isEqualTo(expected[i]);
        }
        assertThat(f.receivedCount()).isEqualTo(6);
        int[] deltasMicros = {38750, 42500, 26500, 42500, 30750, 0, 66250, 0, 0};
        for (int i = 0; i < 9; i++) {
            assertThat(f.deltaTicks(i) * TransportCcFeedback.DELTA_MICROS).isEqualTo(deltasMicros[i]);
        }
        assertThat(f.sequenceNumber(8)).isEqualTo(34116);
    }

    @Test
    void parsesTheDraftChunkExamples() {
        // draft-holmer-...-01 §3.1.3 run length example: 221 "not received"; §3.1.4 one-bit vector example:
        // not received, 5 received, 3 not received, 3 received, 2 not received.
        byte[] b = Hex.bytes("8f cd 00 07 | 00 00 00 01 | 00 00 00 02 | ff f0 00 eb | ff ff ff 05 |"
                + " 00 dd 9f 1c | 01 02 03 04 | 05 06 07 08");
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.parse(b, 0, b.length)).isTrue();
        assertThat(f.baseSequence()).isEqualTo(0xfff0);
        assertThat(f.statusCount()).isEqualTo(235);
        assertThat(f.referenceTime()).as("signed").isEqualTo(-1);
        for (int i = 0; i < 221; i++) {
            assertThat(f.isReceived(i)).isFalse();
        }
        boolean[] vector = {false, true, true, true, true, true, false, false, false, true, true, true, false, false};
        for (int i = 0; i < 14; i++) {
            assertThat(f.isReceived(221 + i)).as("vector %d", i).isEqualTo(vector[i]);
        }
        assertThat(f.sequenceNumber(221)).isEqualTo((0xfff0 + 221) & 0xFFFF);
        long[] times = new long[235];
        f.arrivalTimesMicros(times);
        assertThat(times[0]).isEqualTo(Long.MIN_VALUE);
        assertThat(times[222]).isEqualTo(-64000 + 250);
        assertThat(times[232]).isEqualTo(-64000 + 250 * (1 + 2 + 3 + 4 + 5 + 6 + 7 + 8));
    }

    @Test
    void rejectsMalformedFeedback() {
        TransportCcFeedback f = new TransportCcFeedback();
        // Deltas missing.
        byte[] cut = Hex.bytes("8f cd 00 05 | 00 00 00 01 | 00 00 00 02 | 00 01 00 03 | 00 00 01 00 | 20 03 01 02");
        assertThat(f.parse(cut, 0, cut.length)).isFalse();
        // Chunks missing.
        byte[] noChunks = Hex.bytes("8f cd 00 04 | 00 00 00 01 | 00 00 00 02 | 00 01 00 03 | 00 00 01 00");
        assertThat(f.parse(noChunks, 0, noChunks.length)).isFalse();
        // Reserved symbol in a two-bit vector.
        byte[] reserved = Hex.bytes("8f cd 00 05 | 00 00 00 01 | 00 00 00 02 | 00 01 00 01 | 00 00 01 00 | f0 00 00 00");
        assertThat(f.parse(reserved, 0, reserved.length)).isFalse();
        // A NACK is not TWCC.
        byte[] nack = Hex.bytes("81 cd 00 03 | 00 00 00 01 | 9c 8b 7a 69 | 12 34 01 01");
        assertThat(f.parse(nack, 0, nack.length)).isFalse();
        assertThat(f.statusCount()).isZero();
    }

    @Test
    void builderReproducesCapturedPacketsByteForByte() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(1000);
        builder.reset(4195875351L, 1124282272L, 23);
        assertThat(builder.addReceived(153, 4057090L * 64000 + 37000)).isTrue();
        byte[] b = new byte[64];
        int n = builder.write(b, 0);
        assertThat(Hex.of(b, 0, n)).isEqualTo(Hex.normalize(ONE_PACKET));

        builder.reset(4195875351L, 423483579L, 1);
        long time = 1074030L * 64000;
        int[] ticks = {0x4c, 0x24, 0x24, 0x10, 0x0c, 0x0c, 0x10};
        for (int i = 0; i < ticks.length; i++) {
            time += ticks[i] * 250L;
            assertThat(builder.addReceived(4 + i, time)).isTrue();
        }
        n = builder.write(b, 0);
        assertThat(Hex.of(b, 0, n)).isEqualTo(Hex.normalize(SEVEN_PACKETS));
    }

    @Test
    void builderRoundTripsGapsLargeAndNegativeDeltasAcrossWrap() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(2000);
        builder.reset(1, 2, 200);
        int[] seqs = {65530, 65531, 65533, 2, 3, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 300};
        long[] arrivals = new long[seqs.length];
        long t = 5_000_000_123L;
        Random random = new Random(7);
        for (int i = 0; i < seqs.length; i++) {
            t += switch (i % 4) {
                case 0 -> 1000;
                case 1 -> 100_000; // large delta
                case 2 -> -3000; // reordered arrival: negative delta
                default -> random.nextInt(60_000);
            };
            arrivals[i] = t;
            assertThat(builder.addReceived(seqs[i], t)).isTrue();
        }
        assertThat(builder.addReceived(300, t + 1)).as("not after the last").isFalse();
        assertThat(builder.addReceived(301, t + 9_000_000)).as("delta beyond 16 bits").isFalse();
        byte[] b = new byte[600];
        int n = builder.write(b, 0);
        assertThat(n).isEqualTo(builder.length());
        assertThat(n % 4).isZero();

        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.parse(b, 0, n)).isTrue();
        assertThat(f.baseSequence()).isEqualTo(65530);
        assertThat(f.statusCount()).isEqualTo(((300 - 65530) & 0xFFFF) + 1);
        assertThat(f.feedbackCount()).isEqualTo(200);
        assertThat(f.receivedCount()).isEqualTo(seqs.length);
        long[] times = new long[f.statusCount()];
        f.arrivalTimesMicros(times);
        long reference = (long) f.referenceTime() * 64000;
        for (int i = 0; i < seqs.length; i++) {
            int index = (seqs[i] - 65530) & 0xFFFF;
            assertThat(f.isReceived(index)).isTrue();
            // Compare relative to the reference time (24 bits wrap); rounding stays within half a tick.
            long expectedOffset = arrivals[i] - Math.floorDiv(arrivals[0], 64000) * 64000;
            assertThat(times[index] - reference).as("seq %d", seqs[i]).isBetween(expectedOffset - 125, expectedOffset + 125);
        }
        assertThat(f.isReceived(2)).as("65532 lost").isFalse();
    }

    @Test
    void builderChoosesCompactChunks() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(100);
        builder.reset(1, 2, 0);
        // Alternating received/lost fits a one-bit vector of 14.
        for (int i = 0; i < 14; i += 2) {
            builder.addReceived(i, 1000 + i * 1000L);
        }
        byte[] b = new byte[100];
        int n = builder.write(b, 0);
        assertThat(Hex.of(b, 20, 2)).as("status count 13 in one one-bit vector").isEqualTo("aaaa");
        TransportCcFeedback f = new TransportCcFeedback();
        assertThat(f.parse(b, 0, n)).isTrue();
        assertThat(f.statusCount()).isEqualTo(13);
        assertThat(builder.isEmpty()).isFalse();
        builder.reset(1, 2, 1);
        assertThat(builder.isEmpty()).isTrue();
        assertThat(builder.write(b, 0)).isEqualTo(-1);
    }

    @Test
    void builderLimitsStatusCount() {
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder(10);
        builder.reset(1, 2, 0);
        assertThat(builder.addReceived(100, 0)).isTrue();
        assertThat(builder.addReceived(110, 1000)).isFalse();
        assertThat(builder.addReceived(109, 1000)).isTrue();
        assertThat(builder.statusCount()).isEqualTo(10);
    }
}
