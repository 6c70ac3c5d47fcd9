package dev.hibiki.hls.playlist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The files of one HLS output (one publishing connection) under a root directory:
 *
 * <pre>
 *   root/master.m3u8                      (when there are several renditions)
 *   root/&lt;rendition&gt;/playlist.m3u8
 *   root/&lt;rendition&gt;/segment-00000042.ts     (MPEG-TS)
 *   root/&lt;rendition&gt;/init.mp4 + segment-00000042.m4s  (fragmented MP4: the playlist has EXT-X-MAP)
 * </pre>
 *
 * A rendition named "" keeps its files directly in the root. Every file is written to a temporary file in the
 * same directory and renamed over the target, so an HTTP server never serves half a playlist or segment.
 *
 * <p>A segment that leaves the playlist window is deleted once more media time than its own duration plus the
 * duration of the playlist that last listed it has been published, so players that fetched that playlist can
 * still load it (RFC 8216 §6.2.2). With {@code retainSegments} (archiving) nothing is deleted until
 * {@link #deleteAll()}.
 *
 * <p>Thread-safe: methods are synchronized, so renditions may be written from different threads.
 */
public final class HlsOutputDirectory {
    public static final String MEDIA_PLAYLIST = "playlist.m3u8";
    public static final String MASTER_PLAYLIST = "master.m3u8";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path root;
    private final boolean retainSegments;
    private final Map<String, RenditionState> renditions = new HashMap<>();

    private static final class RenditionState {
        double publishedSeconds;
        final ArrayDeque<PendingDelete> pending = new ArrayDeque<>();
    }

    private record PendingDelete(Path file, double deleteAtSeconds) {}

    public HlsOutputDirectory(Path root, boolean retainSegments) {
        this.root = root.toAbsolutePath().normalize();
        this.retainSegments = retainSegments;
    }

    public Path root() {
        return root;
    }

    public boolean retainsSegments() {
        return retainSegments;
    }

    /** The file name of an MPEG-TS segment, as its media playlist refers to it. */
    public static String segmentFileName(long sequenceNumber) {
        return segmentFileName(sequenceNumber, SegmentFormat.MPEGTS);
    }

    /** The file name of a segment, as its media playlist refers to it. */
    public static String segmentFileName(long sequenceNumber, SegmentFormat format) {
        String digits = Long.toString(sequenceNumber);
        return "segment-" + "0".repeat(Math.max(0, 8 - digits.length())) + digits + format.extension();
    }

    /** The format of a playlist's segments: fragmented MP4 when it names an init segment (EXT-X-MAP). */
    private static SegmentFormat formatOf(MediaPlaylist playlist) {
        return playlist.map() == null ? SegmentFormat.MPEGTS : SegmentFormat.FMP4;
    }

    /**
     * Writes a fragmented-MP4 rendition's init segment ({@link SegmentFormat#INIT_FILE}); it must be in place
     * before the first playlist that names it through EXT-X-MAP.
     */
    public synchronized Path publishInit(String rendition, byte[] data) throws IOException {
        Path target = renditionDirectory(rendition).resolve(SegmentFormat.INIT_FILE);
        writeAtomically(target, data);
        return target;
    }

    /** Path of a rendition's directory (the root for ""). */
    public Path renditionDirectory(String rendition) {
        if (rendition.isEmpty()) {
            return root;
        }
        if (!NAME.matcher(rendition).matches()) {
            throw new IllegalArgumentException("bad rendition name: " + rendition);
        }
        return root.resolve(rendition);
    }

    /**
     * Writes a finished segment of a rendition, adds it to its playlist, rewrites the playlist and schedules the
     * deletion of segments that left the window. The segment file is in place before the playlist names it.
     *
     * @param data            the segment bytes as served (already encrypted when {@code key} is set)
     * @param key             the encryption used, or null
     * @param programDateTime wall-clock time of the first sample, or null
     */
    public synchronized MediaSegment publishSegment(String rendition, MediaPlaylist playlist, byte[] data,
                                                    double durationSeconds, SegmentKey key, Instant programDateTime)
            throws IOException {
        Path dir = renditionDirectory(rendition);
        String name = segmentFileName(playlist.nextSequenceNumber(), formatOf(playlist));
        writeAtomically(dir.resolve(name), data);
        double listedBefore = playlist.durationSeconds();
        MediaSegment segment = playlist.addSegment(name, durationSeconds, data.length, key, programDateTime);
        writeAtomically(dir.resolve(MEDIA_PLAYLIST), playlist.render().getBytes(StandardCharsets.UTF_8));

        RenditionState state = renditions.computeIfAbsent(rendition, r -> new RenditionState());
        state.publishedSeconds += durationSeconds;
        for (MediaSegment gone : playlist.drainRemoved()) {
            if (!retainSegments) {
                // listedBefore: the last playlist that named it, the longest one when the window is full
                state.pending.addLast(new PendingDelete(dir.resolve(gone.uri()),
                        state.publishedSeconds + gone.durationSeconds() + listedBefore));
            }
        }
        while (!state.pending.isEmpty() && state.pending.peekFirst().deleteAtSeconds() <= state.publishedSeconds) {
            Files.deleteIfExists(state.pending.removeFirst().file());
        }
        return segment;
    }

    /** Rewrites a rendition's playlist as it stands (e.g. after {@link MediaPlaylist#end()}). */
    public synchronized void writePlaylist(String rendition, MediaPlaylist playlist) throws IOException {
        writeAtomically(renditionDirectory(rendition).resolve(MEDIA_PLAYLIST),
                playlist.render().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code root/master.m3u8}. */
    public synchronized void writeMasterPlaylist(MasterPlaylist master) throws IOException {
        writeAtomically(root.resolve(MASTER_PLAYLIST), master.render().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes any file under the root atomically; {@code relativePath} must stay inside the root.
     */
    public synchronized void write(String relativePath, byte[] data) throws IOException {
        Path target = root.resolve(relativePath).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException("path leaves the output directory: " + relativePath);
        }
        writeAtomically(target, data);
    }

    private static void writeAtomically(Path target, byte[] data) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its 0600 mode would survive the rename and hide the file from a web server.
        Path temp = dir.resolve("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            // No fsync: after a crash the live output is restarted anyway, and readers only need the rename.
            Files.write(temp, data, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes the root and everything under it (the output is over or the channel was deleted). */
    public synchronized void deleteAll() throws IOException {
        renditions.clear();
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteQuietly(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                deleteQuietly(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteQuietly(Path path) throws IOException {
        try {
            Files.deleteIfExists(path);
        } catch (NoSuchFileException ignored) {
            // removed concurrently: fine
        }
    }
}
