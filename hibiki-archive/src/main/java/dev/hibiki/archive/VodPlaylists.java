package dev.hibiki.archive;

import dev.hibiki.hls.playlist.MediaPlaylist;
import dev.hibiki.live.hls.HlsOutputInfo;

import java.util.List;

/** The VOD playlists of an archived broadcast: every segment, {@code EXT-X-PLAYLIST-TYPE:VOD}, {@code EXT-X-ENDLIST}. */
final class VodPlaylists {

    static final String NAME = "vod.m3u8";

    private VodPlaylists() {
    }

    /** A rendition's VOD playlist over its segments, in the order they were written. */
    static String media(double nominalSeconds, String init, List<BroadcastJournal.Segment> segments) {
        MediaPlaylist vod = new MediaPlaylist(Integer.MAX_VALUE, nominalSeconds).type(MediaPlaylist.Type.VOD).map(init);
        vod.firstSequenceNumber(segments.get(0).sequence());
        for (BroadcastJournal.Segment s : segments) {
            vod.addSegment(s.name(), s.durationSeconds(), 0, s.key(), s.programDateTime());
        }
        vod.end();
        return vod.render();
    }

    /**
     * The live master playlist with each archived rendition's playlist ({@code r<i>/…}) replaced by its VOD playlist
     * and the renditions archived elsewhere left out.
     */
    static String master(String liveMaster, List<Integer> archived) {
        StringBuilder out = new StringBuilder();
        String pendingStreamInf = null;
        for (String line : liveMaster.split("\n", -1)) {
            if (line.startsWith("#EXT-X-STREAM-INF")) {
                pendingStreamInf = line;
                continue;
            }
            if (pendingStreamInf != null && !line.startsWith("#") && !line.isBlank()) {
                for (int r : archived) {
                    String dir = HlsOutputInfo.renditionDirectory(r) + "/";
                    if (line.startsWith(dir)) out.append(pendingStreamInf).append('\n').append(dir).append(NAME).append('\n');
                }
                pendingStreamInf = null;
                continue;
            }
            if (!line.isEmpty()) out.append(line).append('\n');
        }
        return out.toString();
    }
}
