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
        RtpSendIndex state = indexes.get(ssrc);
        if (state == null) {
            if (indexes.size() >= maxStreams) {
                return SrtpStatus.TOO_MANY_STREAMS;
            }
            state = indexes.putIfAbsent(ssrc, new RtpSendIndex());
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

    synchronized int streamCount() {
        return indexes.size();
    }

    synchronized void close() {
        closed = true;
        indexes.clear();
        sealer.destroy();
    }
}
