package dev.hibiki.sctp;

/**
 * The retransmission timeout from round-trip measurements (RFC 9260 section 6.3.1). The bounds are lower than the
 * RFC's 1 s minimum and 60 s maximum, as WebRTC's SCTP stacks choose: data channels carry interactive traffic and
 * ICE and DTLS notice a dead path on their own.
 */
final class RtoEstimator {
    static final long INITIAL_MS = 1000;
    static final long MIN_MS = 200;
    static final long MAX_MS = 10_000;

    private double srtt = -1;
    private double rttvar;
    private long rto = INITIAL_MS;

    long rtoMs() {
        return rto;
    }

    void measured(long rttMs) {
        if (srtt < 0) {
            srtt = rttMs;
            rttvar = rttMs / 2.0;
        } else {
            rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - rttMs);
            srtt = 0.875 * srtt + 0.125 * rttMs;
        }
        rto = clamp((long) Math.ceil(srtt + 4 * rttvar));
    }

    /** A timer expired: double the timeout (section 6.3.3, E2). */
    void backOff() {
        rto = clamp(rto * 2);
    }

    private static long clamp(long ms) {
        return Math.max(MIN_MS, Math.min(MAX_MS, ms));
    }
}
