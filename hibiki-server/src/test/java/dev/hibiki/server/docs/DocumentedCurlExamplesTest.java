package dev.hibiki.server.docs;

import dev.hibiki.ricoh.IssuedClient;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code curl} example of README.md and docs/API.md, run as written with bash and the real curl against a real
 * server, in document order, each shell block after the one before (its variables carried over). What a reader would
 * change is all that changes: the host and port ({@code http://127.0.0.1:8080}), the {@code ACCESS_TOKEN=hbk_...}
 * line (a real token), the {@code CLIENT_ID=} and {@code CLIENT_SECRET=} lines (a real RICOH API client, as
 * {@code bin/hibiki client create} prints them), the {@code ACCESS_CODE=} line (a real Live Streaming Option system
 * whose master is {@code imageflux@example.com} / {@code Password123}, as {@code bin/hibiki option init} prints it),
 * and a line {@code NAME=example  # the key of the answer} takes
 * {@code key} (or, without one in the comment, {@code name}) from the answer the block's last curl printed (a string
 * or a number), as the reader copies it. Every curl must get a 2xx answer.
 */
class DocumentedCurlExamplesTest {

    private static final List<Path> DOCUMENTS = List.of(Path.of("..", "README.md"), Path.of("..", "docs", "API.md"));
    private static final Pattern SH_BLOCK = Pattern.compile("(?ms)^```(?:sh|bash|shell)\\n(.*?)^```");
    private static final Pattern ASSIGNMENT = Pattern.compile("^([A-Z][A-Z0-9_]*)=(\\S*)(\\s+#.*)?$");
    private static final String DOCUMENTED_BASE = "http://127.0.0.1:8080";
    /** "# the channel_id of the answer", "# a connection_id of the list": the key the reader copies. */
    private static final Pattern COPIED_KEY = Pattern.compile("#\\s*(?:the|a|an) ([a-z_]+) of the");

    @TempDir
    Path dir;

    @Test
    void everyCurlExampleOfTheDocsRunsAsWritten() throws Exception {
        List<String> blocks = new ArrayList<>();
        for (Path doc : DOCUMENTS) {
            Matcher m = SH_BLOCK.matcher(Files.readString(doc));
            while (m.find()) {
                if (m.group(1).contains("curl ")) blocks.add(m.group(1));
            }
        }
        assertThat(blocks).as("curl examples in " + DOCUMENTS).hasSizeGreaterThanOrEqualTo(4);

        try (ServerFixture fixture = new ServerFixture(dir.resolve("data"), TestDatabases.h2(dir.resolve("data")))) {
            String base = fixture.baseUri().toString().replaceAll("/$", "");
            String token = fixture.newToken("docs");
            IssuedClient client = fixture.server().ricohClients().create("docs", 5);
            String accessCode = fixture.server().option().createSystem("docs", "imageflux@example.com", "Password123");
            Path state = dir.resolve("state.sh");
            Path codes = dir.resolve("codes");
            WebSocket viewer = null;
            try {
                for (String block : blocks) {
                    if (block.contains("ListChannelConnections")) {
                        // The Sora examples are about live connections: one viewer is connected, as the text says.
                        viewer = connectViewer(base, channelIdFrom(state));
                    }
                    run(script(block, base, token, client, accessCode, state, codes), block);
                }
            } finally {
                if (viewer != null) viewer.abort();
            }
            List<String> answered = Files.readAllLines(codes);
            assertThat(answered).as("HTTP status of each documented curl, in order").isNotEmpty()
                    .allSatisfy(code -> assertThat(code).as("see the output above").startsWith("2"));
        }
    }

    /** The block as a bash script: the reader's substitutions, curl recording each answer, variables kept. */
    private static String script(String block, String base, String token, IssuedClient client, String accessCode,
                                 Path state, Path codes) {
        Set<String> names = new LinkedHashSet<>();
        StringBuilder body = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            String l = line.replace(DOCUMENTED_BASE, base);
            Matcher a = ASSIGNMENT.matcher(l);
            if (a.matches()) {
                String name = a.group(1);
                names.add(name);
                if (name.equals("ACCESS_TOKEN") && a.group(2).startsWith("hbk_")) l = "ACCESS_TOKEN=" + token;
                else if (name.equals("CLIENT_ID")) l = "CLIENT_ID=" + client.client().id();
                else if (name.equals("CLIENT_SECRET")) l = "CLIENT_SECRET=" + client.secret();
                else if (name.equals("ACCESS_CODE")) l = "ACCESS_CODE=" + accessCode;
                else if (a.group(3) != null && !a.group(2).startsWith("$") && !a.group(2).startsWith("http")) {
                    Matcher key = COPIED_KEY.matcher(a.group(3));
                    l = name + "=$(answered " + (key.find() ? key.group(1) : name.toLowerCase(java.util.Locale.ROOT)) + ")";
                }
            }
            body.append(l).append('\n');
        }
        String last = state.resolveSibling("last-answer").toString();
        return "set -euo pipefail\n"
                + "[ -f '" + state + "' ] && . '" + state + "'\n"
                + "curl() { local code; code=$(command curl -sS -o '" + last + "' -w '%{http_code}' \"$@\");"
                + " cat '" + last + "'; echo; echo \"$code\" >> '" + codes + "'; }\n"
                + "answered() { grep -o \"\\\"$1\\\":\\(\\\"[^\\\"]*\\\"\\|[0-9][0-9]*\\)\" '" + last + "'"
                + " | head -n 1 | sed 's/^[^:]*://; s/^\"\\(.*\\)\"$/\\1/'; }\n"
                + body
                + "declare -p " + String.join(" ", names.isEmpty() ? Set.of("BASH_VERSION") : names)
                + " 2>/dev/null | sed 's/^declare -[-a-z]* /declare -g /' >> '" + state + "' || true\n";
    }

    private static void run(String script, String block) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("--- documented block:\n" + block + "--- output:\n" + out);
        assertThat(done).as("block finished: " + block).isTrue();
        assertThat(p.exitValue()).as("exit code of\n" + block + "\noutput:\n" + out).isZero();
    }

    private static String channelIdFrom(Path state) throws IOException {
        Matcher m = Pattern.compile("CHANNEL_ID=\"?([0-9a-z]+)").matcher(Files.readString(state));
        assertThat(m.find()).as("a CHANNEL_ID from an earlier example").isTrue();
        return m.group(1);
    }

    /** A recvonly signaling connection to the channel, kept open until the test ends (it never starts ICE). */
    private static WebSocket connectViewer(String base, String channelId) {
        CompletableFuture<String> offer = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(base.replace("http://", "ws://") + "/signaling"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        if (data.toString().contains("\"offer\"")) offer.complete(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        ws.sendText("{\"type\":\"connect\",\"role\":\"recvonly\",\"channel_id\":\"" + channelId
                + "\",\"sora_client\":\"docs example\"}", true).join();
        offer.orTimeout(10, TimeUnit.SECONDS).join();
        return ws;
    }
}
