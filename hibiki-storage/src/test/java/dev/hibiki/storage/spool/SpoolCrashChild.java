package dev.hibiki.storage.spool;

import dev.hibiki.storage.Destination;
import dev.hibiki.storage.ObjectStore;
import dev.hibiki.storage.StoreException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process {@link UploadSpoolCrashTest} kills with SIGKILL: it enqueues files for ever into a spool whose
 * store never finishes an upload, and prints "ENQUEUED n" after each enqueue returned.
 */
public final class SpoolCrashChild {
    private SpoolCrashChild() {
    }

    /** The content of item {@code n}: both processes can tell a whole file from a torn one. */
    static String content(int n) {
        return ("item " + n + " ").repeat(50 + n % 200) + "end\n";
    }

    static String group(int n) {
        return "rendition-" + n % 3;
    }

    public static void main(String[] args) throws Exception {
        Path spoolDir = Path.of(args[0]);
        Path sources = Files.createDirectories(Path.of(args[1]));
        ObjectStore never = new ObjectStore() {
            @Override
            public Destination destination() {
                return Destination.local(sources);
            }

            @Override
            public void put(String key, Path file, String contentType) throws StoreException {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    throw new StoreException(dev.hibiki.storage.FailureReason.OTHER, "interrupted");
                }
            }

            @Override
            public void delete(String key) {
            }
        };
        UploadSpool spool = UploadSpool.open(spoolDir, id -> never, SpoolListener.NONE, SpoolSettings.defaults(),
                new SimpleMeterRegistry());
        for (int n = 1; ; n++) {
            Path source = sources.resolve("source-" + n);
            Files.writeString(source, content(n));
            spool.enqueue("dest", "seg-" + n + ".ts", source, "video/mp2t", group(n));
            Files.delete(source); // the spool holds its own link or copy
            System.out.println("ENQUEUED " + n);
            System.out.flush();
        }
    }
}
