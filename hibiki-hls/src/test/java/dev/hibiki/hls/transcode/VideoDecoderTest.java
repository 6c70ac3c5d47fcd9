package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class VideoDecoderTest {

    @ParameterizedTest
    @EnumSource(value = EncodedFrame.Codec.class, names = {"VP8", "VP9", "H264", "AV1"})
    void decodesEveryWebRtcVideoCodec(EncodedFrame.Codec codec) {
        List<EncodedFrame> frames = SyntheticMedia.video(codec, 320, 180, 30, 10);
        assertThat(frames.get(0).keyframe()).isTrue();
        List<long[]> pictures = new ArrayList<>();
        try (VideoDecoder decoder = new VideoDecoder(codec, 1)) {
            for (int i = 0; i < frames.size(); i++) {
                VideoDecoder.Result r = decoder.decode(frames.get(i), 1000L * i,
                        p -> pictures.add(new long[]{p.width(), p.height(), p.pts()}));
                assertThat(r).isEqualTo(VideoDecoder.Result.OK);
            }
        }
        assertThat(pictures).hasSize(frames.size());
        for (int i = 0; i < pictures.size(); i++) {
            assertThat(pictures.get(i)).containsExactly(320, 180, 1000L * i);
        }
    }

    @Test
    void av1GoesToLibaom() {
        // FFmpeg's native "av1" decoder only drives hardware decoders and there is no libdav1d in this build
        assertThat(VideoDecoder.decoderName(EncodedFrame.Codec.AV1)).isEqualTo("libaom-av1");
    }

    @Test
    void deltaFramesBeforeAKeyframeAskForOne() {
        List<EncodedFrame> frames = SyntheticMedia.video(EncodedFrame.Codec.VP8, 320, 180, 30, 5);
        int[] pictures = {0};
        try (VideoDecoder decoder = new VideoDecoder(EncodedFrame.Codec.VP8, 1)) {
            for (EncodedFrame f : frames.subList(1, 5)) {
                assertThat(decoder.decode(f, 0, p -> pictures[0]++)).isEqualTo(VideoDecoder.Result.NEED_KEYFRAME);
            }
            assertThat(pictures[0]).isZero();
            for (EncodedFrame f : frames) {
                assertThat(decoder.decode(f, 0, p -> pictures[0]++)).isEqualTo(VideoDecoder.Result.OK);
            }
        }
        assertThat(pictures[0]).isEqualTo(5);
    }

    /** Garbage, truncated and bit-flipped frames: no exception, and the next real keyframe brings pictures back. */
    @ParameterizedTest
    @EnumSource(value = EncodedFrame.Codec.class, names = {"VP8", "VP9", "H264", "AV1"})
    void brokenInputNeverThrowsAndRecoversAtTheNextKeyframe(EncodedFrame.Codec codec) {
        List<EncodedFrame> frames = SyntheticMedia.video(codec, 160, 90, 30, 4);
        Random random = new Random(42);
        int[] pictures = {0};
        try (VideoDecoder decoder = new VideoDecoder(codec, 1)) {
            for (int i = 0; i < 60; i++) {
                byte[] data;
                EncodedFrame real = frames.get(random.nextInt(frames.size()));
                switch (i % 3) {
                    case 0 -> {
                        data = new byte[random.nextInt(2000)];
                        random.nextBytes(data);
                    }
                    case 1 -> data = Arrays.copyOf(real.data(), random.nextInt(real.data().length));
                    default -> {
                        data = real.data().clone();
                        for (int k = 0; k < 8; k++) data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                decoder.decode(data, 0, data.length, random.nextBoolean(), i, p -> { });
            }
            assertThat(decoder.decode(new byte[10], 5, 10, true, 0, p -> { }))
                    .as("bad offset/length").isEqualTo(VideoDecoder.Result.NEED_KEYFRAME);
            assertThat(decoder.decode(new byte[0], 0, 0, true, 0, p -> { })).isEqualTo(VideoDecoder.Result.NEED_KEYFRAME);
            for (EncodedFrame f : frames) {
                decoder.decode(f, 0, p -> pictures[0]++);
            }
        }
        assertThat(pictures[0]).isGreaterThanOrEqualTo(frames.size() - 1);
    }
}
