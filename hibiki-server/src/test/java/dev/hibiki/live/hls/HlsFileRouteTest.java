package dev.hibiki.live.hls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /hls/...} over real HTTP on files laid out as an HLS output writes them: content types, caching and
 * CORS headers, 404 once the channel is deleted, the 404s that tell "not live yet" from "no such channel", and no
 * way out of the output directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HlsFileRouteTest {

    private static final String LADDER = """
            {"hls":[{"durationSeconds":1,"video":{"width":640,"height":360,"fps":30,"bps":500000}}]}""";

    @TempDir
    static Path dataDir;

    private ServerFixture fixture;
    private ApiClient api;
    private String token;

    @BeforeAll
    void start() throws IOException {
        fixture = new ServerFixture(dataDir, TestDatabases.h2(dataDir));
        api = new ApiClient(fixture.baseUri());
        token = fixture.newToken("hls-files");
        Files.writeString(dataDir.resolve("secret.txt"), "not for HTTP");
    }

    @AfterAll
    void stop() {
        if (fixture != null) fixture.close();
    }

    /** A channel with a fake output in its playlist directory; returns the playlist URL. */
    private URI channelWithOutput() throws IOException {
        JsonNode created = api.call("ImageFlux_20180905.CreateChannel", token, LADDER).json();
        URI playlist = URI.create(created.get("playlist_url").asText());
        String[] parts = playlist.getPath().split("/"); // "", "hls", channel, key, "index.m3u8"
        Path dir = dataDir.resolve("hls").resolve(parts[2]).resolve(parts[3]);
        Files.createDirectories(dir.resolve("r0"));
        Files.writeString(dir.resolve("index.m3u8"), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nr0/playlist.m3u8\n");
        Files.writeString(dir.resolve("r0/playlist.m3u8"), "#EXTM3U\n#EXTINF:1.000,\nsegment-00000000.ts\n");
        Files.write(dir.resolve("r0/segment-00000000.ts"), new byte[]{0x47, 1, 2, 3});
        Files.writeString(dir.resolve("r0/.segment-00000001.ts.1234.tmp"), "half written");
        return playlist;
    }

    @Test
    void playlistsAndSegmentsHaveTheirTypesAndCaching() throws IOException {
        URI master = channelWithOutput();
        ApiClient.Response m = api.send(api.request(master.getPath()).GET().build());
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/vnd.apple.mpegurl"));
        assertThat(m.header("Cache-Control")).hasValue("no-cache");
        assertThat(m.header("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(m.body()).startsWith("#EXTM3U");

        ApiClient.Response media = api.send(api.request(master.resolve("r0/playlist.m3u8").getPath()).GET().build());
        assertThat(media.status()).isEqualTo(200);
        assertThat(media.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/vnd.apple.mpegurl"));

        ApiClient.Response segment = api.send(api.request(master.resolve("r0/segment-00000000.ts").getPath()).GET().build());
        assertThat(segment.status()).isEqualTo(200);
        assertThat(segment.header("Content-Type")).hasValue("video/mp2t");
        assertThat(segment.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("immutable", "max-age="));
        assertThat(segment.header("Access-Control-Allow-Origin")).hasValue("*");

        ApiClient.Response head = api.send(api.request(master.resolve("r0/segment-00000000.ts").getPath())
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).hasValue("video/mp2t");
        assertThat(head.body()).isEmpty();

        assertThat(status(master.resolve("r0/segment-00000009.ts").getPath())).as("missing segment").isEqualTo(404);
        assertThat(status(master.resolve("r0/.segment-00000001.ts.1234.tmp").getPath())).as("temporary file").isEqualTo(404);
        assertThat(status("/hls/")).isEqualTo(404);
        assertThat(status("/hls/nochannel/nokey/index.m3u8")).isEqualTo(404);
    }

    @Test
    void fragmentedMp4InitAndMediaSegmentsHaveTheirTypes() throws IOException {
        URI master = channelWithOutput();
        Path dir = dataDir.resolve("hls").resolve(master.getPath().split("/")[2]).resolve(master.getPath().split("/")[3]);
        Files.write(dir.resolve("r0/init.mp4"), new byte[]{0, 0, 0, 8, 'f', 't', 'y', 'p'});
        Files.write(dir.resolve("r0/segment-00000000.m4s"), new byte[]{0, 0, 0, 8, 'm', 'o', 'o', 'f'});

        ApiClient.Response init = api.send(api.request(master.resolve("r0/init.mp4").getPath()).GET().build());
        assertThat(init.status()).isEqualTo(200);
        assertThat(init.header("Content-Type")).hasValue("video/mp4");
        assertThat(init.header("Cache-Control")).as("a new sender writes a new init segment").hasValue("no-cache");
        assertThat(init.header("Access-Control-Allow-Origin")).hasValue("*");

        ApiClient.Response segment = api.send(api.request(master.resolve("r0/segment-00000000.m4s").getPath()).GET().build());
        assertThat(segment.status()).isEqualTo(200);
        assertThat(segment.header("Content-Type")).hasValue("video/iso.segment");
        assertThat(segment.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("immutable"));
        assertThat(status(master.resolve("r0/segment-00000001.m4s").getPath())).as("missing segment").isEqualTo(404);
    }

    @Test
    void deletingTheChannelRemovesItsOutput() throws IOException {
        URI master = channelWithOutput();
        String channelId = master.getPath().split("/")[2];
        assertThat(status(master.getPath())).isEqualTo(200);
        ApiClient.Response deleted = api.call("ImageFlux_20180501.DeleteChannel", token, "{\"channel_id\":\"" + channelId + "\"}");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(status(master.getPath())).isEqualTo(404);
        assertThat(status(master.resolve("r0/segment-00000000.ts").getPath())).isEqualTo(404);
        assertThat(dataDir.resolve("hls").resolve(channelId)).doesNotExist();
    }

    /**
     * A player opened before the sender publishes learns that waiting helps, from any site (the 404 carries CORS and
     * is not cached); the playlist URL is the capability, so another tenant's player holding it learns the same.
     */
    @Test
    void aChannelNobodyPublishesToIsNotLiveYet() {
        JsonNode created = api.call("ImageFlux_20180905.CreateChannel", token, LADDER).json();
        URI master = URI.create(created.get("playlist_url").asText());
        String channelId = created.get("channel_id").asText();

        for (String path : new String[] {master.getPath(), master.resolve("r0/playlist.m3u8").getPath()}) {
            ApiClient.Response r = get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.errorCode()).as(path).isEqualTo("PLAYLIST_NOT_LIVE");
            assertThat(r.errorMessage()).as(path).contains("channel " + channelId + " exists but is not live yet",
                    "nobody is publishing to it", "try again");
            assertThat(r.header("Access-Control-Allow-Origin")).as(path).hasValue("*");
            assertThat(r.header("Cache-Control")).as(path).hasValue("no-cache");
        }
        ApiClient.Response head = api.send(api.request(master.getPath())
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.status()).isEqualTo(404);
    }

    /**
     * A deleted channel, one that never existed, and a real channel id with a key that is not its playlist's all
     * answer the same: the page stops waiting, and nobody learns of a channel without its playlist URL.
     */
    @Test
    void aDeletedOrUnknownChannelHasNoPlaylist() {
        JsonNode created = api.call("ImageFlux_20180905.CreateChannel", token, LADDER).json();
        URI master = URI.create(created.get("playlist_url").asText());
        String channelId = created.get("channel_id").asText();
        String multistream = api.call("ImageFlux_20200316.CreateMultistreamChannelWithHLS", token, LADDER).json()
                .get("channel_id").asText();
        String otherKey = "/hls/" + channelId + "/" + "a".repeat(32) + "/index.m3u8";
        String unknown = "/hls/" + "b".repeat(26) + "/" + "c".repeat(32) + "/index.m3u8";
        String multistreamKey = "/hls/" + multistream + "/" + "d".repeat(32) + "/index.m3u8";
        String neverExisted = get(unknown).errorMessage();

        for (String path : new String[] {otherKey, unknown, multistreamKey}) {
            ApiClient.Response r = get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.errorCode()).as(path).isEqualTo("PLAYLIST_NOT_FOUND");
            assertThat(r.errorMessage()).as(path).isEqualTo(neverExisted).doesNotContain(channelId, multistream);
            assertThat(r.header("Access-Control-Allow-Origin")).as(path).hasValue("*");
        }
        assertThat(neverExisted).contains("deleted or never existed", "trying again will not help");

        assertThat(get(master.getPath()).errorCode()).isEqualTo("PLAYLIST_NOT_LIVE");
        assertThat(api.call("ImageFlux_20180501.DeleteChannel", token, "{\"channel_id\":\"" + channelId + "\"}")
                .status()).isEqualTo(200);
        ApiClient.Response deleted = get(master.getPath());
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.errorCode()).isEqualTo("PLAYLIST_NOT_FOUND");
        assertThat(deleted.errorMessage()).isEqualTo(neverExisted);
    }

    /** A file missing from a live output is neither of the two: the output is there, and waiting will not help. */
    @Test
    void aFileMissingFromALiveOutputIsNotFound() throws IOException {
        URI master = channelWithOutput();
        ApiClient.Response r = get(master.resolve("r0/segment-00000009.ts").getPath());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(r.errorMessage()).contains("no such file", "left the playlist's window");
        assertThat(get(master.resolve("r7/playlist.m3u8").getPath()).errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void outputNoSenderCanContinueIsRemovedAtStart() throws IOException {
        Path orphan = dataDir.resolve("hls/deletedwhiledown/key/index.m3u8");
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "#EXTM3U\n");
        String multistream = api.call("ImageFlux_20200316.CreateMultistreamChannelWithHLS", token, LADDER).json()
                .get("channel_id").asText();
        Path connectionOutput = dataDir.resolve("hls").resolve(multistream).resolve("connectionkey/index.m3u8");
        Files.createDirectories(connectionOutput.getParent());
        Files.writeString(connectionOutput, "#EXTM3U\n");
        URI live = channelWithOutput();
        fixture.restart();
        api = new ApiClient(fixture.baseUri());
        assertThat(orphan.getParent().getParent()).as("output of a deleted channel").doesNotExist();
        assertThat(connectionOutput).as("a multistream connection's output (the connection is gone)").doesNotExist();
        assertThat(status(live.getPath())).as("a single-stream channel's ended output stays").isEqualTo(200);
    }

    /** Raw request lines, as an attacker would send them (an HTTP client library would normalize them first). */
    @ParameterizedTest
    @ValueSource(strings = {"/hls/../secret.txt", "/hls/../../secret.txt", "/hls/%2e%2e/secret.txt",
            "/hls/%2e%2e/%2e%2e/secret.txt", "/hls/x/%2e%2e/%2e%2e/secret.txt", "/hls/..%2fsecret.txt",
            "/hls/%2E%2E%2Fsecret.txt", "/hls//secret.txt", "/hls/x/y/..%5c..%5csecret.txt", "/hls/h2-password",
            "/hls/../h2-password"})
    void pathsOutsideTheOutputDirectoryAreRefused(String path) throws IOException {
        String response = rawGet(path);
        int status = Integer.parseInt(response.substring(9, 12));
        assertThat(status).as(path + "\n" + response).isIn(400, 404);
        assertThat(response).doesNotContain("not for HTTP");
    }

    private int status(String path) {
        return get(path).status();
    }

    private ApiClient.Response get(String path) {
        return api.send(api.request(path).GET().build());
    }

    private String rawGet(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", fixture.server().port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
