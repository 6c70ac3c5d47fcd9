package dev.hibiki.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A real HTTP server that plays a customer's webhook receiver: it records every POST (path, headers, JSON body)
 * and answers each path as the test tells it (status, body, delay).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one path answers. */
    public record Answer(int status, String body, Duration delay) {
        public static Answer json(String body) {
            return new Answer(200, body, Duration.ZERO);
        }
    }

    /** One request received. */
    public record Call(String path, Map<String, List<String>> headers, JsonNode body, long receivedAtNanos) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().getFirst();
            }
            return null;
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] in = exchange.getRequestBody().readAllBytes();
                JsonNode body;
                try {
                    body = JSON.readTree(in);
                } catch (IOException e) {
                    body = null;
                }
                String path = exchange.getRequestURI().getPath();
                calls.add(new Call(path, Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime()));
                Answer a = answers.getOrDefault(path, Answer.json("{}"));
                if (!a.delay().isZero()) {
                    try {
                        Thread.sleep(a.delay());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) exchange.getResponseBody().write(out);
            } catch (IOException e) {
                // the client went away (e.g. Hibiki timed out): nothing to answer
            }
        });
        server.start();
    }

    public WebhookReceiver answer(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** The port it listens on (loopback), for URLs that name it by another host name. */
    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path).toString();
    }

    public List<Call> calls(String path) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) if (c.path().equals(path)) out.add(c);
        return out;
    }

    /** Waits until a call to {@code path} matches, and returns it. */
    public Call awaitCall(String path, Predicate<Call> match, Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> calls(path).stream().filter(match).findFirst().orElse(null), c -> c != null);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
