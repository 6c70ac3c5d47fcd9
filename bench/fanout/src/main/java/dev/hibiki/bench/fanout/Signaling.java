package dev.hibiki.bench.fanout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One Sora signaling WebSocket (java.net.http): whole text messages up, sends serialised. */
final class Signaling implements WebSocket.Listener {

    private final Consumer<String> onMessage;
    private final Consumer<String> onClose;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    private Signaling(Consumer<String> onMessage, Consumer<String> onClose) {
        this.onMessage = onMessage;
        this.onClose = onClose;
    }

    static Signaling open(HttpClient http, URI uri, Consumer<String> onMessage, Consumer<String> onClose)
            throws Exception {
        Signaling s = new Signaling(onMessage, onClose);
        s.ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20))
                .buildAsync(uri, s).get(30, TimeUnit.SECONDS);
        return s;
    }

    /** Queues a text message; messages go out in order, one at a time (the WebSocket API allows no overlap). */
    synchronized void send(String text) {
        if (closed) return;
        sending = sending.handle((r, e) -> null).thenCompose(x -> ws.sendText(text, true));
    }

    void close() {
        if (closed) return;
        closed = true;
        synchronized (this) {
            sending.handle((r, e) -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        }
        ws.abort();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String msg = partial.toString();
            partial.setLength(0);
            try {
                onMessage.accept(msg);
            } catch (RuntimeException e) {
                System.err.println("fanout: signaling handler failed: " + e);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!closed) onClose.accept(statusCode + " " + reason);
        closed = true;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!closed) onClose.accept("error " + error);
        closed = true;
    }
}
