package dev.hibiki.live.signaling;

import dev.hibiki.sfu.ConnectionStats;

/** A connection's bit rates over the last ping interval, for the stats API; sampled by the ping ticker. */
final class BitrateSampler {

    private volatile long[] lastSample;
    private volatile double receivedKbps = -1;
    private volatile double sentKbps = -1;

    void sample(long nowNanos, ConnectionStats.Snapshot now) {
        long[] last = lastSample;
        if (last != null && nowNanos > last[0]) {
            double seconds = (nowNanos - last[0]) / 1e9;
            receivedKbps = (now.bytesReceived() - last[1]) * 8 / 1000.0 / seconds;
            sentKbps = (now.bytesSent() - last[2]) * 8 / 1000.0 / seconds;
        }
        lastSample = new long[]{nowNanos, now.bytesReceived(), now.bytesSent()};
    }

    /** Kilobits per second received over the last interval; -1 before the first interval ends. */
    double receivedKbps() {
        return receivedKbps;
    }

    /** Kilobits per second sent over the last interval; -1 before the first interval ends. */
    double sentKbps() {
        return sentKbps;
    }
}
