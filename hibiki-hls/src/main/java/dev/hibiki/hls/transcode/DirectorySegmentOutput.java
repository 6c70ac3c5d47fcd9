package dev.hibiki.hls.transcode;

import dev.hibiki.hls.playlist.HlsOutputDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * Writes segments as {@code <dir>/<rendition index>/segment-00000042.ts} (the file names playlists use), each
 * through a temporary file that is then renamed, so an HTTP server never serves half a segment. For a live output
 * with playlists and clean-up, an output that calls {@link HlsOutputDirectory#publishSegment} is the better fit.
 */
public final class DirectorySegmentOutput implements SegmentOutput {
    private final Path dir;

    public DirectorySegmentOutput(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The file of one segment (whether written yet or not). */
    public Path pathOf(int rendition, long sequence) {
        return dir.resolve(Integer.toString(rendition)).resolve(HlsOutputDirectory.segmentFileName(sequence));
    }

    @Override
    public Path write(int rendition, long sequence, double durationSeconds, Instant programDateTime, byte[] data)
            throws IOException {
        Path target = pathOf(rendition, sequence);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, data);
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
