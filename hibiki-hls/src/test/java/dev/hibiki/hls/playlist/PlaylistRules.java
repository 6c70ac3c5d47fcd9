package dev.hibiki.hls.playlist;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks a media playlist against the RFC 8216 rules the writer must keep, and lists its segments. */
final class PlaylistRules {
    record Entry(String uri, double duration, String key, boolean discontinuity) {}

    private PlaylistRules() {}

    static List<Entry> checkMediaPlaylist(String text) {
        assertThat(text).startsWith("#EXTM3U\n").endsWith("\n").doesNotContain("\r").doesNotContain("\n\n");
        String[] lines = text.split("\n");
        int version = -1;
        int target = -1;
        boolean mediaSequence = false;
        boolean ended = false;
        boolean sawSegment = false;
        String key = null;
        Double pendingDuration = null;
        boolean pendingDiscontinuity = false;
        List<Entry> entries = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            assertThat(ended).as("nothing after EXT-X-ENDLIST").isFalse();
            assertThat(line).as("line %d", i).isNotBlank().isEqualTo(line.strip());
            if (line.startsWith("#EXT-X-VERSION:")) {
                assertThat(version).as("one EXT-X-VERSION").isEqualTo(-1);
                version = Integer.parseInt(line.substring(15));
            } else if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                assertThat(target).as("one EXT-X-TARGETDURATION").isEqualTo(-1);
                target = Integer.parseInt(line.substring(22));
            } else if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                assertThat(sawSegment).as("EXT-X-MEDIA-SEQUENCE before the first segment").isFalse();
                Long.parseLong(line.substring(22));
                mediaSequence = true;
            } else if (line.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
                assertThat(sawSegment).as("EXT-X-DISCONTINUITY-SEQUENCE before the first segment").isFalse();
            } else if (line.startsWith("#EXTINF:")) {
                assertThat(pendingDuration).as("EXTINF followed by a URI").isNull();
                assertThat(line).matches("#EXTINF:\\d+\\.\\d{3},");
                pendingDuration = Double.parseDouble(line.substring(8, line.length() - 1));
            } else if (line.equals("#EXT-X-DISCONTINUITY")) {
                pendingDiscontinuity = true;
            } else if (line.startsWith("#EXT-X-KEY:")) {
                if (line.contains(",IV=")) {
                    assertThat(line).matches(".*,IV=0x[0-9A-F]{32}");
                    assertThat(version).as("IV needs version 2").isGreaterThanOrEqualTo(2);
                }
                key = line.equals("#EXT-X-KEY:METHOD=NONE") ? null : line;
            } else if (line.equals("#EXT-X-ENDLIST")) {
                ended = true;
            } else if (line.startsWith("#EXT-X-START:")) {
                assertThat(line).matches("#EXT-X-START:TIME-OFFSET=-?\\d+(\\.\\d+)?");
            } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                assertThat(line).matches("#EXT-X-PROGRAM-DATE-TIME:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            } else if (line.startsWith("#EXT-X-PLAYLIST-TYPE:") || line.equals("#EXT-X-INDEPENDENT-SEGMENTS")) {
                assertThat(sawSegment).isFalse();
            } else {
                assertThat(line).as("unknown tag").doesNotStartWith("#");
                assertThat(pendingDuration).as("URI %s without EXTINF", line).isNotNull();
                entries.add(new Entry(line, pendingDuration, key, pendingDiscontinuity));
                pendingDuration = null;
                pendingDiscontinuity = false;
                sawSegment = true;
            }
        }
        assertThat(pendingDuration).as("last EXTINF has its URI").isNull();
        assertThat(version).isGreaterThanOrEqualTo(3);
        assertThat(target).isPositive();
        assertThat(mediaSequence).isTrue();
        for (Entry e : entries) {
            assertThat(Math.round(e.duration())).as("EXTINF %s rounded <= target %d", e.duration(), target)
                    .isLessThanOrEqualTo(target);
        }
        return entries;
    }

    static long mediaSequence(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                return Long.parseLong(line.substring(22));
            }
        }
        throw new AssertionError("no EXT-X-MEDIA-SEQUENCE");
    }

    static int targetDuration(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                return Integer.parseInt(line.substring(22));
            }
        }
        throw new AssertionError("no EXT-X-TARGETDURATION");
    }
}
