package dev.hibiki.server.browser;

import dev.hibiki.server.testing.ApiClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** Reads HLS output over HTTP as a player would: playlists, their entries, segments saved for ffprobe. */
final class HlsPlaylists {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HlsPlaylists() {
    }

    static ApiClient.Response get(URI url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Path download(URI url, Path file) {
        try {
            HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofFile(file));
            if (r.statusCode() != 200) throw new AssertionError("GET " + url + ": " + r.statusCode());
            return file;
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for a playlist to be served and returns its text. */
    static String await200(URI url, Duration timeout) {
        String[] body = new String[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            ApiClient.Response r = get(url);
            if (r.status() != 200) return false;
            body[0] = r.body();
            return true;
        });
        return body[0];
    }

    /** The URI lines (variant or segment URIs) of a playlist, resolved against its URL. */
    static List<URI> uris(URI playlist, String text) {
        List<URI> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) out.add(playlist.resolve(line.trim()));
        }
        return out;
    }

    /** EXTINF durations in order. */
    static List<Double> durations(String text) {
        List<Double> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#EXTINF:")) out.add(Double.parseDouble(line.substring(8, line.indexOf(','))));
        }
        return out;
    }

    static Path tempFile(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        return dir.resolve(name);
    }
}
