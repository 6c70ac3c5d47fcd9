package dev.hibiki.hls.playlist;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterPlaylistTest {
    @Test
    void listsOneStreamInfPerRendition() {
        String high = CodecStrings.h264Aac(CodecStrings.H264Profile.HIGH, 1280, 720, 30, 2_500_000);
        String low = CodecStrings.h264Aac(CodecStrings.H264Profile.fromImageFlux("h264_baseline"), 640, 360, 15,
                500_000);
        MasterPlaylist master = new MasterPlaylist(List.of(
                new Variant("720p/playlist.m3u8", 2_800_000, 2_600_000, 1280, 720, 30, high),
                Variant.configured("360p/playlist.m3u8", 500_000, 64_000, 640, 360, 15, low)));
        assertThat(master.render()).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=2800000,AVERAGE-BANDWIDTH=2600000,RESOLUTION=1280x720,FRAME-RATE=30.000,CODECS="avc1.64001f,mp4a.40.2"
                720p/playlist.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=620400,AVERAGE-BANDWIDTH=589380,RESOLUTION=640x360,FRAME-RATE=15.000,CODECS="avc1.42c016,mp4a.40.2"
                360p/playlist.m3u8
                """);
    }

    @Test
    void omitsOptionalAttributes() {
        String text = new MasterPlaylist(List.of(new Variant("a.m3u8", 1000, 0, 0, 0, 0, null)), false).render();
        assertThat(text).isEqualTo("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=1000\na.m3u8\n");
    }

    @Test
    void writesFractionalFrameRates() {
        String text = new MasterPlaylist(List.of(new Variant("a.m3u8", 1000, 0, 0, 0, 30000 / 1001.0, null))).render();
        assertThat(text).contains("FRAME-RATE=29.970");
    }

    @Test
    void rejectsBadVariants() {
        assertThatThrownBy(() -> new Variant("a.m3u8", 0, 0, 0, 0, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Variant("a\nb", 1, 0, 0, 0, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Variant("a", 1, 0, 0, 0, 0, "x\"")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MasterPlaylist(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
