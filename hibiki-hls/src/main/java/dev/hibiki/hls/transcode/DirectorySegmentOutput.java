package dev.hibiki.hls.transcode;

import dev.hibiki.hls.playlist.HlsOutputDirectory;
import dev.hibiki.hls.playlist.SegmentFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Writes segments as {@code <dir>/<rendition index>/segment-00000042.ts} (or {@code .m4s} beside {@code init.mp4}
 * for fragmented MP4; the file names playlists use), each
 * through a temporary file that is then renamed, so an HTTP server never serves half a segment. For a live output
 * with playlists and clean-up, an output that calls {@link HlsOutputDirectory#publishSegment} is the better fit.
 */
public final class DirectorySegmentOutput implements SegmentOutput {
    private final Path dir;
    private final SegmentFormat format;

    public DirectorySegmentOutput(Path dir) {
        this(dir, SegmentFormat.MPEGTS);
    }

    public DirectorySegmentOutput(Path dir, SegmentFormat format) {
        this.dir = dir;
        this.format = format;
    }

    public Path dir() {
        return dir;
    }

    /** The file of one segment (whether written yet or not). */
    public Path pathOf(int rendition, long sequence) {
        return dir.resolve(Integer.toString(rendition)).resolve(HlsOutputDirectory.segmentFileName(sequence, format));
    }

    /** The init segment of a fragmented-MP4 rendition. */
    public Path initPathOf(int rendition) {
        return dir.resolve(Integer.toString(rendition)).resolve(SegmentFormat.INIT_FILE);
    }

    @Override
    public Path writeInit(int rendition, byte[] data) throws IOException {
        return writeAtomically(initPathOf(rendition), data);
    }

    @Override
    public Path write(int rendition, long sequence, double durationSeconds, Instant programDateTime, byte[] data)
            throws IOException {
        return writeAtomically(pathOf(rendition, sequence), data);
    }

    private static Path writeAtomically(Path target, byte[] data) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, data);
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
