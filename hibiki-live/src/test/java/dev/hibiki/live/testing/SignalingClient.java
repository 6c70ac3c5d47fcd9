package dev.hibiki.live.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.platform.http.JsonBodyReader;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A signaling WebSocket as a test drives it: send messages, take what arrives, see how it closed. */
public final class SignalingClient implements AutoCloseable {

    /** How the server closed the socket. */
    public record Closed(int code, String reason) {
    }

    private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    public final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket ws;

    public SignalingClient(String url) {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    try {
                        received.add(JsonBodyReader.mapper().readTree(text.toString()));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("the server sent text that is not JSON: " + text, e);
                    }
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Closed(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).join();
    }

    public void send(String json) {
        ws.sendText(json, true).join();
    }

    /** The next message of this type, skipping others (pings, notifies); fails after 10 s. */
    public JsonNode next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            JsonNode m = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) throw new AssertionError("no " + type + " message within 10 s; closed: " + closed.getNow(null));
            if (type.equals(m.path("type").asText())) return m;
        }
    }

    public Closed awaitClose() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        // The server may be closing it at the same moment: whichever close wins, the socket ends.
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null).join();
        ws.abort();
    }
}
