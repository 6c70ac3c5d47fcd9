package dev.hibiki.hls.playlist;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MediaPlaylistTest {
    @Test
    void writesALivePlaylist() {
        MediaPlaylist playlist = new MediaPlaylist(5, 1).startTimeOffset(-2.0);
        playlist.addSegment("segment-00000000.ts", 1.0);
        playlist.addSegment("segment-00000001.ts", 0.9666);
        playlist.addSegment("segment-00000002.ts", 1.0334);
        assertThat(playlist.render()).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-START:TIME-OFFSET=-2
                #EXTINF:1.000,
                segment-00000000.ts
                #EXTINF:0.967,
                segment-00000001.ts
                #EXTINF:1.033,
                segment-00000002.ts
                """);
        PlaylistRules.checkMediaPlaylist(playlist.render());
    }

    @Test
    void slidesTheWindowAndCountsTheMediaSequence() {
        MediaPlaylist playlist = new MediaPlaylist(3, 2);
        for (int i = 0; i < 3; i++) {
            playlist.addSegment("s" + i + ".ts", 2.0);
        }
        assertThat(PlaylistRules.mediaSequence(playlist.render())).isZero();
        assertThat(playlist.drainRemoved()).isEmpty();
        for (int i = 3; i < 7; i++) {
            playlist.addSegment("s" + i + ".ts", 2.0);
            String text = playlist.render();
            assertThat(PlaylistRules.mediaSequence(text)).isEqualTo(i - 2);
            assertThat(PlaylistRules.checkMediaPlaylist(text)).extracting(PlaylistRules.Entry::uri)
                    .containsExactly("s" + (i - 2) + ".ts", "s" + (i - 1) + ".ts", "s" + i + ".ts");
        }
        assertThat(playlist.drainRemoved()).extracting(MediaSegment::sequenceNumber).containsExactly(0L, 1L, 2L, 3L);
        assertThat(playlist.drainRemoved()).isEmpty();
        assertThat(playlist.nextSequenceNumber()).isEqualTo(7);
    }

    @Test
    void targetDurationCoversEveryRoundedExtinfAndNeverShrinks() {
        MediaPlaylist playlist = new MediaPlaylist(2, 2);
        playlist.addSegment("a.ts", 2.0004);
        assertThat(playlist.targetDuration()).isEqualTo(2);
        playlist.addSegment("b.ts", 2.0006);
        assertThat(playlist.render()).contains("#EXTINF:2.001,");
        assertThat(playlist.targetDuration()).isEqualTo(3);
        playlist.addSegment("c.ts", 1.5);
        playlist.addSegment("d.ts", 1.5);
        assertThat(PlaylistRules.targetDuration(playlist.render())).isEqualTo(3);

        Random random = new Random(3);
        MediaPlaylist live = new MediaPlaylist(6, 1);
        for (int i = 0; i < 500; i++) {
            live.addSegment("x" + i + ".ts", 0.2 + random.nextDouble() * (i % 50 == 0 ? 4 : 1.5));
            PlaylistRules.checkMediaPlaylist(live.render());
        }
    }

    @Test
    void writesStartOffsetsAsDecimals() {
        assertThat(new MediaPlaylist(3, 1).startTimeOffset(-1.5).render()).contains("#EXT-X-START:TIME-OFFSET=-1.5\n");
        assertThat(new MediaPlaylist(3, 1).startTimeOffset(3.0).render()).contains("#EXT-X-START:TIME-OFFSET=3\n");
        assertThat(new MediaPlaylist(3, 1).render()).doesNotContain("EXT-X-START");
    }

    @Test
    void marksDiscontinuitiesAndCountsThemWhenTheyLeave() {
        MediaPlaylist playlist = new MediaPlaylist(2, 1);
        playlist.addSegment("a.ts", 1);
        playlist.markDiscontinuity();
        playlist.addSegment("b.ts", 1);
        String text = playlist.render();
        assertThat(text).contains("#EXTINF:1.000,\na.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:1.000,\nb.ts\n");
        assertThat(text).doesNotContain("DISCONTINUITY-SEQUENCE");
        playlist.addSegment("c.ts", 1);
        playlist.addSegment("d.ts", 1);
        text = playlist.render();
        assertThat(text).contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n").doesNotContain("#EXT-X-DISCONTINUITY\n");
        PlaylistRules.checkMediaPlaylist(text);
    }

    @Test
    void writesKeyTagsWhereTheKeyChanges() {
        String uri = SegmentKey.keyUri("https://example.com/key", "kid-1");
        byte[] iv = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        SegmentKey first = SegmentKey.aes128(uri, iv);
        SegmentKey second = SegmentKey.aes128(SegmentKey.keyUri("https://example.com/key?user=1", "kid-2"),
                SegmentKey.ivForSequence(2));
        MediaPlaylist playlist = new MediaPlaylist(3, 1);
        playlist.addSegment("0.ts", 1, 100, first, null);
        playlist.addSegment("1.ts", 1, 100, first, null);
        playlist.addSegment("2.ts", 1, 100, second, null);
        playlist.addSegment("3.ts", 1, 100, null, null);
        String text = playlist.render();
        assertThat(text).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:1
                #EXT-X-MEDIA-SEQUENCE:1
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-KEY:METHOD=AES-128,URI="https://example.com/key?kid=kid-1",IV=0x000102030405060708090A0B0C0D0E0F
                #EXTINF:1.000,
                1.ts
                #EXT-X-KEY:METHOD=AES-128,URI="https://example.com/key?user=1&kid=kid-2",IV=0x00000000000000000000000000000002
                #EXTINF:1.000,
                2.ts
                #EXT-X-KEY:METHOD=NONE
                #EXTINF:1.000,
                3.ts
                """);
        List<PlaylistRules.Entry> entries = PlaylistRules.checkMediaPlaylist(text);
        assertThat(entries.get(0).key()).contains("kid=kid-1");
        assertThat(entries.get(2).key()).isNull();
    }

    @Test
    void endsWithEndlistAndRefusesMoreSegments() {
        MediaPlaylist playlist = new MediaPlaylist(3, 1).type(MediaPlaylist.Type.EVENT);
        playlist.addSegment("a.ts", 1);
        playlist.end();
        String text = playlist.render();
        assertThat(text).contains("#EXT-X-PLAYLIST-TYPE:EVENT\n").endsWith("a.ts\n#EXT-X-ENDLIST\n");
        PlaylistRules.checkMediaPlaylist(text);
        assertThatThrownBy(() -> playlist.addSegment("b.ts", 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writesProgramDateTime() {
        MediaPlaylist playlist = new MediaPlaylist(3, 1);
        playlist.addSegment("a.ts", 1, 0, null, Instant.parse("2020-01-02T12:34:56.12345Z"));
        assertThat(playlist.render()).contains("#EXT-X-PROGRAM-DATE-TIME:2020-01-02T12:34:56.123Z\n#EXTINF:1.000,\na.ts\n");
        PlaylistRules.checkMediaPlaylist(playlist.render());
    }

    @Test
    void anUnlimitedWindowKeepsEverySegment() {
        MediaPlaylist archive = new MediaPlaylist(0, 1).type(MediaPlaylist.Type.VOD);
        for (int i = 0; i < 100; i++) {
            archive.addSegment(i + ".ts", 1);
        }
        assertThat(archive.segments()).hasSize(100);
        assertThat(archive.drainRemoved()).isEmpty();
        assertThat(archive.mediaSequence()).isZero();
    }

    @Test
    void measuresBitrates() {
        MediaPlaylist playlist = new MediaPlaylist(3, 1);
        playlist.addSegment("a.ts", 1, 100_000, null, null);
        playlist.addSegment("b.ts", 2, 100_000, null, null);
        assertThat(playlist.peakBitrate()).isEqualTo(800_000);
        assertThat(playlist.averageBitrate()).isEqualTo(533_333);
        assertThat(playlist.durationSeconds()).isEqualTo(3.0);
    }

    @Test
    void formatsNumbersTheSameInEveryLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            MediaPlaylist playlist = new MediaPlaylist(3, 1).startTimeOffset(-1.25);
            playlist.addSegment("a.ts", 1.5);
            assertThat(playlist.render()).contains("#EXTINF:1.500,").contains("TIME-OFFSET=-1.25");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void rejectsBadInput() {
        MediaPlaylist playlist = new MediaPlaylist(3, 1);
        assertThatThrownBy(() -> playlist.addSegment("a\n#EXT-X-ENDLIST", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> playlist.addSegment("a.ts", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> playlist.addSegment("a.ts", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MediaPlaylist(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentKey.aes128("https://x/\"", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentKey.aes128("https://x/", new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fragmentedMp4PlaylistsNameTheInitSegmentAndUseVersion7() {
        MediaPlaylist playlist = new MediaPlaylist(3, 1).map(SegmentFormat.INIT_FILE);
        playlist.addSegment("segment-00000000.m4s", 1.0);
        assertThat(playlist.render()).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:1
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init.mp4"
                #EXTINF:1.000,
                segment-00000000.m4s
                """);
        assertThat(new MediaPlaylist(3, 1).render()).contains("#EXT-X-VERSION:3\n").doesNotContain("EXT-X-MAP");
        assertThatThrownBy(() -> new MediaPlaylist(3, 1).map("a\"b")).isInstanceOf(IllegalArgumentException.class);
    }
}
