package dev.hibiki.platform.persistence;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Keeps the data directory to its owner: the directory and its sub-directories mode 700, its files 600. The H2 file
 * holds HLS encryption keys and token hashes, and H2 creates it with the process's umask (often world-readable), so
 * this runs again after the database is opened; an install made before this rule is tightened at start, with a log
 * line naming what changed.
 */
public final class DataDirectoryPermissions {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryPermissions.class);
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectoryPermissions() {
    }

    /**
     * Tightens {@code dir}, its files and its direct sub-directories (their contents are unreachable through them).
     *
     * @return the paths whose mode changed (empty on file systems without POSIX permissions)
     */
    public static List<Path> tighten(Path dir) {
        List<Path> changed = new ArrayList<>();
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) == null) return changed;
        restrict(dir, DIRECTORY, changed);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) restrict(p, DIRECTORY, changed);
                else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) restrict(p, FILE, changed);
            }
        } catch (IOException e) {
            LOG.warn("cannot list the data directory {} to restrict its permissions: {}", dir, e.toString());
        }
        if (!changed.isEmpty()) {
            LOG.info("data directory {}: restricted to its owner (directories 700, files 600): {}", dir, changed);
        }
        return changed;
    }

    private static void restrict(Path p, Set<PosixFilePermission> wanted, List<Path> changed) {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (now.equals(wanted)) return;
            Files.setPosixFilePermissions(p, wanted);
            changed.add(p.getFileName());
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot restrict the permissions of {}: {}", p, e.toString());
        }
    }
}
