package dev.hibiki.sfu;

import dev.hibiki.rtp.rtcp.NtpTime;
import dev.hibiki.rtp.rtcp.ReportBlock;

/**
 * What a receiver report says about one incoming stream (RFC 3550 section 6.4.1 and appendix A.3/A.8): loss
 * since the last report, cumulative loss, highest sequence number, interarrival jitter, and the timing of the
 * sender's last SR so it can compute the round-trip time. Guarded by its own monitor: packets arrive on the ICE
 * thread, reports are written by the RTCP timer.
 */
final class ReceptionStatistics {

    private final long ssrc;
    private final int clockRate;

    private boolean started;
    private int baseSeq;
    private long cycles;
    private int maxSeq;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter;
    private long lastTransit;
    private boolean haveTransit;
    private long lastSrCompact;
    private long lastSrArrivalNanos;

    ReceptionStatistics(long ssrc, int clockRate) {
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    synchronized void onPacket(int seq, long rtpTimestamp, long arrivalNanos) {
        if (!started) {
            started = true;
            baseSeq = seq;
            maxSeq = seq;
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta != 0 && delta < 0x8000) {
                if (seq < maxSeq) cycles += 0x10000;
                maxSeq = seq;
            } else if (delta == 0) {
                return; // duplicate
            }
        }
        received++;
        // Jitter in timestamp units; arrival expressed in the same clock (RFC 3550 A.8).
        long arrival = arrivalNanos / 1000 * clockRate / 1_000_000;
        long transit = arrival - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    synchronized void onSenderReport(long ntpTimestamp, long arrivalNanos) {
        lastSrCompact = NtpTime.compact(ntpTimestamp);
        lastSrArrivalNanos = arrivalNanos;
    }

    /** The report block for now, or null before the first packet. Resets the "since last report" counters. */
    /** Interarrival jitter in milliseconds. */
    synchronized double jitterMillis() {
        return jitter * 1000.0 / clockRate;
    }

    synchronized ReportBlock reportBlock(long nowNanos) {
        if (!started) return null;
        long extendedMax = cycles + maxSeq;
        long expected = extendedMax - baseSeq + 1;
        long lost = Math.max(0, expected - received);
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long dlsr = lastSrArrivalNanos == 0 ? 0 : NtpTime.durationToCompact(nowNanos - lastSrArrivalNanos);
        return new ReportBlock(ssrc, Math.min(fraction, 255), (int) Math.min(lost, 0x7FFFFF), extendedMax & 0xFFFFFFFFL,
                (long) jitter, lastSrCompact, lastSrArrivalNanos == 0 ? 0 : dlsr);
    }
}
