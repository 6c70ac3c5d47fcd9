package dev.hibiki.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Cloud Storage JSON API server for tests: the Storage emulator of firebase-tools (from npm, installed
 * by {@code npm ci} into src/test/gcs-emulator on first use, as the lockfile there pins it), started through
 * gcs-server.js on a free loopback port. It creates buckets as they are named, and accepts any credentials.
 */
final class GcsEmulator implements AutoCloseable {
    private static final Path DIR = Path.of("src", "test", "gcs-emulator").toAbsolutePath();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    GcsEmulator(Path tmp) throws Exception {
        installIfNeeded();
        ProcessBuilder pb = new ProcessBuilder("node", "gcs-server.js").directory(DIR.toFile())
                .redirectError(tmp.resolve("gcs-emulator.log").toFile());
        // the emulator keeps uploads under $TMPDIR/firebase; a directory of this test's own
        pb.environment().put("TMPDIR", tmp.toString());
        process = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String first = line.get(60, TimeUnit.SECONDS);
        if (first == null || !first.startsWith("LISTENING ")) {
            process.destroyForcibly();
            throw new IllegalStateException("the GCS emulator did not start: " + first + "; see "
                    + tmp.resolve("gcs-emulator.log") + ": " + Files.readString(tmp.resolve("gcs-emulator.log")));
        }
        port = Integer.parseInt(first.substring("LISTENING ".length()).trim());
    }

    /** Like web/build.sh: {@code npm ci} when node_modules is missing or older than the manifest or lockfile. */
    private static synchronized void installIfNeeded() throws Exception {
        Path stamp = DIR.resolve("node_modules/.package-lock.json");
        boolean fresh = Files.exists(stamp) && Files.isDirectory(DIR.resolve("node_modules/firebase-tools"))
                && Files.getLastModifiedTime(stamp).compareTo(Files.getLastModifiedTime(DIR.resolve("package-lock.json"))) >= 0
                && Files.getLastModifiedTime(stamp).compareTo(Files.getLastModifiedTime(DIR.resolve("package.json"))) >= 0;
        if (fresh) return;
        // --ignore-scripts: the Storage emulator needs none of the native add-ons other emulators build
        Process npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + DIR + " failed (Node.js and npm are needed for the GCS"
                    + " tests; bin/test installs them):\n" + output);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The object's bytes, or null when there is none. */
    byte[] read(String bucket, String name) throws Exception {
        HttpResponse<byte[]> r = get(bucket, name, "?alt=media");
        return r.statusCode() == 404 ? null : r.body();
    }

    /** The object's metadata as JSON text. */
    String metadata(String bucket, String name) throws Exception {
        return new String(get(bucket, name, "").body(), StandardCharsets.UTF_8);
    }

    private HttpResponse<byte[]> get(String bucket, String name, String query) throws Exception {
        URI uri = URI.create(endpoint() + "/storage/v1/b/" + bucket + "/o/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + query);
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close(); // gcs-server.js exits when its standard input closes
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
}
