package dev.hibiki.live.signaling;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.hibiki.live.signaling.SignalingMessages.connect;
import static org.assertj.core.api.Assertions.assertThat;

/** Stopping the server ends every signaling WebSocket with a close frame (1001, going away), promptly. */
class SignalingShutdownTest {

    @TempDir
    Path dataDir;

    @Test
    void stoppingTheServerClosesEverySocketWithGoingAway() throws Exception {
        LiveServer server = LiveServer.start(dataDir);
        String channel = server.createMultistreamChannel();
        try (SignalingClient offered = server.client();
             SignalingClient answered = server.client();
             SignalingClient idle = server.client()) {
            offered.send(connect("sendonly", channel));
            offered.offer();
            answered.send(connect("recvonly", channel));
            answered.send(SignalingMessages.JSON.createObjectNode().put("type", "answer")
                    .put("sdp", SignalingMessages.answerFor(answered.offer().get("sdp").asText())));
            answered.assertStaysOpen(Duration.ofMillis(200));

            long start = System.nanoTime();
            server.close();
            long stopMillis = (System.nanoTime() - start) / 1_000_000;

            for (SignalingClient c : new SignalingClient[]{offered, answered, idle}) {
                // Jetty's own close on stop: 1001 "Container being shut down" (or its idle-expiry close, also 1001)
                SignalingClient.Closed closed = c.awaitClose(Duration.ofSeconds(5));
                assertThat(closed.code()).as("%s", closed).isEqualTo(1001);
            }
            assertThat(stopMillis).as("open WebSockets do not hold the graceful stop up").isLessThan(4_000);
        }
    }
}
