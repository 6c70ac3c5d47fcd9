package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.hibiki.live.signaling.SignalingMessages.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * After the offer, on the real server (ping every 5 s): client disconnect, trickled candidates, ping/pong, and the
 * channel being deleted under its connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalingLifecycleTest {

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

    private SignalingClient offered(String role, String channel) {
        SignalingClient c = server.client();
        c.send(connect(role, channel));
        c.offer();
        return c;
    }

    private static ObjectNode answerTo(JsonNode offer) {
        return SignalingMessages.JSON.createObjectNode().put("type", "answer")
                .put("sdp", SignalingMessages.answerFor(offer.get("sdp").asText()));
    }

    @Test
    void typeDisconnectClosesWith1000TypeDisconnect() {
        try (SignalingClient c = offered("sendonly", server.createMultistreamChannel())) {
            c.send("{\"type\":\"disconnect\",\"reason\":\"NO-ERROR\"}");
            assertThat(c.awaitClose()).isEqualTo(new SignalingClient.Closed(1000, "TYPE-DISCONNECT"));
        }
    }

    @Test
    void typeDisconnectWithoutReasonAsJs2020SendsIt() {
        try (SignalingClient c = offered("recvonly", server.createMultistreamChannel())) {
            c.send("{\"type\":\"disconnect\"}");
            assertThat(c.awaitClose()).isEqualTo(new SignalingClient.Closed(1000, "TYPE-DISCONNECT"));
        }
    }

    @Test
    void typeDisconnectAfterTheAnswerClosesWith1000() {
        String channel = server.createMultistreamChannel();
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", channel));
            c.send(answerTo(c.offer()));
            c.assertStaysOpen(Duration.ofMillis(300));
            c.send("{\"type\":\"disconnect\",\"reason\":\"NO-ERROR\"}");
            assertThat(c.awaitClose()).isEqualTo(new SignalingClient.Closed(1000, "TYPE-DISCONNECT"));
        }
    }

    @Test
    void candidatesAreAcceptedSilently() {
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", server.createMultistreamChannel()));
            JsonNode offer = c.offer();
            c.send(answerTo(offer));
            // CPP/RS/Android/THETA: the bare candidate line
            c.send("{\"type\":\"candidate\",\"candidate\":\"candidate:1 1 udp 2122260223 192.168.1.20 54321 typ host generation 0\"}");
            // sora-js-sdk: RTCIceCandidate.toJSON() plus type, including the end-of-candidates one
            c.send("{\"type\":\"candidate\",\"candidate\":\"candidate:842163049 1 udp 1677729535 203.0.113.7 61000 typ srflx "
                    + "raddr 0.0.0.0 rport 0 generation 0 ufrag cli1 network-cost 999\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,"
                    + "\"usernameFragment\":\"cli1\"}");
            c.send("{\"type\":\"candidate\",\"candidate\":\"\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
            c.send("{\"type\":\"candidate\"}");
            c.send("{\"type\":\"pong\"}");
            c.send("{\"type\":\"pong\",\"stats\":[{\"id\":\"T01\",\"type\":\"transport\",\"timestamp\":1.5}]}");
            c.assertStaysOpen(Duration.ofSeconds(1));
            assertThat(c.received()).as("nothing is sent back, least of all a candidate")
                    .allSatisfy(m -> assertThat(SignalingClient.parse(m).path("type").asText()).isIn("offer", "ping"));
            c.send("{\"type\":\"disconnect\",\"reason\":\"NO-ERROR\"}");
            assertThat(c.awaitClose().code()).isEqualTo(1000);
        }
    }

    @Test
    void candidateBeforeTheAnswerIsAcceptedToo() {
        try (SignalingClient c = offered("recvonly", server.createMultistreamChannel())) {
            c.send("{\"type\":\"candidate\",\"candidate\":\"candidate:1 1 udp 2122260223 10.0.0.2 40000 typ host\"}");
            c.assertStaysOpen(Duration.ofMillis(500));
        }
    }

    @Test
    void unknownMessageTypesAfterTheOfferAreIgnored() {
        try (SignalingClient c = offered("sendonly", server.createMultistreamChannel())) {
            c.send("{\"type\":\"stats\",\"reports\":[]}");
            c.send("{\"type\":\"something-new\",\"x\":1}");
            c.assertStaysOpen(Duration.ofMillis(500));
        }
    }

    @Test
    void serverPingsEveryFiveSecondsAndTwoMissedPongsAreTolerated() {
        // The production timing: a ping every 5 s, a client closed only after three intervals without a pong
        // (SignalingPingTimeoutTest covers the close itself on a faster server).
        try (SignalingClient c = offered("recvonly", server.createMultistreamChannel())) {
            JsonNode ping = c.next("ping", Duration.ofSeconds(7));
            assertThat(ping.has("stats")).isTrue();
            assertThat(ping.get("stats").isBoolean()).as("JS reads message.stats; RS/iOS decode a bool").isTrue();
            c.next("ping", Duration.ofSeconds(7));
            assertThat(c.isClosed()).as("still open after two unanswered pings").isFalse();
            c.send("{\"type\":\"pong\"}");
            c.send("{\"type\":\"disconnect\",\"reason\":\"NO-ERROR\"}");
            assertThat(c.awaitClose()).isEqualTo(new SignalingClient.Closed(1000, "TYPE-DISCONNECT"));
        }
    }

    @Test
    void deleteChannelClosesItsConnectionsWith1000DisconnectedApi() {
        String channel = server.createMultistreamChannel();
        String other = server.createMultistreamChannel();
        try (SignalingClient sender = offered("sendonly", channel);
             SignalingClient answered = server.client();
             SignalingClient viewer = offered("recvonly", channel);
             SignalingClient bystander = offered("sendonly", other)) {
            answered.send(connect("sendrecv", channel));
            answered.send(answerTo(answered.offer()));
            answered.assertStaysOpen(Duration.ofMillis(200));

            server.deleteChannel(channel);

            SignalingClient.Closed expected = new SignalingClient.Closed(1000, "DISCONNECTED-API");
            assertThat(sender.awaitClose()).isEqualTo(expected);
            assertThat(answered.awaitClose()).isEqualTo(expected);
            assertThat(viewer.awaitClose()).isEqualTo(expected);
            bystander.assertStaysOpen(Duration.ofMillis(300));
            assertThat(server.listChannelIds()).contains(other).doesNotContain(channel);
        }
        // the deleted channel refuses new connections
        try (SignalingClient late = server.client()) {
            late.send(connect("sendonly", channel));
            SignalingClient.Closed closed = late.awaitClose();
            assertThat(closed.code()).isEqualTo(4490);
            assertThat(closed.reason()).startsWith("CHANNEL-NOT-FOUND");
        }
    }

    @Test
    void deleteChannelDuringConcurrentConnectsLeavesNoConnectionBehind() throws Exception {
        // Every connect racing a DeleteChannel is either refused or closed with the others: none may stay in a
        // channel that no longer exists.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<String> leftOpen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try {
            for (int round = 0; round < 30; round++) {
                String channel = server.createMultistreamChannel();
                List<SignalingClient> clients = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) clients.add(server.client());
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
                for (SignalingClient c : clients) {
                    sent.add(pool.submit(() -> {
                        go.await();
                        c.trySend(connect("sendonly", channel).toString());
                        return null;
                    }));
                }
                go.countDown();
                Thread.sleep(round % 5);
                server.deleteChannel(channel);
                for (var f : sent) f.get(10, java.util.concurrent.TimeUnit.SECONDS);
                for (SignalingClient c : clients) {
                    try {
                        SignalingClient.Closed closed = c.awaitClose(Duration.ofSeconds(3));
                        assertThat(closed.code()).isIn(1000, 4490);
                    } catch (AssertionError e) {
                        leftOpen.add("round " + round + ": " + e.getMessage());
                    } finally {
                        c.close();
                    }
                }
                // no media connection may stay behind in the SFU for a session the delete raced with
                server.awaitNoSfuConnections(Duration.ofSeconds(3));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(leftOpen).isEmpty();
    }

    @Test
    void deleteChannelLeavesAClientThatHasNotConnectedYetAlone() {
        String channel = server.createMultistreamChannel();
        try (SignalingClient idle = server.client()) {
            server.deleteChannel(channel);
            idle.assertStaysOpen(Duration.ofMillis(300));
            idle.send(connect("sendonly", channel));
            assertThat(idle.awaitClose().code()).isEqualTo(4490);
        }
    }

    @Test
    void clientClosingItsSocketFreesTheSingleStreamSenderSlot() {
        String channel = server.createSingleStreamChannel();
        SignalingClient first = offered("sendonly", channel);
        first.close();
        // the server learns of the close asynchronously: retry briefly
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try (SignalingClient next = server.client()) {
                next.send(connect("sendonly", channel));
                JsonNode m = next.nextOrNullOnClose(Duration.ofSeconds(5));
                if (m != null && "offer".equals(m.path("type").asText())) return;
                // refused as a second sender: the server has not seen the close yet
                assertThat(next.awaitClose().reason()).startsWith("SENDER-ALREADY-CONNECTED");
            }
            if (System.nanoTime() > deadline) throw new AssertionError("the sender slot was never freed");
        }
    }

    @Test
    void manyConnectionsInOneChannel() {
        String channel = server.createMultistreamChannel();
        List<SignalingClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) clients.add(offered(i % 2 == 0 ? "sendonly" : "recvonly", channel));
            String session = null;
            for (SignalingClient c : clients) {
                String s = SignalingClient.parse(c.received().getFirst()).get("session_id").asText();
                if (session == null) session = s;
                assertThat(s).isEqualTo(session);
            }
        } finally {
            clients.forEach(SignalingClient::close);
        }
    }
}
