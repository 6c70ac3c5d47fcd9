package dev.hibiki.live.signaling;

import org.junit.jupiter.api.Test;

import static dev.hibiki.live.signaling.KeepAlive.Action.CONNECT_TIMEOUT;
import static dev.hibiki.live.signaling.KeepAlive.Action.NOTHING;
import static dev.hibiki.live.signaling.KeepAlive.Action.PING;
import static dev.hibiki.live.signaling.KeepAlive.Action.PONG_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

class KeepAliveTest {

    private static final long S = 1_000_000_000L;
    private static final long INTERVAL = 5 * S;
    private static final long CONNECT_TIMEOUT_NANOS = 10 * S;

    private final KeepAlive keepAlive = new KeepAlive();

    private KeepAlive.Action at(long now, boolean awaitingConnect, boolean offered) {
        return keepAlive.next(now, awaitingConnect, offered, CONNECT_TIMEOUT_NANOS, INTERVAL, 3);
    }

    @Test
    void aSocketThatNeverSendsConnectTimesOut() {
        long opened = 1_000 * S;
        keepAlive.pong(opened); // the connect deadline counts from the WebSocket's opening
        assertThat(at(opened + 9 * S, true, false)).isEqualTo(NOTHING);
        assertThat(at(opened + 11 * S, true, false)).isEqualTo(CONNECT_TIMEOUT);
    }

    @Test
    void pingsFollowTheOfferEveryIntervalWithoutBursting() {
        long offered = keepAlive.offered(1_000 * S);
        assertThat(at(offered + INTERVAL - 1, false, true)).isEqualTo(NOTHING);
        assertThat(at(offered + INTERVAL + S, false, true)).isEqualTo(PING);
        assertThat(at(offered + INTERVAL + 2 * S, false, true)).isEqualTo(NOTHING);
        keepAlive.pong(offered + INTERVAL + 2 * S);
        // the phase is kept: the next ping is one interval after the previous one was due, not after the late tick
        assertThat(at(offered + 2 * INTERVAL, false, true)).isEqualTo(PING);
        keepAlive.pong(offered + 2 * INTERVAL);
        // after a stall of several intervals: one ping, and the schedule starts again from the stall's end
        long stallEnd = offered + 4 * INTERVAL + S;
        assertThat(at(stallEnd, false, true)).isEqualTo(PING);
        assertThat(at(stallEnd + INTERVAL - 1, false, true)).isEqualTo(NOTHING);
        keepAlive.pong(stallEnd + S);
        assertThat(at(stallEnd + INTERVAL, false, true)).isEqualTo(PING);
    }

    @Test
    void aClientThatStopsAnsweringIsGivenUpAfterTheMissedPongLimit() {
        long offered = keepAlive.offered(1_000 * S);
        assertThat(at(offered + INTERVAL, false, true)).isEqualTo(PING);
        assertThat(at(offered + 2 * INTERVAL, false, true)).isEqualTo(PING);
        assertThat(at(offered + 3 * INTERVAL, false, true)).isEqualTo(PING);
        assertThat(at(offered + 4 * INTERVAL, false, true)).isEqualTo(PONG_TIMEOUT);
    }

    @Test
    void aSessionNeitherOfferedNorConnectedIsNotPinged() {
        long offered = keepAlive.offered(1_000 * S);
        assertThat(at(offered + 10 * INTERVAL, false, false)).isEqualTo(NOTHING);
    }
}
