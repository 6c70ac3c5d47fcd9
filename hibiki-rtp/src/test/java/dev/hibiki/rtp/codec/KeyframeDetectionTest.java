package dev.hibiki.rtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.rtp.Hex;
import dev.hibiki.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

/** Realistic payload prefixes as browsers send them. */
class KeyframeDetectionTest {
    private static boolean key(VideoCodec codec, String hex) {
        byte[] b = Hex.bytes(hex);
        return codec.isKeyframe(b, 0, b.length);
    }

    private static boolean start(VideoCodec codec, String hex) {
        byte[] b = Hex.bytes(hex);
        return codec.isStartOfFrame(b, 0, b.length);
    }

    // VP8 (Chrome simulcast): X, S, PID 0 | I L T | 15-bit picture id | TL0PICIDX | TID/Y/KEYIDX |
    // payload header: frame tag with P=0, start code 9d 01 2a, 1280x720.
    static final String VP8_KEY = "90 e0 80 7b 2c 20 | 50 42 00 9d 01 2a 00 05 d0 02";
    static final String VP8_DELTA = "90 e0 80 7c 2c 60 | 31 a4 00 11 22";
    static final String VP8_KEY_CONTINUATION = "80 e0 80 7b 2c 20 | 8a 3f 0e";
    static final String VP8_SECOND_PARTITION = "91 e0 80 7b 2c 20 | 50 42 00";
    // Minimal descriptor (X=0), keyframe.
    static final String VP8_MINIMAL_KEY = "10 | 50 42 00 9d 01 2a";

    @Test
    void vp8() {
        assertThat(key(VideoCodec.VP8, VP8_KEY)).isTrue();
        assertThat(start(VideoCodec.VP8, VP8_KEY)).isTrue();
        assertThat(key(VideoCodec.VP8, VP8_DELTA)).isFalse();
        assertThat(start(VideoCodec.VP8, VP8_DELTA)).isTrue();
        assertThat(key(VideoCodec.VP8, VP8_KEY_CONTINUATION)).isFalse();
        assertThat(start(VideoCodec.VP8, VP8_KEY_CONTINUATION)).isFalse();
        assertThat(key(VideoCodec.VP8, VP8_SECOND_PARTITION)).isFalse();
        assertThat(start(VideoCodec.VP8, VP8_SECOND_PARTITION)).isFalse();
        assertThat(key(VideoCodec.VP8, VP8_MINIMAL_KEY)).isTrue();
        assertThat(key(VideoCodec.VP8, "90 e0 80 7b 2c 20")).as("no payload header").isFalse();
        assertThat(key(VideoCodec.VP8, "90 e0 80")).as("truncated descriptor").isFalse();
    }

    @Test
    void vp8DescriptorFieldsAndRewriting() {
        byte[] b = Hex.bytes(VP8_KEY);
        Vp8Descriptor d = new Vp8Descriptor();
        assertThat(d.wrap(b, 0, b.length)).isTrue();
        assertThat(d.descriptorLength()).isEqualTo(6);
        assertThat(d.pictureId()).isEqualTo(0x7b);
        assertThat(d.pictureIdBits()).isEqualTo(15);
        assertThat(d.tl0PicIdx()).isEqualTo(0x2c);
        assertThat(d.temporalLayer()).isZero();
        assertThat(d.isLayerSync()).isTrue();
        assertThat(d.isKeyframe()).isTrue();
        assertThat(d.isNonReference()).isFalse();
        assertThat(d.setPictureId(0x8123)).isTrue();
        assertThat(d.pictureId()).isEqualTo(0x0123);
        assertThat(d.setTl0PicIdx(0x1ff)).isTrue();
        assertThat(Hex.of(b, 0, 6)).isEqualTo("90e08123ff20");

        byte[] delta = Hex.bytes(VP8_DELTA);
        assertThat(d.wrap(delta, 0, delta.length)).isTrue();
        assertThat(d.temporalLayer()).isEqualTo(1);
        assertThat(d.isKeyframe()).isFalse();

        byte[] shortId = Hex.bytes("90 80 05 | 50 42 00");
        assertThat(d.wrap(shortId, 0, shortId.length)).isTrue();
        assertThat(d.pictureIdBits()).isEqualTo(7);
        assertThat(d.tl0PicIdx()).isEqualTo(-1);
        assertThat(d.temporalLayer()).isEqualTo(-1);
        d.setPictureId(0x85);
        assertThat(d.pictureId()).isEqualTo(5);
    }

    // VP9 non-flexible (Chrome, single layer): I P L F B E V Z.
    // Keyframe: I, B, V | picture id 0x002a | SS: N_S=0 Y G | 1280x720 | N_G=1, TID 0 U 0 R 1, P_DIFF 1 | header.
    static final String VP9_KEY = "8a | 80 2a | 18 05 00 02 d0 01 04 01 | 82 49 83 42 00";
    static final String VP9_DELTA = "cc | 80 2b | 86 00 40";
    static final String VP9_MIDDLE = "c0 | 80 2b | 11 22 33";
    // VP9 SVC, flexible mode, 3 spatial layers. Spatial layer 0 of a keyframe: I L F B V, SS N_S=2 Y.
    static final String VP9_SVC_KEY_S0 = "ba | 80 30 | 00 | 50 01 40 00 b4 02 80 01 68 05 00 02 d0 | 82 49 83 42";
    // Spatial layer 1 of that keyframe: I L F B E; SID 1, D=1 (inter-layer predicted).
    static final String VP9_SVC_KEY_S1 = "bc | 80 30 | 03 | 82 49";
    // Delta picture, spatial layer 0, flexible mode with one P_DIFF.
    static final String VP9_SVC_DELTA = "fc | 80 31 | 20 | 02 | 86 00";

    @Test
    void vp9() {
        assertThat(key(VideoCodec.VP9, VP9_KEY)).isTrue();
        assertThat(start(VideoCodec.VP9, VP9_KEY)).isTrue();
        assertThat(key(VideoCodec.VP9, VP9_DELTA)).isFalse();
        assertThat(start(VideoCodec.VP9, VP9_DELTA)).isTrue();
        assertThat(key(VideoCodec.VP9, VP9_MIDDLE)).isFalse();
        assertThat(start(VideoCodec.VP9, VP9_MIDDLE)).isFalse();
        assertThat(key(VideoCodec.VP9, VP9_SVC_KEY_S0)).isTrue();
        assertThat(key(VideoCodec.VP9, VP9_SVC_KEY_S1)).isFalse();
        assertThat(start(VideoCodec.VP9, VP9_SVC_KEY_S1)).isFalse();
        assertThat(key(VideoCodec.VP9, VP9_SVC_DELTA)).isFalse();
        assertThat(start(VideoCodec.VP9, VP9_SVC_DELTA)).isTrue();
        assertThat(key(VideoCodec.VP9, "8a | 80 2a | 18 05 00")).as("scalability structure cut").isFalse();
        assertThat(key(VideoCodec.VP9, "fc | 80 31 | 20 | 03 03 03 03")).as("over 3 P_DIFFs").isFalse();
    }

    @Test
    void vp9DescriptorFields() {
        Vp9Descriptor d = new Vp9Descriptor();
        byte[] key = Hex.bytes(VP9_KEY);
        assertThat(d.wrap(key, 0, key.length)).isTrue();
        assertThat(d.descriptorLength()).isEqualTo(11);
        assertThat(d.pictureId()).isEqualTo(0x2a);
        assertThat(d.hasScalabilityStructure()).isTrue();
        assertThat(d.isFlexibleMode()).isFalse();
        assertThat(d.temporalLayer()).isEqualTo(-1);
        assertThat(d.isKeyframe()).isTrue();

        byte[] s1 = Hex.bytes(VP9_SVC_KEY_S1);
        assertThat(d.wrap(s1, 0, s1.length)).isTrue();
        assertThat(d.spatialLayer()).isEqualTo(1);
        assertThat(d.isInterLayerPredicted()).isTrue();
        assertThat(d.beginsLayerFrame()).isTrue();
        assertThat(d.endsLayerFrame()).isTrue();
        assertThat(d.isStartOfFrame()).isFalse();
        assertThat(d.tl0PicIdx()).isEqualTo(-1);

        byte[] s0 = Hex.bytes(VP9_SVC_KEY_S0);
        assertThat(d.wrap(s0, 0, s0.length)).isTrue();
        assertThat(d.descriptorLength()).isEqualTo(4 + 1 + 12);

        byte[] nonFlexLayers = Hex.bytes("e8 | 05 | 40 | 07 | 86");
        assertThat(d.wrap(nonFlexLayers, 0, nonFlexLayers.length)).isTrue();
        assertThat(d.temporalLayer()).isEqualTo(2);
        assertThat(d.tl0PicIdx()).isEqualTo(7);
        assertThat(d.setTl0PicIdx(8)).isTrue();
        assertThat(d.setPictureId(0x7f)).isTrue();
        assertThat(Hex.of(nonFlexLayers)).isEqualTo("e87f400886");
    }

    // H.264 from Chrome: STAP-A with SPS and PPS, FU-A fragments of an IDR, single NAL slices.
    static final String H264_STAP_SPS_PPS = "78 | 00 0e 67 42 c0 1f 8c 8d 40 50 1e d0 0f 08 84 6a | 00 04 68 ce 3c 80";
    static final String H264_FU_A_IDR_START = "7c 85 b8 00 04 00 00";
    static final String H264_FU_A_IDR_MIDDLE = "7c 05 11 22 33";
    static final String H264_FU_A_IDR_END = "7c 45 44 55";
    static final String H264_SINGLE_IDR = "65 88 84 00 33";
    static final String H264_SINGLE_P = "41 9a 02 04";
    static final String H264_FU_A_P_START = "5c 81 9a 00";
    static final String H264_STAP_SEI_P = "78 | 00 03 06 05 01 | 00 03 41 9a 02";

    @Test
    void h264() {
        assertThat(key(VideoCodec.H264, H264_STAP_SPS_PPS)).isTrue();
        assertThat(start(VideoCodec.H264, H264_STAP_SPS_PPS)).isTrue();
        assertThat(key(VideoCodec.H264, H264_FU_A_IDR_START)).isTrue();
        assertThat(start(VideoCodec.H264, H264_FU_A_IDR_START)).isTrue();
        assertThat(key(VideoCodec.H264, H264_FU_A_IDR_MIDDLE)).isFalse();
        assertThat(start(VideoCodec.H264, H264_FU_A_IDR_MIDDLE)).isFalse();
        assertThat(key(VideoCodec.H264, H264_FU_A_IDR_END)).isFalse();
        assertThat(key(VideoCodec.H264, H264_SINGLE_IDR)).isTrue();
        assertThat(key(VideoCodec.H264, H264_SINGLE_P)).isFalse();
        assertThat(start(VideoCodec.H264, H264_SINGLE_P)).isTrue();
        assertThat(key(VideoCodec.H264, H264_FU_A_P_START)).isFalse();
        assertThat(start(VideoCodec.H264, H264_FU_A_P_START)).isTrue();
        assertThat(key(VideoCodec.H264, H264_STAP_SEI_P)).isFalse();
        assertThat(key(VideoCodec.H264, "78 | 00 0e 67 42")).as("STAP-A unit cut").isFalse();
        assertThat(key(VideoCodec.H264, "7c")).as("FU-A without header").isFalse();
        assertThat(key(VideoCodec.H264, "")).isFalse();
        assertThat(H264Payload.packetType(Hex.bytes(H264_FU_A_IDR_START), 0, 7)).isEqualTo(H264Payload.FU_A);
    }

    // AV1 from Chrome: aggregation header Z Y W(2) N.
    // First packet of a keyframe: N=1, W=2: sized sequence header OBU, then an unsized frame OBU that continues.
    static final String AV1_KEY = "68 | 0b 08 00 00 00 24 c4 ff df 00 68 02 | 30 10 01 92 80";
    static final String AV1_KEY_CONTINUATION = "d0 | 33 22 11";
    // A new delta frame: W=1, an unsized frame OBU.
    static final String AV1_DELTA_START = "10 | 30 31 00 20";
    // A packet starting with a tile group OBU.
    static final String AV1_TILE_GROUP = "10 | 20 44 55";

    @Test
    void av1() {
        assertThat(key(VideoCodec.AV1, AV1_KEY)).isTrue();
        assertThat(start(VideoCodec.AV1, AV1_KEY)).isTrue();
        assertThat(Av1Payload.firstObuType(Hex.bytes(AV1_KEY), 0, 17)).isEqualTo(Av1Payload.OBU_SEQUENCE_HEADER);
        assertThat(key(VideoCodec.AV1, AV1_KEY_CONTINUATION)).isFalse();
        assertThat(start(VideoCodec.AV1, AV1_KEY_CONTINUATION)).isFalse();
        assertThat(Av1Payload.startsWithFragment(Hex.bytes(AV1_KEY_CONTINUATION), 0, 4)).isTrue();
        assertThat(Av1Payload.endsWithFragment(Hex.bytes(AV1_KEY_CONTINUATION), 0, 4)).isTrue();
        assertThat(key(VideoCodec.AV1, AV1_DELTA_START)).isFalse();
        assertThat(start(VideoCodec.AV1, AV1_DELTA_START)).isTrue();
        assertThat(start(VideoCodec.AV1, AV1_TILE_GROUP)).isFalse();
        assertThat(start(VideoCodec.AV1, "68 | 0b 08 00")).as("element length past the end").isFalse();
        assertThat(start(VideoCodec.AV1, "60 | ff ff ff ff ff ff ff ff ff")).as("runaway LEB128").isFalse();
        assertThat(key(VideoCodec.AV1, "08")).as("only the aggregation header").isFalse();
    }

    @Test
    void worksOnRtpPacketViewsAndNames() {
        byte[] b = Hex.bytes("80 60 00 01 00 00 00 02 00 00 00 03 " + VP8_KEY);
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(VideoCodec.VP8.isKeyframe(p)).isTrue();
        assertThat(VideoCodec.VP8.isStartOfFrame(p)).isTrue();
        assertThat(VideoCodec.fromEncodingName("vp9")).isEqualTo(VideoCodec.VP9);
        assertThat(VideoCodec.fromEncodingName("H264")).isEqualTo(VideoCodec.H264);
        assertThat(VideoCodec.fromEncodingName("AV1")).isEqualTo(VideoCodec.AV1);
        assertThat(VideoCodec.fromEncodingName("opus")).isNull();
    }
}
