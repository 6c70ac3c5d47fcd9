package dev.hibiki.live.signaling;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.hibiki.live.signaling.SignalingMessages.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keep-alive on a server whose signaling pings every 400 ms and allows three missed pongs (the production
 * server uses 5 s and 3): a silent client is closed only after several unanswered pings, an answering one never.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalingPingTimeoutTest {

    /** Long enough that a pong delayed by a loaded machine still arrives within LIMIT intervals. */
    private static final Duration INTERVAL = Duration.ofMillis(400);
    private static final int LIMIT = 3;

    @TempDir
    static Path dataDir;
    private LiveServer server;

    @BeforeAll
    void start() {
        server = LiveServer.startWithPing(dataDir, INTERVAL, LIMIT);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void clientThatNeverPongsIsClosedAfterSeveralMissedPings() {
        try (SignalingClient c = server.client()) {
            long start = System.nanoTime();
            c.send(connect("sendonly", server.createMultistreamChannel()));
            c.offer();
            SignalingClient.Closed closed = c.awaitClose(Duration.ofSeconds(10));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(closed.code()).isEqualTo(4490);
            assertThat(closed.reason()).isEqualTo("PONG-TIMEOUT");
            assertThat(c.receivedOfType("ping")).as("pings sent before giving up").hasSizeGreaterThanOrEqualTo(LIMIT - 1);
            assertThat(elapsedMillis).as("not before %d intervals without a pong", LIMIT)
                    .isGreaterThanOrEqualTo(LIMIT * INTERVAL.toMillis());
        }
    }

    @Test
    void clientThatPongsStaysConnected() {
        try (SignalingClient c = server.client().answerPings(true)) {
            c.send(connect("recvonly", server.createMultistreamChannel()));
            c.offer();
            c.assertStaysOpen(INTERVAL.multipliedBy(LIMIT * 3L));
            assertThat(c.receivedOfType("ping")).hasSizeGreaterThanOrEqualTo(LIMIT * 2);
        }
    }

    @Test
    void pongsThatStopEndTheConnection() {
        try (SignalingClient c = server.client().answerPings(true)) {
            c.send(connect("sendonly", server.createMultistreamChannel()));
            c.offer();
            c.assertStaysOpen(INTERVAL.multipliedBy(LIMIT * 2L));
            c.answerPings(false);
            SignalingClient.Closed closed = c.awaitClose(Duration.ofSeconds(10));
            assertThat(closed).isEqualTo(new SignalingClient.Closed(4490, "PONG-TIMEOUT"));
        }
    }

    @Test
    void aClientThatWaitedBeforeConnectingStillGetsItsPings() throws InterruptedException {
        // the pong deadline runs from the offer, not from the WebSocket's opening
        try (SignalingClient c = server.client()) {
            Thread.sleep(INTERVAL.multipliedBy(LIMIT + 2L).toMillis());
            c.send(connect("sendonly", server.createMultistreamChannel()));
            c.offer();
            c.next("ping", Duration.ofSeconds(5));
            assertThat(c.isClosed()).isFalse();
            SignalingClient.Closed closed = c.awaitClose(Duration.ofSeconds(10));
            assertThat(closed.reason()).isEqualTo("PONG-TIMEOUT");
            assertThat(c.receivedOfType("ping")).hasSizeGreaterThanOrEqualTo(LIMIT - 1);
        }
    }

    @Test
    void clientThatNeverConnectsIsNotPingedAndClosedAtTheConnectDeadline() throws InterruptedException {
        try (SignalingClient c = server.client()) {
            Thread.sleep(INTERVAL.multipliedBy(LIMIT * 2L).toMillis());
            assertThat(c.received()).as("pings go to offered and connected clients only").isEmpty();
            assertThat(c.isClosed()).as("still within the connect deadline (3 x the pong budget here)").isFalse();
            SignalingClient.Closed closed = c.awaitClose(Duration.ofSeconds(10));
            assertThat(closed.code()).isEqualTo(4490);
            assertThat(closed.reason()).startsWith("CONNECT-TIMEOUT");
        }
    }

    @Test
    void eachClientIsPingedOnItsOwnScheduleFromItsOffer() throws InterruptedException {
        // Each client's pings run from its own offer: one global tick would make thousands answer in the same
        // instant, a CPU burst that stalls media forwarding.
        try (SignalingClient first = server.client().answerPings(true);
             SignalingClient second = server.client().answerPings(true)) {
            first.send(connect("recvonly", server.createMultistreamChannel()));
            first.offer();
            long firstOffered = System.nanoTime();
            Thread.sleep(INTERVAL.toMillis() / 2);
            second.send(connect("recvonly", server.createMultistreamChannel()));
            second.offer();
            long secondOffered = System.nanoTime();

            long firstPinged = 0, secondPinged = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((firstPinged == 0 || secondPinged == 0) && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                if (firstPinged == 0 && !first.receivedOfType("ping").isEmpty()) firstPinged = now;
                if (secondPinged == 0 && !second.receivedOfType("ping").isEmpty()) secondPinged = now;
                Thread.sleep(2);
            }
            assertThat(firstPinged).as("first client pinged").isPositive();
            assertThat(secondPinged).as("second client pinged").isPositive();
            long offerGapMillis = (secondOffered - firstOffered) / 1_000_000;
            long pingGapMillis = (secondPinged - firstPinged) / 1_000_000;
            // One global tick would give a gap of 0 or a whole interval (400 ms); own schedules keep the offers' gap.
            assertThat(pingGapMillis).as("gap between first pings (offers %d ms apart)", offerGapMillis)
                    .isBetween(offerGapMillis - 100, offerGapMillis + 100);
            assertThat((firstPinged - firstOffered) / 1_000_000).as("first ping about one interval after the offer")
                    .isBetween(INTERVAL.toMillis() - 50, INTERVAL.toMillis() + 200);
        }
    }

    @Test
    void pongTimeoutFreesTheSingleStreamSenderSlot() {
        String channel = server.createSingleStreamChannel();
        try (SignalingClient silent = server.client()) {
            silent.send(connect("sendonly", channel));
            silent.offer();
            assertThat(silent.awaitClose(Duration.ofSeconds(10)).reason()).isEqualTo("PONG-TIMEOUT");
        }
        try (SignalingClient next = server.client()) {
            next.send(connect("sendonly", channel));
            next.offer();
        }
    }
}
