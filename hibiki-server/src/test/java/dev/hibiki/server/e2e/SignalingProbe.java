package dev.hibiki.server.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** One recvonly signaling connect against a running server, for tests that only need to know how it ends. */
final class SignalingProbe {
    private SignalingProbe() {
    }

    /** "offer" when the server offers, else "closed CODE REASON"; the WebSocket is dropped either way. */
    static String connectRecvonly(URI signaling, String channelId, Duration timeout) {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(signaling, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                if (data.toString().contains("\"type\":\"offer\"")) outcome.complete("offer");
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                outcome.complete("closed " + statusCode + " " + reason);
                return null;
            }
        }).join();
        ws.sendText("{\"type\":\"connect\",\"role\":\"recvonly\",\"channel_id\":\"" + channelId
                + "\",\"sora_client\":\"Sora JavaScript SDK 2026.1.0\"}", true).join();
        try {
            return outcome.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
        } finally {
            ws.abort();
        }
    }
}
