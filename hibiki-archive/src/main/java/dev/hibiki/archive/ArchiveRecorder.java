package dev.hibiki.archive;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queues every file of an archived rendition for upload as the HLS output writes it (segments, init segments,
 * each version of the playlists), under {@code <channel_id>/<connection_id>/…}: the layout served below
 * {@code /hls/<channel_id>/<playlist key>/}, with the sending connection's id in place of the playlist key, since a
 * single-stream channel keeps its playlist key for every broadcast and a later one would overwrite an earlier one. When the
 * sender leaves it adds, per destination, a VOD playlist per rendition ({@code r<i>/vod.m3u8}: every segment of
 * the broadcast, {@code EXT-X-PLAYLIST-TYPE:VOD}, {@code EXT-X-ENDLIST}) and a master {@code vod.m3u8} pointing at
 * them, which is held back until those are uploaded ({@link HeldVodMasters}). Runs on the transcoder's thread: it
 * only hard-links files into the spool, which uploads on its own threads. Each broadcast's segments are also kept in a {@link BroadcastJournal}, so that the VOD playlists of a broadcast
 * cut short by a stop or a crash are written at the next start.
 */
public final class ArchiveRecorder implements HlsFileListener {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRecorder.class);

    private final UploadSpool spool;
    private final Path scratch;
    private final Path journals;
    private final ArchiveFailures failures;
    private final HeldVodMasters masters;
    private final Map<String, Broadcast> broadcasts = new ConcurrentHashMap<>();

    /** What one archived output has written so far: its segments, for the VOD playlists. */
    private static final class Broadcast {
        final String channelId;
        final String connectionId;
        final Map<Integer, String> destinations;
        final Map<Integer, Double> nominalSeconds;
        final Map<Integer, String> init = new ConcurrentHashMap<>();
        final List<BroadcastJournal.Segment> segments = Collections.synchronizedList(new ArrayList<>());
        volatile String master;
        final BroadcastJournal journal;

        Broadcast(String channelId, String connectionId, Map<Integer, String> destinations,
                  Map<Integer, Double> nominalSeconds, BroadcastJournal journal) {
            this.channelId = channelId;
            this.connectionId = connectionId;
            this.destinations = destinations;
            this.nominalSeconds = nominalSeconds;
            this.journal = journal;
        }
    }

    /**
     * @param scratch  where the VOD playlists are written before they are queued
     * @param journals where each archived broadcast's journal is kept until its VOD playlists are queued
     * @param failures told about files that could not be queued
     * @param masters  holds the VOD master playlists until their renditions' VOD playlists are uploaded
     */
    ArchiveRecorder(UploadSpool spool, Path scratch, Path journals, ArchiveFailures failures, HeldVodMasters masters) {
        this.spool = spool;
        this.scratch = scratch;
        this.journals = journals;
        this.failures = failures;
        this.masters = masters;
    }

    /**
     * Writes the VOD playlists of the broadcasts a previous run did not finish (it stopped or was killed while
     * they were live); call once at start, before outputs begin.
     */
    public void finishInterruptedBroadcasts() {
        List<BroadcastJournal.Recovered> found;
        try {
            found = BroadcastJournal.recover(journals);
        } catch (IOException e) {
            LOG.error("archive: the journals in {} cannot be read: {}", journals, e.toString());
            return;
        }
        for (BroadcastJournal.Recovered r : found) {
            Broadcast b = new Broadcast(r.channelId(), r.connectionId(), r.destinations(), r.nominalSeconds(), null);
            b.init.putAll(r.init());
            b.segments.addAll(r.segments());
            b.master = r.master();
            queueVodPlaylists(b);
            try {
                Files.deleteIfExists(r.file());
            } catch (IOException e) {
                LOG.warn("archive: cannot delete the journal {}: {}", r.file(), e.toString());
            }
            LOG.info("archive: VOD playlists of the interrupted broadcast {}/{} queued ({} segments)", r.channelId(),
                    r.connectionId(), r.segments().size());
        }
    }

    @Override
    public void started(HlsOutputInfo output) {
        Map<Integer, String> destinations = new LinkedHashMap<>();
        Map<Integer, Double> nominal = new LinkedHashMap<>();
        List<HlsRendition> ladder = output.ladder();
        for (int i = 0; i < ladder.size(); i++) {
            String id = ladder.get(i).archiveDestinationId();
            if (id == null) continue;
            destinations.put(i, id);
            nominal.put(i, ladder.get(i).durationSeconds());
        }
        if (destinations.isEmpty()) return;
        BroadcastJournal journal = null;
        try {
            journal = BroadcastJournal.create(journals, output.connectionId(), output.channelId(), destinations,
                    nominal);
        } catch (IOException e) {
            LOG.error("archive: no journal for connection {} (its VOD playlists are lost if Hibiki stops before it"
                    + " ends): {}", output.connectionId(), e.toString());
        }
        broadcasts.put(output.connectionId(), new Broadcast(output.channelId(), output.connectionId(), destinations,
                nominal, journal));
        LOG.info("archiving the HLS output of connection {} in channel {} to {}", output.connectionId(),
                output.channelId(), destinations.values().stream().distinct().toList());
    }

    @Override
    public void written(HlsOutputInfo output, HlsFile file) {
        Broadcast b = broadcasts.get(output.connectionId());
        if (b == null) return;
        if (file.kind() == HlsFile.Kind.MASTER_PLAYLIST) {
            try {
                b.master = Files.readString(file.file(), StandardCharsets.UTF_8);
                if (b.journal != null) b.journal.master(b.master);
            } catch (IOException e) {
                LOG.warn("archive: cannot keep the master playlist of {}: {}", output.connectionId(), e.toString());
            }
            for (String destination : b.destinations.values().stream().distinct().toList()) {
                queue(b, destination, file.relativePath(), file.file(), outputGroup(b));
            }
            return;
        }
        String destination = b.destinations.get(file.rendition());
        if (destination == null) return;
        try {
            if (file.kind() == HlsFile.Kind.SEGMENT) {
                BroadcastJournal.Segment s = new BroadcastJournal.Segment(file.rendition(), file.sequence(),
                        file.fileName(), file.durationSeconds(), file.key(), file.programDateTime());
                if (b.journal != null) b.journal.segment(s);
                b.segments.add(s);
            } else if (file.kind() == HlsFile.Kind.INIT) {
                if (b.journal != null) b.journal.init(file.rendition(), file.fileName());
                b.init.put(file.rendition(), file.fileName());
            }
        } catch (IOException e) {
            LOG.warn("archive: the journal of {} cannot be written: {}", output.connectionId(), e.toString());
        }
        queue(b, destination, file.relativePath(), file.file(), renditionGroup(b, file.rendition()));
    }

    @Override
    public void ended(HlsOutputInfo output) {
        Broadcast b = broadcasts.remove(output.connectionId());
        if (b == null) return;
        queueVodPlaylists(b);
        if (b.journal != null) {
            try {
                b.journal.finish();
            } catch (IOException e) {
                LOG.warn("archive: cannot delete the journal of {}: {}", output.connectionId(), e.toString());
            }
        }
        LOG.info("HLS output of connection {} in channel {}: VOD playlists queued for the archive",
                output.connectionId(), output.channelId());
    }

    private void queueVodPlaylists(Broadcast b) {
        Map<String, List<Integer>> byDestination = new LinkedHashMap<>();
        b.destinations.forEach((r, d) -> byDestination.computeIfAbsent(d, k -> new ArrayList<>()).add(r));
        List<BroadcastJournal.Segment> all;
        synchronized (b.segments) {
            all = List.copyOf(b.segments);
        }
        for (Map.Entry<String, List<Integer>> e : byDestination.entrySet()) {
            String destination = e.getKey();
            Map<Integer, List<BroadcastJournal.Segment>> byRendition = new LinkedHashMap<>();
            for (int r : e.getValue()) {
                List<BroadcastJournal.Segment> segments = all.stream().filter(s -> s.rendition() == r).toList();
                if (!segments.isEmpty()) byRendition.put(r, segments);
            }
            if (byRendition.isEmpty()) continue;
            List<Integer> archived = List.copyOf(byRendition.keySet());
            Map<Integer, String> vodKeys = new LinkedHashMap<>();
            for (int r : archived) vodKeys.put(r, key(b, HlsOutputInfo.renditionDirectory(r) + "/" + VodPlaylists.NAME));
            // held before the playlists it waits for are queued, which may be uploaded at once
            if (b.master != null) {
                masters.hold(new HeldVodMasters.Master(destination, key(b, VodPlaylists.NAME),
                        renditionGroup(b, archived.getLast()), java.util.Set.copyOf(vodKeys.values()),
                        VodPlaylists.master(b.master, archived)));
            }
            for (int r : archived) {
                String key = vodKeys.get(r);
                String vod = VodPlaylists.media(b.nominalSeconds.getOrDefault(r, 1.0), b.init.get(r), byRendition.get(r));
                if (!queuePlaylist(destination, key, vod, renditionGroup(b, r))) masters.settled(destination, key);
            }
        }
    }

    /** Queues a playlist written here; false when it could not be (the failure is reported). */
    boolean queuePlaylist(String destination, String key, String text, String group) {
        Path tmp = scratch.resolve(UUID.randomUUID() + ".m3u8");
        try {
            Files.createDirectories(scratch);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            return queueFile(destination, key, tmp, group);
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

    private boolean queueFile(String destination, String key, Path file, String group) {
        try {
            spool.enqueue(destination, key, file, ArchiveContentTypes.of(key), group);
            return true;
        } catch (IOException | RuntimeException e) {
            failures.notQueued(destination, key, e);
            return false;
        }
    }

    private void queue(Broadcast b, String destination, String relativePath, Path file, String group) {
        queueFile(destination, key(b, relativePath), file, group);
    }

    /** The object key under the destination's prefix: one directory per broadcast (sending connection). */
    private static String key(Broadcast b, String relativePath) {
        return b.channelId + "/" + b.connectionId + "/" + relativePath;
    }

    /** One rendition's files upload in the order written: a playlist after the segments it lists. */
    private static String renditionGroup(Broadcast b, int rendition) {
        return b.channelId + "/" + b.connectionId + "/" + HlsOutputInfo.renditionDirectory(rendition);
    }

    private static String outputGroup(Broadcast b) {
        return b.channelId + "/" + b.connectionId;
    }
}
