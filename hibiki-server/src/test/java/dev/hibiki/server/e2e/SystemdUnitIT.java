package dev.hibiki.server.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The systemd unit of docs/DEPLOY.md ({@code deploy/hibiki.service}) as far as a machine without systemd as PID 1 can
 * run it: its {@code ExecStart} with its {@code Environment=} lines starts a server that uses those settings, the
 * CLI reaches the running server's database the way the guide says, and the unit's {@code KillSignal} stops it
 * within {@code TimeoutStopSec} with an exit status the unit counts as success. What differs on a test machine is
 * moved: the install directory to this checkout, the state and cache directories to temporary ones, and the ports
 * to free ones. The sandboxing directives need systemd itself and are not exercised here.
 */
@Tag("e2e")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SystemdUnitIT {

    private static final Pattern H2_SERVER = Pattern.compile("(?m)^server=([^\\\\:]+)\\\\?:(\\d+)\\s*$");

    @TempDir
    Path tmp;

    private final List<HibikiProcess> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws InterruptedException {
        for (HibikiProcess s : servers) s.close();
    }

    /** The unit's [Service] keys, in file order; {@code Environment=} lines parsed into one map. */
    record Unit(Map<String, List<String>> keys, Map<String, String> environment) {

        static Unit read() throws IOException {
            Map<String, List<String>> keys = new LinkedHashMap<>();
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(unitFile())) {
                String l = line.trim();
                if (l.isEmpty() || l.startsWith("#") || l.startsWith("[")) continue;
                int eq = l.indexOf('=');
                String key = l.substring(0, eq);
                String value = l.substring(eq + 1);
                keys.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                if (key.equals("Environment")) {
                    String assignment = value.startsWith("\"") && value.endsWith("\"")
                            ? value.substring(1, value.length() - 1) : value;
                    int e = assignment.indexOf('=');
                    env.put(assignment.substring(0, e), assignment.substring(e + 1));
                }
            }
            return new Unit(keys, env);
        }

        String one(String key) {
            List<String> values = keys.get(key);
            assertThat(values).as(key + " in " + unitFile()).hasSize(1);
            return values.getFirst();
        }
    }

    static Path unitFile() {
        return HibikiProcess.root().resolve("deploy/hibiki.service");
    }

    @Test
    void unitStartsAServerWithItsSettingsAndStopsItCleanly() throws Exception {
        Unit unit = Unit.read();
        assertThat(unit.one("ExecStart")).isEqualTo("/opt/hibiki/bin/hibiki serve");
        assertThat(unit.one("KillSignal")).isEqualTo("SIGTERM");
        assertThat(unit.one("StateDirectory")).isEqualTo("hibiki");
        assertThat(unit.one("CacheDirectory")).isEqualTo("hibiki");
        assertThat(unit.one("WorkingDirectory")).isEqualTo("/var/lib/hibiki");
        Duration stopTimeout = Duration.ofSeconds(Long.parseLong(unit.one("TimeoutStopSec")));
        Duration graceful = Duration.ofSeconds(Long.parseLong(unit.environment().get("HIBIKI_SHUTDOWN_TIMEOUT_SECONDS")));
        assertThat(stopTimeout).as("systemd must not SIGKILL a graceful stop").isGreaterThan(graceful.plusSeconds(10));
        List<Integer> success = new ArrayList<>(List.of(0));
        for (String s : unit.one("SuccessExitStatus").split("\\s+")) success.add(Integer.parseInt(s));

        Path state = Files.createDirectories(tmp.resolve("var/lib/hibiki"));
        Path cache = Files.createDirectories(tmp.resolve("var/cache/hibiki"));
        int httpPort = HibikiProcess.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        unit.environment().forEach((k, v) -> env.put(k,
                v.replace("/var/lib/hibiki", state.toString()).replace("/var/cache/hibiki", cache.toString())));
        assertThat(env.get("HIBIKI_HTTP_PORT")).isEqualTo("8080");
        env.put("HIBIKI_HTTP_PORT", Integer.toString(httpPort));
        // Fixed ports and a documentation IP in the example; other tests on this machine may hold the fixed ones.
        env.put("HIBIKI_MEDIA_PORT", "0");
        env.put("HIBIKI_TURN_PORT", "0");
        env.put("HIBIKI_MEDIA_ADDRESSES", "127.0.0.1");
        env.put("HIBIKI_SIP_PORT", "0");

        HibikiProcess server = HibikiProcess.serve(state, env);
        servers.add(server);
        assertThat(server.localUrl()).as("HIBIKI_HTTP_HOST and _PORT").isEqualTo("http://127.0.0.1:" + httpPort);
        assertThat(server.baseUrl()).as("HIBIKI_PUBLIC_URL").isEqualTo(env.get("HIBIKI_PUBLIC_URL"));
        assertThat(server.stdout()).contains("Sora signaling:          wss://live.example.com/signaling");
        assertThat(state.resolve("h2-password")).as("HIBIKI_DATA_DIR holds the database").exists();
        assertThat(state.resolve("hibiki.mv.db")).exists();

        String token = server.initialToken();
        ApiClient.Response created = new ApiClient(server.localUrl()).call(token, ApiClient.CREATE_CHANNEL,
                ApiClient.TWO_RENDITIONS);
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        assertThat(created.json().get("sora_url").asText()).isEqualTo("wss://live.example.com/signaling");
        assertThat(created.json().get("playlist_url").asText()).startsWith("https://live.example.com/hls/");

        // HIBIKI_JAVA_OPTS: JavaCPP unpacks FFmpeg (loaded at start-up for HLS) into the unit's cache directory ...
        await().atMost(Duration.ofSeconds(60)).until(() -> containsLibrary(cache.resolve("javacpp"), "libavcodec"));
        assertThat(server.stderr()).doesNotContain("FFmpeg cannot be loaded");
        // ... and the embedded database's server port, which the CLI uses while the server runs, is on loopback.
        Matcher h2 = H2_SERVER.matcher(Files.readString(state.resolve("hibiki.lock.db")));
        assertThat(h2.find()).as("H2 AUTO_SERVER in the lock file").isTrue();
        int h2Port = Integer.parseInt(h2.group(2));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), h2Port), 2_000);
        }
        Optional<InetAddress> external = nonLoopbackIpv4();
        if (external.isPresent()) {
            assertThatRefused(external.get(), h2Port);
        }
        // docs/DEPLOY.md's CLI recipe: the same data directory, no server flags, while the server runs.
        HibikiProcess.Result cli = HibikiProcess.run(state, Map.of("HIBIKI_DATA_DIR", state.toString()),
                "token", "create", "--name", "ops");
        assertThat(cli.exitCode()).as("%s", cli).isZero();
        assertThat(cli.stdout().trim()).startsWith("hbk_");

        long t0 = System.nanoTime();
        server.sigterm(); // KillSignal=SIGTERM
        int exit = server.awaitExit(stopTimeout);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(exit).as("exit status after SIGTERM\n%s", server.output()).isIn(success);
        assertThat(took).isLessThan(stopTimeout);
        assertThat(server.stderr()).contains("Hibiki stopped");
    }

    /**
     * {@code systemd-analyze verify} accepts the unit: no unknown keys or sections, and the command exists (the
     * install directory pointed at this checkout). Where systemd's tools are not installed there is nothing to ask.
     */
    @Test
    void systemdAcceptsTheUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Assumptions.assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed");
        Path copy = tmp.resolve("hibiki.service");
        Files.writeString(copy, Files.readString(unitFile()).replace("/opt/hibiki", HibikiProcess.root().toString()));
        Process p = new ProcessBuilder(analyze.toString(), "verify", copy.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("warnings about the unit").doesNotContain(copy.getFileName().toString());
    }

    private static boolean containsLibrary(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(prefix));
        }
    }

    private static Optional<InetAddress> nonLoopbackIpv4() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) continue;
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address) return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static void assertThatRefused(InetAddress address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2_000);
            throw new AssertionError("the database port " + port + " accepts connections on " + address);
        } catch (ConnectException expected) {
            // bound to loopback only
        } catch (IOException e) {
            throw new AssertionError("unexpected " + e + " connecting to " + address + ":" + port, e);
        }
    }
}
