package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A Sora signaling client as the SDKs speak it, on the JDK's WebSocket: sends text (or binary) frames, collects
 * every text message the server sends and the close code and reason, and waits for them with bounded timeouts.
 * Server pings are answered with {@code pong} only when {@link #answerPings(boolean)} says so.
 */
final class SignalingClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Sends pongs off the listener thread (a send may wait for the test thread's send to finish). */
    private static final java.util.concurrent.ExecutorService PONGS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "signaling-client-pong");
        t.setDaemon(true);
        return t;
    });

    /** How the server ended the WebSocket. */
    record Closed(int code, String reason) {
    }

    private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final List<String> received = new ArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    /** The JDK WebSocket allows one outstanding send at a time; pongs go out from the listener's side. */
    private final Object sendLock = new Object();
    private volatile boolean answerPings;
    private volatile int binaryFrames;
    private final WebSocket ws;

    private SignalingClient(URI uri) {
        try {
            ws = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("cannot open " + uri, e);
        }
    }

    /** Opens a WebSocket to {@code ws://host:port/signaling}. */
    static SignalingClient open(URI signalingUrl) {
        return new SignalingClient(signalingUrl);
    }

    /** Replies {@code {"type":"pong"}} to every server ping from now on, as the SDKs do. */
    SignalingClient answerPings(boolean answer) {
        this.answerPings = answer;
        return this;
    }

    // ---------------------------------------------------------------- sending

    SignalingClient send(String text) {
        synchronized (sendLock) {
            join(ws.sendText(text, true), "send text");
        }
        return this;
    }

    SignalingClient send(JsonNode message) {
        return send(message.toString());
    }

    SignalingClient sendBinary(byte[] bytes) {
        synchronized (sendLock) {
            join(ws.sendBinary(ByteBuffer.wrap(bytes), true), "send binary");
        }
        return this;
    }

    /** Sends the message, or returns false when the server has closed the socket under it. */
    boolean trySend(String text) {
        try {
            synchronized (sendLock) {
                ws.sendText(text, true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---------------------------------------------------------------- receiving

    /** The next text message of any type, parsed; fails after {@code timeout}. */
    JsonNode next(Duration timeout) {
        String text = poll(timeout);
        if (text == null) {
            throw new AssertionError("no message within " + timeout + "; received " + received() + ", closed "
                    + closed.getNow(null));
        }
        return parse(text);
    }

    /** The next message of this type, skipping others (pings, notifies); fails after {@code timeout}. */
    JsonNode next(String type, Duration timeout) {
        return next(m -> type.equals(m.path("type").asText()), timeout, "type " + type);
    }

    JsonNode next(Predicate<JsonNode> wanted, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String text = left <= 0 ? null : poll(Duration.ofNanos(left));
            if (text == null) {
                throw new AssertionError("no message of " + what + " within " + timeout + "; received " + received()
                        + ", closed " + closed.getNow(null));
            }
            JsonNode m = parse(text);
            if (wanted.test(m)) return m;
        }
    }

    /**
     * The next message, or null when the server closes the socket first (messages it sent before closing still
     * come first).
     */
    JsonNode nextOrNullOnClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = poll(Duration.ofMillis(50));
            if (text != null) return parse(text);
            if (closed.isDone() && inbox.isEmpty()) return null;
        }
        throw new AssertionError("neither a message nor a close within " + timeout + "; received " + received());
    }

    /** The {@code offer}, which must be the first message the server sends. */
    JsonNode offer() {
        JsonNode m = next(WAIT);
        if (!"offer".equals(m.path("type").asText())) throw new AssertionError("expected an offer, got " + m);
        return m;
    }

    /** Every text message received so far, oldest first, including those already taken by {@code next}. */
    List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    List<JsonNode> receivedOfType(String type) {
        return received().stream().map(SignalingClient::parse)
                .filter(m -> type.equals(m.path("type").asText())).toList();
    }

    int binaryFramesReceived() {
        return binaryFrames;
    }

    // ---------------------------------------------------------------- closing

    /** How the server closed the socket; fails when it is still open after {@code timeout}. */
    Closed awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("still open after " + timeout + "; received " + received());
        } catch (ExecutionException e) {
            throw new AssertionError("the WebSocket failed instead of closing; received " + received(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Closed awaitClose() {
        return awaitClose(WAIT);
    }

    /**
     * How the server ended the socket: its close frame, or null when the connection broke first (a server that
     * closes while the client is still writing may reset the TCP connection before the close frame is read).
     * Fails only when the socket is still open after {@code timeout}.
     */
    Closed awaitCloseOrFailure(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("still open after " + timeout + "; received " + received());
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Fails if the server closes (or breaks) the socket within {@code period}. */
    void assertStaysOpen(Duration period) {
        try {
            Object outcome = closed.handle((c, e) -> e != null ? e : c).get(period.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("the server ended the WebSocket: " + outcome + "; received " + received());
        } catch (TimeoutException expected) {
            // still open
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Closes from the client side if still open (1000), and drops the connection. */
    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // already closing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ws.abort();
    }

    /** Drops the TCP connection without a close frame, as a crashed or offline client would. */
    void abort() {
        ws.abort();
    }

    // ---------------------------------------------------------------- internals

    private String poll(Duration timeout) {
        try {
            return inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("the server sent a message that is not JSON: " + text, e);
        }
    }

    private static void join(CompletableFuture<WebSocket> f, String what) {
        try {
            f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(what + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                synchronized (received) {
                    received.add(message);
                }
                inbox.add(message);
                if (answerPings && message.contains("\"ping\"")
                        && "ping".equals(parse(message).path("type").asText())) {
                    PONGS.execute(() -> trySend("{\"type\":\"pong\"}"));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (last) binaryFrames++;
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
    }
}
