package dev.hibiki.hls.playlist;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static dev.hibiki.hls.playlist.CodecStrings.H264Profile.BASELINE;
import static dev.hibiki.hls.playlist.CodecStrings.H264Profile.HIGH;
import static dev.hibiki.hls.playlist.CodecStrings.H264Profile.MAIN;
import static org.assertj.core.api.Assertions.assertThat;

class CodecStringsTest {
    @Test
    void picksTheLowestH264LevelThatFits() {
        assertThat(CodecStrings.h264Level(HIGH, 640, 480, 30, 1_000_000)).isEqualTo(30);
        assertThat(CodecStrings.h264Level(HIGH, 1280, 720, 30, 2_500_000)).isEqualTo(31);
        assertThat(CodecStrings.h264Level(HIGH, 1280, 720, 60, 4_000_000)).isEqualTo(32);
        assertThat(CodecStrings.h264Level(HIGH, 1920, 1080, 30, 6_000_000)).isEqualTo(40);
        assertThat(CodecStrings.h264Level(HIGH, 1920, 1080, 60, 8_000_000)).isEqualTo(42);
        assertThat(CodecStrings.h264Level(HIGH, 320, 240, 12, 300_000)).isEqualTo(12);
        assertThat(CodecStrings.h264Level(BASELINE, 640, 360, 15, 500_000)).isEqualTo(22);
        assertThat(CodecStrings.h264Level(BASELINE, 176, 144, 15, 64_000)).isEqualTo(10);
        // bitrate decides: 14 Mbit/s is over level 3.1 for Main (14000 kbit/s x 1000) only when exceeded
        assertThat(CodecStrings.h264Level(MAIN, 1280, 720, 30, 14_000_001)).isEqualTo(32);
        assertThat(CodecStrings.h264Level(HIGH, 1280, 720, 30, 14_000_001)).isEqualTo(31);
        // a 4096-pixel-wide strip needs a level whose sqrt(8 * MaxFS) allows 256 macroblocks per row
        assertThat(CodecStrings.h264Level(HIGH, 4096, 36, 30, 1_000_000)).isEqualTo(40);
        assertThat(CodecStrings.h264Level(HIGH, 8192, 4320, 120, 1_000_000)).isEqualTo(62);
    }

    @Test
    void writesAvc1Strings() {
        assertThat(CodecStrings.avc1(HIGH, 31)).isEqualTo("avc1.64001f");
        assertThat(CodecStrings.avc1(MAIN, 30)).isEqualTo("avc1.4d401e");
        assertThat(CodecStrings.avc1(BASELINE, 30)).isEqualTo("avc1.42c01e");
        assertThat(CodecStrings.h264Aac(HIGH, 640, 480, 30, 1_000_000)).isEqualTo("avc1.64001e,mp4a.40.2");
    }

    @Test
    void readsTheStringFromAnSps() {
        byte[] sps = HexFormat.of().parseHex("6742c00dda0507ec04400000");
        assertThat(CodecStrings.avc1FromSps(sps, 0, sps.length)).isEqualTo("avc1.42c00d");
        assertThat(CodecStrings.avc1FromSps(new byte[] {0x68, 1, 2, 3}, 0, 4)).isNull();
        assertThat(CodecStrings.avc1FromSps(sps, 0, 3)).isNull();
    }

    @Test
    void mapsImageFluxProfileNames() {
        assertThat(CodecStrings.H264Profile.fromImageFlux("h264_high")).isEqualTo(HIGH);
        assertThat(CodecStrings.H264Profile.fromImageFlux("h264_main")).isEqualTo(MAIN);
        assertThat(CodecStrings.H264Profile.fromImageFlux("H264_BASELINE")).isEqualTo(BASELINE);
        assertThat(CodecStrings.H264Profile.fromImageFlux(null)).isEqualTo(HIGH);
    }
}
