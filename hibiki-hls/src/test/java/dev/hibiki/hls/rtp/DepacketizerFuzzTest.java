package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Garbage, truncated and bit-flipped payloads: nothing throws, and the depacketizers recover afterwards. */
class DepacketizerFuzzTest {
    private static List<byte[]> realPackets(EncodedFrame.Codec codec) {
        return switch (codec) {
            case VP8 -> TestPacketizers.vp8(Samples.ivfFrames(Samples.resource("testsrc-320x240.vp8.ivf")), 0, 0,
                    300, true);
            case VP9 -> TestPacketizers.vp9(Samples.ivfFrames(Samples.resource("testsrc-320x240.vp9.ivf")), 0, 0,
                    300);
            case H264 -> TestPacketizers.h264(Samples.accessUnits(Samples.resource("testsrc-320x240.h264")), 0, 0,
                    300);
            case AV1 -> TestPacketizers.av1(Samples.temporalUnits(Samples.resource("testsrc-320x240.obu")), 0, 0,
                    300, true);
            case OPUS -> List.of(Rtp.packet(111, 0, 0, Rtp.SSRC, false, new byte[] {0x78, 1, 2}));
        };
    }

    @Test
    void randomPayloadsNeverThrow() {
        Random random = new Random(42);
        for (EncodedFrame.Codec codec : EncodedFrame.Codec.values()) {
            Pipeline pipeline = new Pipeline(codec);
            int seq = 0;
            for (int i = 0; i < 20_000; i++) {
                byte[] payload = new byte[random.nextInt(64)];
                random.nextBytes(payload);
                byte[] packet = Rtp.packet(96, seq++ & 0xFFFF, (i / 4) * 3000L, Rtp.SSRC, random.nextInt(4) == 0,
                        payload);
                pipeline.depacketizer.onPacket(Rtp.view(packet), random.nextInt(10) == 0 ? 1 : 0);
            }
        }
    }

    @Test
    void mutatedRealStreamsNeverThrowAndRecoverAtTheNextKeyframe() {
        Random random = new Random(7);
        for (EncodedFrame.Codec codec : EncodedFrame.Codec.values()) {
            List<byte[]> clean = realPackets(codec);
            for (int round = 0; round < 200; round++) {
                List<byte[]> packets = new ArrayList<>();
                for (byte[] p : clean) {
                    byte[] copy = p.clone();
                    int r = random.nextInt(20);
                    if (r == 0 && copy.length > 13) {
                        copy = Arrays.copyOf(copy, 12 + random.nextInt(copy.length - 12));
                    } else if (r == 1 && copy.length > 12) {
                        copy[12 + random.nextInt(Math.min(8, copy.length - 12))] ^= (byte) (1 << random.nextInt(8));
                    }
                    packets.add(copy);
                }
                Pipeline pipeline = new Pipeline(codec).feed(packets);
                assertThat(pipeline.frames.size()).isLessThanOrEqualTo(clean.size());
            }
            // after garbage, a clean stream still comes through from its first keyframe
            Pipeline pipeline = new Pipeline(codec);
            List<byte[]> junkThenClean = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                byte[] junk = new byte[1 + random.nextInt(40)];
                random.nextBytes(junk);
                junkThenClean.add(Rtp.packet(96, 60_000 + i, 77_000, Rtp.SSRC, i % 3 == 0, junk));
            }
            for (byte[] p : clean) {
                byte[] shifted = p.clone();
                int seq = (60_050 + Rtp.seq(p)) & 0xFFFF;
                shifted[2] = (byte) (seq >>> 8);
                shifted[3] = (byte) seq;
                junkThenClean.add(shifted);
            }
            pipeline.feed(junkThenClean);
            assertThat(pipeline.frames).as(codec.name()).isNotEmpty();
            assertThat(pipeline.frames.get(pipeline.frames.size() - 1).data()).isNotEmpty();
        }
    }
}
