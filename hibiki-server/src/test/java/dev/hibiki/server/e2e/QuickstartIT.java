package dev.hibiki.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ImageFlux quickstart with the real {@code curl}: the documented commands, run by a shell so their quoting
 * and {@code ${ACCESS_TOKEN}} / {@code ${CHANNEL_ID}} expansion are exactly what a user types; only the host and
 * the token differ. Output options ({@code -sS -w ...}) are appended so the test sees the status; they do not
 * change the request.
 */
@Tag("e2e")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class QuickstartIT {

    private static final String CREATE_CHANNEL_CURL = """
            curl -XPOST -H "Content-Type: application/json" -H "X-Sora-Target: ImageFlux_20180905.CreateChannel" \
            -H "Authorization: Bearer ${ACCESS_TOKEN}" \
            -d '{"hls":[{"durationSeconds":1,"startTimeOffset":-2,"video":{"width":1280,"height":720,"fps":30,"bps":2000000},"audio":{"bps":96000}},{"durationSeconds":1,"startTimeOffset":-2,"video":{"width":640,"height":360,"fps":30,"bps":500000},"audio":{"bps":96000}}]}' \
            URL""";

    /** As README.md lists channels: no body, no Content-Type. */
    private static final String LIST_CHANNEL_IDS_CURL = """
            curl -XPOST -H "X-Sora-Target: ImageFlux_20200729.ListChannelIDs" -H "Authorization: Bearer ${ACCESS_TOKEN}" \
            URL""";

    private static final String DELETE_CHANNEL_CURL = """
            curl -X POST -H "Authorization: Bearer ${ACCESS_TOKEN}" -H "Content-Type: application/json" \
            -H "x-sora-target: ImageFlux_20180501.DeleteChannel" -d "{ \\"channel_id\\": \\"${CHANNEL_ID}\\" }" \
            URL""";

    /** Appended to every command: quiet progress, errors shown, the status on a last line, bounded time. */
    private static final String OUTPUT_OPTIONS = " -sS --max-time 20 -w '\\n%{http_code}'";

    @TempDir
    Path tmp;

    private final List<HibikiProcess> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (HibikiProcess s : servers) s.close();
    }

    private HibikiProcess start(Path dataDir) throws Exception {
        HibikiProcess s = HibikiProcess.serve(dataDir);
        servers.add(s);
        return s;
    }

    @Test
    void quickstartFlowWithCurlSurvivesRestart() throws Exception {
        Path dataDir = tmp.resolve("data");
        HibikiProcess first = start(dataDir);
        String base = first.baseUrl();
        assertThat(base).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(base).isEqualTo(first.localUrl());
        String token = first.initialToken();

        // CreateChannel
        CurlResult created = curl(CREATE_CHANNEL_CURL, base, token, null);
        assertThat(created.status()).as("CreateChannel %s", created).isEqualTo(200);
        JsonNode channel = created.json();
        String channelId = channel.path("channel_id").asText();
        assertThat(channelId).as("channel_id in %s", created).matches("[A-Za-z0-9_-]+");
        assertThat(channel.path("sora_url").asText())
                .isEqualTo("ws://127.0.0.1:" + first.port() + "/signaling");
        assertThat(channel.path("playlist_url").asText()).matches(
                Pattern.quote(base + "/hls/" + channelId + "/") + "[A-Za-z0-9_-]+/index\\.m3u8");

        // ListChannelIDs contains it
        CurlResult listed = curl(LIST_CHANNEL_IDS_CURL, base, token, null);
        assertThat(listed.status()).as("ListChannelIDs %s", listed).isEqualTo(200);
        List<String> before = ApiClient.ids(listed.json());
        assertThat(before).containsExactly(channelId);

        // Restart on the same data directory
        assertThat(first.stop()).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(first.stdout()).contains("ACCESS_TOKEN=" + token);
        HibikiProcess second = start(dataDir);
        base = second.baseUrl();

        CurlResult listedAgain = curl(LIST_CHANNEL_IDS_CURL, base, token, null);
        assertThat(listedAgain.status()).as("ListChannelIDs after restart %s", listedAgain).isEqualTo(200);
        assertThat(ApiClient.ids(listedAgain.json())).isEqualTo(before);

        // DeleteChannel, as the quickstart shows it
        CurlResult deleted = curl(DELETE_CHANNEL_CURL, base, token, channelId);
        assertThat(deleted.status()).as("DeleteChannel %s", deleted).isEqualTo(200);
        assertThat(deleted.json().path("channel_id").asText()).isEqualTo(channelId);

        CurlResult listedAfterDelete = curl(LIST_CHANNEL_IDS_CURL, base, token, null);
        assertThat(listedAfterDelete.status()).isEqualTo(200);
        assertThat(ApiClient.ids(listedAfterDelete.json())).doesNotContain(channelId).isEmpty();

        CurlResult deletedAgain = curl(DELETE_CHANNEL_CURL, base, token, channelId);
        assertThat(deletedAgain.status()).as("second DeleteChannel %s", deletedAgain).isEqualTo(404);
        JsonNode error = deletedAgain.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("CHANNEL_NOT_FOUND");
        assertThat(error.path("message").asText()).isNotBlank();

        // Only the very first start of a data directory prints a token. Checked once the process has exited, so
        // all of its output has been read.
        assertThat(second.stop()).isIn(0, 143);
        assertThat(second.stdout()).contains("Health:").doesNotContain("ACCESS_TOKEN").doesNotContain("First start");
        assertThat(second.stderr()).as("graceful stop is logged").contains("Hibiki stopped");
    }

    record CurlResult(int status, String body, String stderr) {
        JsonNode json() {
            try {
                return ApiClient.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("curl output is not JSON: " + this, e);
            }
        }
    }

    /** Runs the documented command with {@code URL} replaced by this server's address. */
    private CurlResult curl(String documented, String base, String token, String channelId) throws Exception {
        String command = documented.replace("URL", base + "/") + OUTPUT_OPTIONS;
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
        env.put("ACCESS_TOKEN", token);
        if (channelId != null) env.put("CHANNEL_ID", channelId);
        Path out = tmp.resolve("curl.out");
        Path err = tmp.resolve("curl.err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("curl did not finish: " + command);
        }
        String stdout = java.nio.file.Files.readString(out, StandardCharsets.UTF_8);
        String stderr = java.nio.file.Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("curl exit code; stderr: %s", stderr).isZero();
        int nl = stdout.lastIndexOf('\n');
        assertThat(nl).as("curl output %s", stdout).isGreaterThanOrEqualTo(0);
        return new CurlResult(Integer.parseInt(stdout.substring(nl + 1).trim()), stdout.substring(0, nl), stderr);
    }
}
