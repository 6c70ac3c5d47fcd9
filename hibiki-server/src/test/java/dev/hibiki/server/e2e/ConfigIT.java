package dev.hibiki.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.hibiki.server.e2e.HibikiProcess.env;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration as the process sees it: invalid values stop {@code hibiki serve} with exit code 2 and one line on
 * stderr naming the key as the user wrote it; the sources override each other flag > env > YAML > default.
 */
@Tag("e2e")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConfigIT {

    @TempDir
    Path tmp;

    private final List<HibikiProcess> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (HibikiProcess s : servers) s.close();
    }

    private HibikiProcess serve(Map<String, String> env, String... args) throws Exception {
        HibikiProcess s = HibikiProcess.serve(tmp, env, args);
        servers.add(s);
        return s;
    }

    private String dataDir(String name) {
        return tmp.resolve(name).toString();
    }

    /** Runs {@code hibiki serve} expecting a configuration error: exit 2, one stderr line, no banner, no data dir. */
    private String configError(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("serve"));
        all.addAll(List.of(args));
        HibikiProcess.Result r = HibikiProcess.run(tmp, env, all.toArray(String[]::new));
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.stderrLines()).as("%s", r).hasSize(1);
        assertThat(r.stdout()).as("%s", r).isEmpty();
        return r.stderrLines().getFirst();
    }

    @Test
    void invalidEnvironmentValueNamesTheVariable() throws Exception {
        String line = configError(env("HIBIKI_HTTP_PORT", "abc"), "--data-dir", dataDir("d1"));
        assertThat(line).startsWith("hibiki: ").contains("HIBIKI_HTTP_PORT").contains("abc");
        assertThat(tmp.resolve("d1")).doesNotExist();
    }

    @Test
    void invalidFlagValueNamesTheFlag() throws Exception {
        String line = configError(Map.of(), "--data-dir", dataDir("d2"), "--http-port", "70000");
        assertThat(line).startsWith("hibiki: ").contains("--http-port").contains("70000");
        assertThat(tmp.resolve("d2")).doesNotExist();
    }

    @Test
    void unsupportedDatabaseUrlNamesTheFlag() throws Exception {
        String line = configError(Map.of(), "--data-dir", dataDir("d3"), "--db-url", "jdbc:mysql://x");
        assertThat(line).startsWith("hibiki: ").contains("--db-url").contains("jdbc:mysql://x");
    }

    @Test
    void unknownYamlKeyIsNamed() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("hibiki.yaml"), """
                http:
                  port: 0
                  bogus_key: 1
                """);
        String line = configError(Map.of(), "--config", yaml.toString(), "--data-dir", dataDir("d4"));
        assertThat(line).startsWith("hibiki: ").contains("http.bogus_key").contains(yaml.toString());
    }

    @Test
    void invalidYamlValueNamesTheKeyAndFile() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("hibiki.yaml"), "http:\n  port: lots\n");
        String line = configError(Map.of(), "--config", yaml.toString(), "--data-dir", dataDir("d5"));
        assertThat(line).startsWith("hibiki: ").contains("http.port").contains(yaml.toString()).contains("lots");
    }

    @Test
    void flagBeatsEnvironmentBeatsYaml() throws Exception {
        // Port 1 in the file: were it ever used, the server would fail to bind (or bind a port no test expects).
        Path yaml = Files.writeString(tmp.resolve("hibiki.yaml"), "http:\n  port: 1\n");
        int envPort = HibikiProcess.freePort();
        HibikiProcess envWins = serve(env("HIBIKI_HTTP_PORT", Integer.toString(envPort)),
                "--config", yaml.toString(), "--data-dir", dataDir("p1"));
        assertThat(envWins.baseUrl()).isEqualTo("http://127.0.0.1:" + envPort);
        assertThat(envWins.port()).isEqualTo(envPort);
        envWins.stop();

        int flagPort = HibikiProcess.freePort();
        HibikiProcess flagWins = serve(env("HIBIKI_HTTP_PORT", Integer.toString(HibikiProcess.freePort())),
                "--config", yaml.toString(), "--data-dir", dataDir("p1"), "--http-port", Integer.toString(flagPort));
        assertThat(flagWins.baseUrl()).isEqualTo("http://127.0.0.1:" + flagPort);
        assertThat(flagWins.port()).isEqualTo(flagPort);
    }

    /**
     * YAML beats the defaults (the port and the data directory come from the file), and HIBIKI_PUBLIC_URL beats
     * the file's public_url: the URLs handed to clients use it.
     */
    @Test
    void yamlBeatsDefaultsAndPublicUrlShapesTheReturnedUrls() throws Exception {
        int yamlPort = HibikiProcess.freePort();
        Path dataDir = tmp.resolve("from-yaml");
        Path yaml = Files.writeString(tmp.resolve("hibiki.yaml"), """
                http:
                  port: %d
                data_dir: %s
                public_url: https://yaml.example.com
                """.formatted(yamlPort, dataDir));
        HibikiProcess s = serve(env("HIBIKI_PUBLIC_URL", "https://live.example.com/"), "--config", yaml.toString());
        assertThat(s.port()).as("port from the YAML file").isEqualTo(yamlPort);
        assertThat(s.baseUrl()).as("banner base URL").isEqualTo("https://live.example.com");
        assertThat(dataDir).as("data_dir from the YAML file").isDirectory();
        assertThat(s.stdout()).contains("Sora signaling:          wss://live.example.com/signaling");

        String token = s.initialToken();
        ApiClient.Response created = new ApiClient(s.localUrl())
                .call(token, ApiClient.CREATE_CHANNEL, ApiClient.TWO_RENDITIONS);
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        JsonNode body = created.json();
        String channelId = body.path("channel_id").asText();
        assertThat(body.path("sora_url").asText()).isEqualTo("wss://live.example.com/signaling");
        assertThat(body.path("playlist_url").asText()).matches(
                Pattern.quote("https://live.example.com/hls/" + channelId + "/") + "[A-Za-z0-9_-]+/index\\.m3u8");
    }
}
