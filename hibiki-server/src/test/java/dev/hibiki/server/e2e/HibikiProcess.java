package dev.hibiki.server.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code bin/hibiki} child process, as a user starts it: the packaged jar, no nested build
 * ({@code HIBIKI_SKIP_BUILD=1}), a hermetic environment (inherited {@code HIBIKI_*} variables are dropped; the
 * media port is 0, any free one).
 * Standard output and standard error are drained into buffers continuously so the child never blocks on a full
 * pipe. Every wait is bounded.
 *
 * <p>Use {@link #serve} for {@code hibiki serve} (returns once {@code /health} answers 200) and {@link #run} for
 * one-shot commands such as {@code hibiki token create}. Always {@link #close()} a started server (tests do it in
 * {@code @AfterEach}); a JVM shutdown hook kills whatever a crashed test run left behind.
 */
final class HibikiProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern HEALTH_LINE = Pattern.compile("(?m)^ {2}Health: +(\\S+)/health\\s*$");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("(?m)^ {2}ACCESS_TOKEN=(hbk_\\S+)\\s*$");
    private static final Pattern INITIAL_TOKEN_ID = Pattern.compile("access token \"initial\" \\(id (tok_\\w+)\\)");
    /** The server's start-up log line (stderr): the address actually bound, whatever the public URL says. */
    private static final Pattern SERVING_LOG = Pattern.compile("Hibiki serving on (\\S+):(\\d+) ");

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }), "hibiki-e2e-reaper"));
    }

    /** What a finished one-shot command did. */
    record Result(int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return lines(stdout);
        }

        List<String> stderrLines() {
            return lines(stderr);
        }

        private static List<String> lines(String s) {
            return s.isEmpty() ? List.of() : List.of(s.split("\\R", -1)).stream()
                    .filter(l -> !l.isEmpty()).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    private final Process process;
    private final String description;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread stdoutPump;
    private final Thread stderrPump;
    private volatile String publicBase;
    private volatile String localBase;

    private HibikiProcess(List<String> args, Map<String, String> env, Path workDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(script().toString());
        command.addAll(args);
        this.description = String.join(" ", command);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> environment = pb.environment();
        environment.keySet().removeIf(k -> k.startsWith("HIBIKI_"));
        environment.put("HIBIKI_SKIP_BUILD", "1");
        // Any free UDP port for WebRTC media instead of the fixed default, so test servers never collide with each
        // other or with a server already running on this machine. An environment variable rather than a flag: a
        // server without media support ignores unknown HIBIKI_* variables. Tests may override it through env.
        environment.put("HIBIKI_MEDIA_PORT", "0");
        // The embedded TURN server's fixed port would collide the same way; the browser tests cover TURN.
        environment.put("HIBIKI_TURN_PORT", "0");
        environment.putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        this.process = pb.start();
        LIVE.add(process);
        this.stdoutPump = pump(process.getInputStream(), stdout, "stdout");
        this.stderrPump = pump(process.getErrorStream(), stderr, "stderr");
    }

    static Path root() {
        String root = System.getProperty("hibiki.root");
        if (root == null || root.isBlank()) {
            throw new IllegalStateException("system property hibiki.root is not set; run the *IT tests through "
                    + "Maven failsafe (mvn verify), which sets it to the repository root");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    static Path script() {
        Path script = root().resolve("bin/hibiki");
        Path jar = root().resolve("hibiki-server/target/hibiki-server.jar");
        if (!Files.isExecutable(script)) throw new IllegalStateException(script + " is missing or not executable");
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing; run mvn package first");
        return script;
    }

    /** A TCP port that was free a moment ago (never 8080: the OS picks it from the ephemeral range). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code hibiki serve ARGS} and returns once its banner is out and {@code /health} answers 200. */
    static HibikiProcess serve(Path workDir, Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>();
        all.add("serve");
        all.addAll(List.of(args));
        HibikiProcess p = new HibikiProcess(all, env, workDir);
        try {
            p.awaitReady();
        } catch (Throwable t) {
            p.close();
            throw t;
        }
        return p;
    }

    /** {@code hibiki serve --data-dir DIR --http-port 0}: the common case. */
    static HibikiProcess serve(Path dataDir) throws Exception {
        return serve(dataDir.getParent(), Map.of(), "--data-dir", dataDir.toString(), "--http-port", "0");
    }

    /** Runs a one-shot command ({@code hibiki token list ...}) to completion, bounded by {@link #RUN_TIMEOUT}. */
    static Result run(Path workDir, Map<String, String> env, String... args) throws Exception {
        HibikiProcess p = new HibikiProcess(List.of(args), env, workDir);
        try {
            if (!p.process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("`" + p.description + "` did not finish within " + RUN_TIMEOUT
                        + "\n" + p.output());
            }
            p.joinPumps();
            return new Result(p.process.exitValue(), p.stdout.toString(), p.stderr.toString());
        } finally {
            p.close();
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Matcher health;
        while (!(health = HEALTH_LINE.matcher(stdout)).find()) {
            if (!process.isAlive()) {
                joinPumps();
                throw new AssertionError("`" + description + "` exited with " + process.exitValue()
                        + " before printing its banner\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("`" + description + "` printed no banner within " + START_TIMEOUT + "\n" + output());
            }
            Thread.sleep(25);
        }
        publicBase = health.group(1);
        // The banner shows the public URL (HIBIKI_PUBLIC_URL when set); the log line on stderr, written just before
        // the banner, shows the address actually bound.
        Matcher serving;
        while (!(serving = SERVING_LOG.matcher(stderr)).find()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"Hibiki serving on\" log line within " + START_TIMEOUT + "\n" + output());
            }
            Thread.sleep(25);
        }
        String host = serving.group(1);
        if (host.equals("0.0.0.0") || host.isEmpty()) host = "127.0.0.1";
        localBase = "http://" + host + ":" + serving.group(2);

        HttpRequest probe = HttpRequest.newBuilder(URI.create(localBase + "/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<String> r = HTTP.send(probe, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            if (!process.isAlive()) throw new AssertionError("`" + description + "` died while starting\n" + output());
            if (System.nanoTime() > deadline) {
                throw new AssertionError(localBase + "/health did not answer 200 within " + START_TIMEOUT
                        + " (last: " + last + ")\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** The base URL the banner advertises, such as {@code http://127.0.0.1:41234} (no trailing slash). */
    String baseUrl() {
        return publicBase;
    }

    /** Where this test can reach the server: the bound address, which differs from {@link #baseUrl} behind a public URL. */
    String localUrl() {
        return localBase;
    }

    int port() {
        return URI.create(localBase).getPort();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Process process() {
        return process;
    }

    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    /** The first start of a data directory prints the token once; this waits (bounded) for that line. */
    String initialToken() throws InterruptedException {
        return awaitStdout(ACCESS_TOKEN, Duration.ofSeconds(10)).group(1);
    }

    String initialTokenId() throws InterruptedException {
        return awaitStdout(INITIAL_TOKEN_ID, Duration.ofSeconds(10)).group(1);
    }

    Matcher awaitStdout(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = pattern.matcher(stdout);
            if (m.find()) return m;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stdout of `" + description + "` has no match for /" + pattern + "/ within "
                        + timeout + "\n" + output());
            }
            Thread.sleep(25);
        }
    }

    /**
     * Sends SIGTERM without waiting. Through {@link ProcessHandle#destroy()}, not {@link Process#destroy()}: on Unix
     * the latter also closes this side of the child's stdout/stderr pipes at once, so everything the server writes
     * while it shuts down (log lines, late output) would be lost.
     */
    void sigterm() {
        process.toHandle().destroy();
    }

    /**
     * Sends SIGTERM and waits (bounded) for the process to exit and its output to be drained.
     *
     * @return the exit code
     * @throws AssertionError when it does not exit in time (it is then killed)
     */
    int stop() throws InterruptedException {
        sigterm();
        return awaitExit(STOP_TIMEOUT);
    }

    /** Waits (bounded) for the process to exit; kills it and fails when it does not. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError("`" + description + "` did not exit within " + timeout + " of SIGTERM; killed it\n"
                    + output());
        }
        joinPumps();
        LIVE.remove(process);
        return process.exitValue();
    }

    /** {@code kill -9}: the process gets no chance to flush or close anything. */
    void sigkill() throws InterruptedException {
        kill();
    }

    private void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        joinPumps();
        LIVE.remove(process);
    }

    /** Stops the process if it still runs: SIGTERM, a bounded wait, then SIGKILL. Never throws for a slow exit. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            sigterm();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) kill();
        }
        joinPumps();
        LIVE.remove(process);
    }

    /** Both streams, for failure messages. */
    String output() {
        return "--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    }

    private void joinPumps() throws InterruptedException {
        stdoutPump.join(5_000);
        stderrPump.join(5_000);
    }

    private static Thread pump(InputStream in, StringBuffer into, String name) {
        Thread t = new Thread(() -> {
            char[] buf = new char[8192];
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                int n;
                while ((n = r.read(buf)) >= 0) into.append(buf, 0, n);
            } catch (IOException ignored) {
                // the process went away; what was read is kept
            }
        }, "hibiki-e2e-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Environment helper: {@code env("K1", "v1", "K2", "v2")}. */
    static Map<String, String> env(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }
}
