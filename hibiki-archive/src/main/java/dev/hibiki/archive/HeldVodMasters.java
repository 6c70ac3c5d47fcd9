package dev.hibiki.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hibiki.platform.json.JsonMappers;
import dev.hibiki.storage.spool.SpoolItem;
import dev.hibiki.storage.spool.SpoolListener;
import dev.hibiki.storage.spool.UploadFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * VOD master playlists held back until the VOD playlists they name are uploaded (or given up). The spool keeps
 * the order of the files within one rendition's group, not among groups: a master queued at once reaches the
 * bucket while the renditions' last segments and VOD playlists may still be waiting, and a player, or a customer
 * who takes {@code vod.m3u8} as the sign that a broadcast is archived, finds them missing.
 *
 * <p>A held master is also on disk (a restart must not lose it). After a restart, which forgets what was uploaded
 * meanwhile, it is queued at once into the group of the last rendition it names, so it still follows that one.
 *
 * <p>As the spool's listener it hears each outcome, passes it on to {@code next}, then releases what no longer
 * waits for anything.
 */
final class HeldVodMasters implements SpoolListener {

    private static final Logger LOG = LoggerFactory.getLogger(HeldVodMasters.class);
    private static final ObjectMapper JSON = JsonMappers.sharedBufferMapper();

    /**
     * @param key      the master's object key
     * @param group    the spool group it is queued into: the last awaited rendition's
     * @param awaiting the keys of the VOD playlists it names
     */
    record Master(String destinationId, String key, String group, Set<String> awaiting, String playlist) {
    }

    /** Queues a released master's playlist for upload. */
    @FunctionalInterface
    interface Queue {
        void queue(String destinationId, String key, String playlist, String group);
    }

    private final Path dir;
    private final SpoolListener next;
    /** Guarded by this; each master's {@code awaiting} is a mutable copy. */
    private final Map<Path, Master> held = new LinkedHashMap<>();
    private volatile Queue queue;

    HeldVodMasters(Path dir, SpoolListener next) {
        this.dir = dir;
        this.next = next;
    }

    /** Queues through {@code queue} from now on, starting with the masters an earlier run left held. */
    void releaseTo(Queue queue) throws IOException {
        this.queue = queue;
        Files.createDirectories(dir);
        List<Path> left = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (f.getFileName().toString().endsWith(".json")) left.add(f);
                else Files.deleteIfExists(f); // what a crash left half written
            }
        }
        for (Path file : left) {
            Master master;
            try {
                master = JSON.readValue(file.toFile(), Master.class);
            } catch (IOException e) {
                LOG.error("archive: dropping the unreadable held VOD master playlist {}: {}", file, e.toString());
                Files.deleteIfExists(file);
                continue;
            }
            release(file, master);
        }
    }

    /** Holds {@code master} until each of its awaited keys is {@link #settled}; call before queueing those. */
    void hold(Master master) {
        Path file = dir.resolve(UUID.randomUUID() + ".json");
        try {
            write(file, master);
        } catch (IOException e) {
            LOG.warn("archive: cannot keep the VOD master playlist {} on disk ({}); queueing it now", master.key(),
                    e.toString());
            queue.queue(master.destinationId(), master.key(), master.playlist(), master.group());
            return;
        }
        synchronized (this) {
            held.put(file, new Master(master.destinationId(), master.key(), master.group(),
                    new HashSet<>(master.awaiting()), master.playlist()));
        }
    }

    /** {@code key} of {@code destinationId} is no longer awaited: uploaded, given up, or never queued. */
    void settled(String destinationId, String key) {
        Map<Path, Master> ready = new LinkedHashMap<>();
        synchronized (this) {
            for (Iterator<Map.Entry<Path, Master>> it = held.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Path, Master> e = it.next();
                Master m = e.getValue();
                if (m.destinationId().equals(destinationId) && m.awaiting().remove(key) && m.awaiting().isEmpty()) {
                    ready.put(e.getKey(), m);
                    it.remove();
                }
            }
        }
        ready.forEach(this::release);
    }

    @Override
    public void uploaded(SpoolItem item) {
        next.uploaded(item);
        settled(item.destinationId(), item.key());
    }

    @Override
    public void failed(SpoolItem item, UploadFailure failure) {
        next.failed(item, failure);
        settled(item.destinationId(), item.key());
    }

    private void release(Path file, Master master) {
        queue.queue(master.destinationId(), master.key(), master.playlist(), master.group());
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("archive: cannot delete {} (the VOD master is queued; a restart queues it again): {}", file,
                    e.toString());
        }
    }

    /** Written whole and flushed, then renamed into place: a crash leaves either the whole file or none. */
    private void write(Path file, Master master) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(JSON.writeValueAsBytes(master)));
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
