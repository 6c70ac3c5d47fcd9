package dev.hibiki.archive;

import dev.hibiki.hls.playlist.MediaPlaylist;
import dev.hibiki.live.channel.HlsRendition;
import dev.hibiki.live.hls.HlsFile;
import dev.hibiki.live.hls.HlsFileListener;
import dev.hibiki.live.hls.HlsOutputInfo;
import dev.hibiki.storage.spool.UploadSpool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queues every file of an archived rendition for upload as the HLS output writes it (segments, init segments,
 * each version of the playlists), under {@code <channel_id>/<playlist key>/…} like the served layout. When the
 * sender leaves it adds, per destination, a VOD playlist per rendition ({@code r<i>/vod.m3u8}: every segment of
 * the broadcast, {@code EXT-X-PLAYLIST-TYPE:VOD}, {@code EXT-X-ENDLIST}) and a master {@code vod.m3u8} pointing at
 * them, which is held back until those are uploaded ({@link HeldVodMasters}). Runs on the transcoder's thread: it
 * only hard-links files into the spool, which uploads on its own threads.
 */
public final class ArchiveRecorder implements HlsFileListener {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRecorder.class);
    static final String VOD_PLAYLIST = "vod.m3u8";

    private final UploadSpool spool;
    private final Path scratch;
    private final ArchiveFailures failures;
    private final HeldVodMasters masters;
    private final Map<String, Broadcast> broadcasts = new ConcurrentHashMap<>();

    /** What one archived output has written so far: its segments, for the VOD playlists. */
    private static final class Broadcast {
        final HlsOutputInfo info;
        final Map<Integer, String> destinations = new LinkedHashMap<>();
        final Map<Integer, List<HlsFile>> segments = new ConcurrentHashMap<>();
        final Map<Integer, String> init = new ConcurrentHashMap<>();

        Broadcast(HlsOutputInfo info) {
            this.info = info;
            List<HlsRendition> ladder = info.ladder();
            for (int i = 0; i < ladder.size(); i++) {
                String id = ladder.get(i).archiveDestinationId();
                if (id != null) destinations.put(i, id);
            }
        }
    }

    /**
     * @param scratch  where the VOD playlists are written before they are queued
     * @param failures told about files that could not be queued
     * @param masters  holds the VOD master playlists until their renditions' VOD playlists are uploaded
     */
    ArchiveRecorder(UploadSpool spool, Path scratch, ArchiveFailures failures, HeldVodMasters masters) {
        this.spool = spool;
        this.scratch = scratch;
        this.failures = failures;
        this.masters = masters;
    }

    @Override
    public void started(HlsOutputInfo output) {
        Broadcast b = new Broadcast(output);
        if (b.destinations.isEmpty()) return;
        broadcasts.put(output.connectionId(), b);
        LOG.info("archiving the HLS output of connection {} in channel {} to {}", output.connectionId(),
                output.channelId(), b.destinations.values().stream().distinct().toList());
    }

    @Override
    public void written(HlsOutputInfo output, HlsFile file) {
        Broadcast b = broadcasts.get(output.connectionId());
        if (b == null) return;
        if (file.kind() == HlsFile.Kind.MASTER_PLAYLIST) {
            for (String destination : b.destinations.values().stream().distinct().toList()) {
                queue(destination, key(output, file.relativePath()), file.file(), outputGroup(output));
            }
            return;
        }
        String destination = b.destinations.get(file.rendition());
        if (destination == null) return;
        if (file.kind() == HlsFile.Kind.SEGMENT) {
            b.segments.computeIfAbsent(file.rendition(), r -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(file);
        } else if (file.kind() == HlsFile.Kind.INIT) {
            b.init.put(file.rendition(), file.fileName());
        }
        queue(destination, key(output, file.relativePath()), file.file(), renditionGroup(output, file.rendition()));
    }

    @Override
    public void ended(HlsOutputInfo output) {
        Broadcast b = broadcasts.remove(output.connectionId());
        if (b == null) return;
        Map<String, List<Integer>> byDestination = new LinkedHashMap<>();
        b.destinations.forEach((r, d) -> byDestination.computeIfAbsent(d, k -> new ArrayList<>()).add(r));
        for (Map.Entry<String, List<Integer>> e : byDestination.entrySet()) {
            String destination = e.getKey();
            List<Integer> archived = e.getValue().stream()
                    .filter(r -> !b.segments.getOrDefault(r, List.of()).isEmpty()).toList();
            if (archived.isEmpty()) continue;
            Map<Integer, String> vodKeys = new LinkedHashMap<>();
            for (int r : archived) {
                vodKeys.put(r, key(output, HlsOutputInfo.renditionDirectory(r) + "/" + VOD_PLAYLIST));
            }
            String master = vodMaster(output, archived);
            // held before the playlists it waits for are queued, which may be uploaded at once
            if (master != null) {
                masters.hold(new HeldVodMasters.Master(destination, key(output, VOD_PLAYLIST),
                        renditionGroup(output, archived.getLast()), Set.copyOf(vodKeys.values()), master));
            }
            for (int r : archived) {
                String key = vodKeys.get(r);
                String vod = vodPlaylist(b, r, b.segments.get(r));
                if (!queuePlaylist(destination, key, vod, renditionGroup(output, r))) masters.settled(destination, key);
            }
        }
        LOG.info("HLS output of connection {} in channel {}: VOD playlists queued for the archive",
                output.connectionId(), output.channelId());
    }


    private String vodPlaylist(Broadcast b, int rendition, List<HlsFile> segments) {
        HlsRendition r = b.info.ladder().get(rendition);
        MediaPlaylist vod = new MediaPlaylist(Integer.MAX_VALUE, r.durationSeconds()).type(MediaPlaylist.Type.VOD)
                .map(b.init.get(rendition));
        List<HlsFile> copy;
        synchronized (segments) {
            copy = List.copyOf(segments);
        }
        vod.firstSequenceNumber(copy.get(0).sequence());
        for (HlsFile s : copy) {
            vod.addSegment(s.fileName(), s.durationSeconds(), 0, s.key(), s.programDateTime());
        }
        vod.end();
        return vod.render();
    }

    /**
     * The live master playlist with each archived rendition's playlist replaced by its VOD playlist and the
     * renditions archived elsewhere left out; null when the master was never written.
     */
    private static String vodMaster(HlsOutputInfo output, List<Integer> archived) {
        Path live = output.directory().resolve(output.masterPlaylist());
        List<String> lines;
        try {
            lines = Files.readAllLines(live, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        String pendingStreamInf = null;
        for (String line : lines) {
            if (line.startsWith("#EXT-X-STREAM-INF")) {
                pendingStreamInf = line;
                continue;
            }
            if (pendingStreamInf != null && !line.startsWith("#") && !line.isBlank()) {
                for (int r : archived) {
                    String livePath = HlsOutputInfo.renditionDirectory(r) + "/";
                    if (line.startsWith(livePath)) {
                        out.append(pendingStreamInf).append('\n')
                                .append(livePath).append(VOD_PLAYLIST).append('\n');
                    }
                }
                pendingStreamInf = null;
                continue;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** Queues a playlist written here; false when it could not be (the failure is reported). */
    boolean queuePlaylist(String destination, String key, String text, String group) {
        Path tmp = scratch.resolve(UUID.randomUUID() + ".m3u8");
        try {
            Files.createDirectories(scratch);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            return queue(destination, key, tmp, group);
        } catch (IOException e) {
            failures.notQueued(destination, key, e);
            return false;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the spool holds its own link to the content
            }
        }
    }

    private boolean queue(String destination, String key, Path file, String group) {
        try {
            spool.enqueue(destination, key, file, ArchiveContentTypes.of(key), group);
            return true;
        } catch (IOException | RuntimeException e) {
            failures.notQueued(destination, key, e);
            return false;
        }
    }

    /** The object key under the destination's prefix: the served layout below {@code /hls/}. */
    static String key(HlsOutputInfo output, String relativePath) {
        return output.channelId() + "/" + output.playlistKey() + "/" + relativePath;
    }

    /** One rendition's files upload in the order written: a playlist after the segments it lists. */
    private static String renditionGroup(HlsOutputInfo output, int rendition) {
        return output.channelId() + "/" + output.playlistKey() + "/" + HlsOutputInfo.renditionDirectory(rendition);
    }

    private static String outputGroup(HlsOutputInfo output) {
        return output.channelId() + "/" + output.playlistKey();
    }
}
