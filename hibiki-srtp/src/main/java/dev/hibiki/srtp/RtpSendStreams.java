package dev.hibiki.srtp;

import java.security.GeneralSecurityException;

/**
 * Outgoing SRTP for RTP, the SFU's hot path: per packet one sealer call on the JDK's AES, no JNI. With the key
 * derivation rate 0 of DTLS-SRTP every SSRC of a connection has the same session keys, so one sealer serves them
 * all; each SSRC keeps only its index state. Thread-safe (one lock per connection direction).
 */
final class RtpSendStreams {
    private final RtpSealer sealer;
    private final boolean replayProtection;
    private final int maxStreams;
    private final SsrcTable<RtpSendIndex> indexes = new SsrcTable<>();
    /*
     * The two streams sealed last (a subscriber's audio and video), found without the table: in an SFU's fan-out each
     * connection is visited once per packet, long after its state left the CPU cache, and the table's arrays are two
     * more cache misses per packet.
     */
    private int recentSsrc;
    private RtpSendIndex recent;
    private int previousSsrc;
    private RtpSendIndex previous;
    private boolean closed;

    RtpSendStreams(RtpSealer sealer, boolean replayProtection, int maxStreams) {
        this.sealer = sealer;
        this.replayProtection = replayProtection;
        this.maxStreams = maxStreams;
    }

    /** Protects the packet in place; returns the new length or a negative {@link SrtpStatus}. */
    synchronized int protect(int ssrc, byte[] buf, int off, int len, int headerLength) {
        if (closed) {
            return SrtpStatus.CLOSED;
        }
        RtpSendIndex state = stateOf(ssrc);
        if (state == null) {
            return SrtpStatus.TOO_MANY_STREAMS;
        }
        int sequence = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        long index = state.estimate(sequence);
        if (replayProtection && state.isReplay(index)) {
            return SrtpStatus.REPLAYED;
        }
        int protectedLength;
        try {
            protectedLength = sealer.seal(buf, off, len, headerLength, ssrc, index);
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpStatus.FAILED;
        }
        state.update(index);
        return protectedLength;
    }

    /** The stream's index state, created on its first packet; null when there are already too many streams. */
    private RtpSendIndex stateOf(int ssrc) {
        if (recent != null && recentSsrc == ssrc) return recent;
        if (previous != null && previousSsrc == ssrc) return previous;
        RtpSendIndex state = indexes.get(ssrc);
        if (state == null) {
            if (indexes.size() >= maxStreams) return null;
            state = indexes.putIfAbsent(ssrc, new RtpSendIndex());
        }
        previousSsrc = recentSsrc;
        previous = recent;
        recentSsrc = ssrc;
        recent = state;
        return state;
    }

    synchronized int streamCount() {
        return indexes.size();
    }

    synchronized void close() {
        closed = true;
        indexes.clear();
        recent = previous = null;
        sealer.destroy();
    }
}
