package dev.hibiki.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM stops accepting connections at once but lets a request that is in flight finish and commit. */
@Tag("e2e")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GracefulShutdownIT {

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
    void requestInFlightAtSigtermCompletesAndNewConnectionsAreRefused() throws Exception {
        Path dataDir = tmp.resolve("data");
        HibikiProcess server = start(dataDir);
        String token = server.initialToken();
        int port = server.port();

        byte[] body = ApiClient.TWO_RENDITIONS.getBytes(StandardCharsets.UTF_8);
        String head = "POST / HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: application/json\r\n"
                + "X-Sora-Target: " + ApiClient.CREATE_CHANNEL + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                // The server answers "100 Continue" when the handler starts reading the body: proof that the
                // request is in flight (dispatched, not merely sitting in a socket buffer) before SIGTERM.
                + "Expect: 100-continue\r\n"
                + "\r\n";
        int half = body.length / 2;

        HttpReply reply;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            HttpReply interim = HttpReply.readHead(in);
            assertThat(interim.status()).as("interim response %s", interim).isEqualTo(100);
            out.write(body, 0, half);
            out.flush();

            long sigterm = System.nanoTime();
            server.sigterm();

            // The listener closes promptly while our request is still open.
            awaitConnectionRefused(port, Duration.ofSeconds(10), server);
            long elapsed = Duration.ofNanos(System.nanoTime() - sigterm).toMillis();
            if (elapsed < 300) Thread.sleep(300 - elapsed);
            assertThat(server.isAlive()).as("the server waits for the request in flight\n%s", server.output()).isTrue();

            out.write(body, half, body.length - half);
            out.flush();
            reply = HttpReply.read(in);
        }

        assertThat(reply.status()).as("%s\n%s", reply, server.output()).isEqualTo(200);
        JsonNode json = ApiClient.JSON.readTree(reply.body());
        String channelId = json.path("channel_id").asText();
        assertThat(channelId).as("%s", reply).isNotBlank();

        int exit = server.awaitExit(HibikiProcess.STOP_TIMEOUT);
        assertThat(exit).as("exit code after SIGTERM\n%s", server.output()).isIn(0, 143);
        assertThat(server.stderr()).contains("Hibiki stopped");

        HibikiProcess restarted = start(dataDir);
        assertThat(new ApiClient(restarted.localUrl()).listChannelIds(token)).containsExactly(channelId);
    }

    @Test
    void idleServerStopsPromptlyAndRefusesConnections() throws Exception {
        HibikiProcess server = start(tmp.resolve("data"));
        int port = server.port();
        long t0 = System.nanoTime();
        int exit = server.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(exit).isIn(0, 143);
        assertThat(took).as("an idle server must not wait out the shutdown timeout").isLessThan(Duration.ofSeconds(10));
        assertThatConnectionRefused(port);
        assertThat(server.stderr()).contains("Hibiki stopping").contains("Hibiki stopped");
    }

    private static void awaitConnectionRefused(int port, Duration timeout, HibikiProcess server) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            } catch (ConnectException refused) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("port " + port + " still accepts connections " + timeout + " after SIGTERM\n"
                        + server.output());
            }
            Thread.sleep(20);
        }
    }

    private static void assertThatConnectionRefused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            throw new AssertionError("port " + port + " still accepts connections after the server exited");
        } catch (ConnectException expected) {
            // refused, as it should be
        } catch (IOException e) {
            throw new AssertionError("expected connection refused, got " + e, e);
        }
    }

    /** Just enough HTTP/1.1 to read one response with a Content-Length (or until the peer closes). */
    record HttpReply(int status, Map<String, String> headers, String body) {

        /** Reads one response: the status line and headers, then the body they announce. */
        static HttpReply read(InputStream in) throws IOException {
            HttpReply head = readHead(in);
            byte[] body;
            String length = head.headers().get("content-length");
            if (length != null) {
                body = in.readNBytes(Integer.parseInt(length));
            } else if ("chunked".equalsIgnoreCase(head.headers().get("transfer-encoding"))) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                while (true) {
                    String size = readLine(in).split(";", 2)[0].trim();
                    int n = Integer.parseInt(size, 16);
                    if (n == 0) break;
                    all.write(in.readNBytes(n));
                    readLine(in);
                }
                body = all.toByteArray();
            } else {
                body = in.readAllBytes();
            }
            return new HttpReply(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
        }

        /** Reads a status line and headers only (an interim 1xx response has nothing else). */
        static HttpReply readHead(InputStream in) throws IOException {
            ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int b = in.read();
                if (b < 0) throw new IOException("connection closed before the response headers ended: "
                        + headBytes.toString(StandardCharsets.ISO_8859_1));
                headBytes.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3))
                        ? state + 1 : (b == '\r' ? 1 : 0);
            }
            String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            int status = Integer.parseInt(statusLine[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : Arrays.copyOfRange(lines, 1, lines.length)) {
                int colon = line.indexOf(':');
                if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
            return new HttpReply(status, headers, "");
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') if (b != '\r') sb.append((char) b);
            return sb.toString();
        }
    }
}
