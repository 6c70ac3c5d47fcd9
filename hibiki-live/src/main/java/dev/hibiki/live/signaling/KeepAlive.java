package dev.hibiki.live.signaling;

/**
 * When a signaling session pings, and when it gives up on its client: a connect deadline after the WebSocket opens,
 * then pings on the session's own schedule (one interval after the offer, then every interval, so that thousands of
 * clients do not all answer in the same instant), and a pong deadline of a few missed intervals. Touched by the
 * ping ticker, except {@link #pong} and {@link #offered}, hence the volatile deadline.
 */
final class KeepAlive {

    enum Action { NOTHING, CONNECT_TIMEOUT, PING, PONG_TIMEOUT }

    private volatile long lastPongNanos = System.nanoTime();
    private volatile long offeredAtNanos;
    /** When the next ping is due; touched by the ping ticker only. */
    private long nextPingNanos;
    private boolean pingScheduled;

    void pong() {
        pong(System.nanoTime());
    }

    void pong(long nowNanos) {
        lastPongNanos = nowNanos;
    }

    /**
     * The pong deadline starts with the offer: pings only go to offered and connected clients, so the time a client
     * took to send its connect must not count as missed pongs.
     *
     * @return the offer's time
     */
    long offered() {
        return offered(System.nanoTime());
    }

    long offered(long now) {
        lastPongNanos = now;
        offeredAtNanos = now;
        return now;
    }

    /** @param offeredOrConnected whether the session has been sent its offer and is not closed */
    Action next(long nowNanos, boolean awaitingConnect, boolean offeredOrConnected, long connectTimeoutNanos,
                long pingIntervalNanos, int missedPongLimit) {
        if (awaitingConnect && nowNanos - lastPongNanos > connectTimeoutNanos) return Action.CONNECT_TIMEOUT;
        if (!offeredOrConnected) return Action.NOTHING;
        if (!pingScheduled) {
            nextPingNanos = offeredAtNanos + pingIntervalNanos;
            pingScheduled = true;
        }
        if (nowNanos - nextPingNanos < 0) return Action.NOTHING;
        // Keep the phase; after a stall (a suspended machine) start again from now rather than ping in a burst.
        nextPingNanos = nowNanos - nextPingNanos < pingIntervalNanos ? nextPingNanos + pingIntervalNanos
                : nowNanos + pingIntervalNanos;
        if (nowNanos - lastPongNanos > pingIntervalNanos * missedPongLimit) return Action.PONG_TIMEOUT;
        return Action.PING;
    }
}
