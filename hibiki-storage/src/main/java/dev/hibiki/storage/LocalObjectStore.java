package dev.hibiki.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A directory as an object store: a key is a relative path under it. Each put copies to a temporary file beside
 * the target, flushes it to disk and renames it over the target, so a reader sees the old object or the new one
 * and never half of either, also after a crash. For tests, and for operators who archive to a mounted volume.
 */
public final class LocalObjectStore implements ObjectStore {
    private final Destination destination;
    private final Path root;

    public LocalObjectStore(Destination destination) {
        if (destination.kind() != Destination.Kind.LOCAL) throw new IllegalArgumentException("not a local destination");
        this.destination = destination;
        this.root = destination.directory();
    }

    public LocalObjectStore(Path directory) {
        this(Destination.local(directory.toAbsolutePath()));
    }

    @Override
    public Destination destination() {
        return destination;
    }

    /** Where {@code key} lives; {@link ObjectKeys} keeps it inside the directory. */
    public Path pathOf(String key) {
        return root.resolve(ObjectKeys.check(key));
    }

    @Override
    public void put(String key, Path file, String contentType) throws StoreException {
        Path target = pathOf(key);
        // The directory itself is never created here: if it is a mount point that is not mounted, writing into
        // the empty directory beneath would look like success.
        if (!Files.isDirectory(root)) {
            throw new StoreException(FailureReason.BUCKET_NOT_FOUND, "directory " + root + " does not exist");
        }
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
            Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw failure("write", key, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the write failed already; a stray .tmp file is all that is left
                }
            }
        }
    }

    @Override
    public void delete(String key) throws StoreException {
        try {
            Files.deleteIfExists(pathOf(key));
        } catch (IOException e) {
            throw failure("delete", key, e);
        }
    }

    private StoreException failure(String what, String key, IOException e) {
        if (!Files.isDirectory(root)) {
            return new StoreException(FailureReason.BUCKET_NOT_FOUND, "directory " + root + " does not exist", e);
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return new StoreException(FailureReason.ACCESS_DENIED, "may not " + what + " " + key + " in " + root, e);
        }
        return new StoreException(FailureReason.OTHER, "could not " + what + " " + key + " in " + root + ": "
                + e.getMessage(), e);
    }
}
