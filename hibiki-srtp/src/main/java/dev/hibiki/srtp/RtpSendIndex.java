package dev.hibiki.srtp;

/**
 * The SRTP index of one outgoing SSRC (RFC 3711 §3.3.1): the sender's rollover counter advances when the sequence
 * number wraps; a resent older packet gets the index of its first sending, estimated as a receiver would (RFC 3711
 * Appendix A). With send replay protection, a 64-packet window refuses an index already protected or too old.
 * Guarded by the owning {@link RtpSendStreams}.
 */
final class RtpSendIndex {
    private static final int WINDOW = 64;

    private boolean started;
    private int highestSequence;
    private long rolloverCounter;
    private long highestIndex;
    private long window;

    /** The index a packet with {@code sequence} has; commit it with {@link #update} once it is protected. */
    long estimate(int sequence) {
        if (!started) {
            return sequence;
        }
        long v = rolloverCounter;
        if (highestSequence < 0x8000) {
            if (sequence - highestSequence > 0x8000) {
                v = Math.max(0, rolloverCounter - 1);
            }
        } else if (highestSequence - 0x8000 > sequence) {
            v = rolloverCounter + 1;
        }
        return (v << 16) | sequence;
    }

    /** Whether {@code index} was protected already or is older than the window (send replay protection). */
    boolean isReplay(long index) {
        if (!started || index > highestIndex) {
            return false;
        }
        long behind = highestIndex - index;
        return behind >= WINDOW || (window & (1L << behind)) != 0;
    }

    void update(long index) {
        int sequence = (int) (index & 0xFFFF);
        long v = index >>> 16;
        if (!started) {
            started = true;
            highestSequence = sequence;
            rolloverCounter = v;
            highestIndex = index;
            window = 1;
            return;
        }
        if (v == rolloverCounter + 1 || (v == rolloverCounter && sequence > highestSequence)) {
            rolloverCounter = v;
            highestSequence = sequence;
        }
        if (index > highestIndex) {
            long ahead = index - highestIndex;
            window = ahead < WINDOW ? (window << ahead) | 1 : 1;
            highestIndex = index;
        } else {
            window |= 1L << (highestIndex - index);
        }
    }
}
