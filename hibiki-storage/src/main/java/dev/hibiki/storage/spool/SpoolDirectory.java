package dev.hibiki.storage.spool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The spool on disk. Each item is two files in {@code items/}, named by its sequence number: {@code N.data}, a
 * hard link to (or a copy of) the enqueued file, and {@code N.item}, its manifest. The data is flushed to disk
 * first and the manifest is written to a temporary file, flushed and renamed into place, so an item exists
 * exactly when its manifest does, whole; whatever a crash leaves besides (temporary files, data without a
 * manifest) is removed when the spool is opened again. A lock file keeps a second spool out of the directory.
 */
final class SpoolDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectory.class);
    private static final String MAGIC = "hibiki-spool-item 1";

    private final Path items;
    private final FileChannel lockChannel;
    private final FileLock lock;

    /** An item as found on disk. */
    record Stored(SpoolItem item, Path data) {
    }

    private SpoolDirectory(Path items, FileChannel lockChannel, FileLock lock) {
        this.items = items;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static SpoolDirectory open(Path dir) throws IOException {
        Path items = dir.resolve("items");
        Files.createDirectories(items);
        FileChannel channel = FileChannel.open(dir.resolve("spool.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("another upload spool is using " + dir);
        }
        return new SpoolDirectory(items, channel, lock);
    }

    Path dataPath(long sequence) {
        return items.resolve(name(sequence) + ".data");
    }

    private Path manifestPath(long sequence) {
        return items.resolve(name(sequence) + ".item");
    }

    /** Links or copies {@code source} into the spool and flushes it; returns its size. */
    long storeData(long sequence, Path source) throws IOException {
        Path data = dataPath(sequence);
        try {
            // A hard link costs no copy; the caller replaces files by renaming new ones over them (never by
            // rewriting them in place), so the linked content stays what was enqueued.
            Files.createLink(data, source);
        } catch (FileSystemException | UnsupportedOperationException e) {
            Files.copy(source, data, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel c = FileChannel.open(data, StandardOpenOption.READ)) {
            c.force(true);
            return c.size();
        }
    }

    /** Writes the manifest atomically and durably: after this returns, the item survives a crash. */
    void commit(SpoolItem item) throws IOException {
        Path target = manifestPath(item.sequence());
        Path temp = items.resolve(name(item.sequence()) + ".item.tmp");
        String text = MAGIC + "\n"
                + "sequence=" + item.sequence() + "\n"
                + "destination=" + enc(item.destinationId()) + "\n"
                + "key=" + enc(item.key()) + "\n"
                + "contentType=" + enc(item.contentType()) + "\n"
                + "group=" + enc(item.group()) + "\n"
                + "size=" + item.size() + "\n"
                + "enqueuedAt=" + item.enqueuedAt().toEpochMilli() + "\n";
        try (FileChannel c = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            c.write(StandardCharsets.UTF_8.encode(text));
            c.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /** Removes an item: the manifest first, so a crash in between leaves only data, which open() removes. */
    void remove(long sequence) {
        try {
            Files.deleteIfExists(manifestPath(sequence));
            Files.deleteIfExists(dataPath(sequence));
        } catch (IOException e) {
            LOG.error("upload spool: could not remove item {} from {}: {}", sequence, items, e.toString());
        }
    }

    /** Every committed item, in sequence order; removes what a crash left half-written. */
    List<Stored> recover() throws IOException {
        Map<Long, Path> data = new HashMap<>();
        List<Path> manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(items)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".tmp")) Files.deleteIfExists(f);
                else if (n.endsWith(".item")) manifests.add(f);
                else if (n.endsWith(".data")) data.put(sequenceOf(n), f);
            }
        }
        List<Stored> found = new ArrayList<>();
        for (Path m : manifests) {
            SpoolItem item = read(m);
            Path d = item == null ? null : data.remove(item.sequence());
            if (d == null) {
                LOG.error("upload spool: dropping {}: {}", m, item == null ? "unreadable manifest" : "its data is missing");
                Files.deleteIfExists(m);
                continue;
            }
            found.add(new Stored(item, d));
        }
        for (Path orphan : data.values()) Files.deleteIfExists(orphan);
        found.sort((a, b) -> Long.compare(a.item().sequence(), b.item().sequence()));
        return found;
    }

    private static SpoolItem read(Path manifest) {
        try {
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) return null;
            Map<String, String> v = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int eq = line.indexOf('=');
                if (eq > 0) v.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return new SpoolItem(Long.parseLong(v.get("sequence")), dec(v.get("destination")), dec(v.get("key")),
                    dec(v.get("contentType")), dec(v.get("group")), Long.parseLong(v.get("size")),
                    Instant.ofEpochMilli(Long.parseLong(v.get("enqueuedAt"))));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void syncDirectory() {
        try (FileChannel c = FileChannel.open(items, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException e) {
            // not every platform can flush a directory; the rename itself is atomic there too
        }
    }

    private static long sequenceOf(String fileName) {
        try {
            return Long.parseLong(fileName.substring(0, fileName.indexOf('.')));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String name(long sequence) {
        return String.format("%019d", sequence);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
