package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static dev.hibiki.live.signaling.SignalingMessages.answerFor;
import static dev.hibiki.live.signaling.SignalingMessages.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What SDKs from before 2021 need (sora-js-sdk 1.x and 2020.x understand {@code update}, not {@code re-offer}), over
 * a real WebSocket against a real server: a viewer of a single-stream channel whose sender has answered gets the
 * sender's tracks in its first offer, and renegotiation reaches each client in the message its SDK knows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalingLegacySdkTest {

    @TempDir
    static Path dataDir;
    private LiveServer server;

    @BeforeAll
    void start() {
        server = LiveServer.start(dataDir);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    private static ObjectNode connectAs(String role, String channel, String soraClient) {
        ObjectNode m = connect(role, channel);
        if (soraClient == null) m.remove("sora_client");
        else m.put("sora_client", soraClient);
        return m;
    }

    private static ObjectNode answer(String type, JsonNode offer) {
        return SignalingMessages.JSON.createObjectNode().put("type", type).put("sdp", answerFor(offer.get("sdp").asText()));
    }

    /** The sender's answer travels on its own WebSocket: wait until a new viewer's offer shows it was applied. */
    private void awaitAnswerApplied(String channel, String senderId) {
        org.awaitility.Awaitility.await().atMost(SignalingClient.WAIT).untilAsserted(() -> {
            try (SignalingClient probe = server.client()) {
                probe.send(connectAs("recvonly", channel, SignalingMessages.SORA_JS_CLIENT));
                assertThat(probe.offer().get("sdp").asText()).contains("a=msid:" + senderId);
            }
        });
    }

    @Test
    void aViewerOfAnAnsweredSenderGetsItsTracksInTheFirstOffer() {
        String channel = server.createSingleStreamChannel();
        try (SignalingClient sender = server.client(); SignalingClient early = server.client();
             SignalingClient late = server.client()) {
            early.send(connectAs("recvonly", channel, "Sora JavaScript SDK 1.16.0"));
            assertThat(early.offer().get("sdp").asText()).doesNotContain("a=sendonly");

            sender.send(connectAs("sendonly", channel, "Sora JavaScript SDK 1.16.0"));
            JsonNode offer = sender.offer();
            String senderId = offer.get("connection_id").asText();
            sender.send(answer("answer", offer));

            awaitAnswerApplied(channel, senderId);
            late.send(connectAs("recvonly", channel, "Sora JavaScript SDK 1.16.0"));
            String sdp = late.offer().get("sdp").asText();
            assertThat(sdp).contains("a=msid:" + senderId).contains("a=sendonly");
            assertThat(sdp.split("m=audio", -1)).hasSize(2);
            assertThat(sdp.split("m=video", -1)).hasSize(2);
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "NONE", value = {
            "Sora JavaScript SDK 1.16.0, update",
            "Sora JavaScript SDK 2020.6.2, update",
            "NONE, update",
            "Sora JavaScript SDK 2021.1.0, re-offer",
            "Sora JavaScript SDK 2026.1.0, re-offer",
            "Sora C++ SDK 2025.1.0, re-offer",
            "hibiki-bench-fanout, re-offer"})
    void renegotiationUsesTheMessageTheClientsSdkKnows(String soraClient, String expectedType) {
        String channel = server.createMultistreamChannel();
        try (SignalingClient sender = server.client(); SignalingClient viewer = server.client()) {
            sender.send(connectAs("sendonly", channel, SignalingMessages.SORA_JS_CLIENT));
            JsonNode senderOffer = sender.offer();
            sender.send(answer("answer", senderOffer));
            awaitAnswerApplied(channel, senderOffer.get("connection_id").asText());

            viewer.send(connectAs("recvonly", channel, soraClient));
            JsonNode offer = viewer.offer();
            assertThat(offer.get("sdp").asText()).contains("a=msid:" + senderOffer.get("connection_id").asText());
            viewer.send(answer("answer", offer));
            // The sender leaving takes its tracks out of the viewer's session: a renegotiation.
            sender.close();
            JsonNode renegotiation = viewer.next(m -> m.path("type").asText().matches("update|re-offer"),
                    SignalingClient.WAIT, "a renegotiation");
            assertThat(renegotiation.get("type").asText()).isEqualTo(expectedType);
            // ... and its answer, in the same vocabulary, is taken.
            String reply = expectedType.equals("update") ? "update" : "re-answer";
            viewer.send(answer(reply, renegotiation));
            viewer.assertStaysOpen(java.time.Duration.ofMillis(500));
        }
    }
}
