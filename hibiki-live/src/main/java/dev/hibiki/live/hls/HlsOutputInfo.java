package dev.hibiki.live.hls;

import dev.hibiki.hls.playlist.SegmentFormat;
import dev.hibiki.live.channel.HlsRendition;

import java.nio.file.Path;
import java.util.List;

/**
 * One sender's HLS output as {@link HlsFileListener}s see it.
 *
 * @param playlistKey   the directory under the channel's (the served path is {@code /hls/<channelId>/<playlistKey>/})
 * @param directory     where its files are on disk
 * @param ladder        the channel's renditions, in the order of their directories {@code r0, r1, ...}
 * @param masterPlaylist the master playlist's path relative to {@code directory}
 */
public record HlsOutputInfo(String channelId, String connectionId, String ownerTokenId, String playlistKey,
                            Path directory, List<HlsRendition> ladder, SegmentFormat segmentFormat,
                            String masterPlaylist) {

    public HlsOutputInfo {
        ladder = List.copyOf(ladder);
    }

    /** The directory of rendition {@code index} relative to {@link #directory()}. */
    public static String renditionDirectory(int index) {
        return HlsOutput.renditionName(index);
    }
}
