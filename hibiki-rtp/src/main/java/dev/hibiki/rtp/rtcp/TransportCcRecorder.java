package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.SequenceNumbers;

/**
 * Receive side of transport-wide CC: records the arrival time of each transport sequence number (in any
 * order) and periodically turns the not-yet-reported range into a feedback packet through a
 * {@link TransportCcFeedbackBuilder}. The SFU keeps one per transport towards a publisher and calls
 * {@link #fill} every 50-100 ms.
 *
 * <p>A packet arriving after its range was reported is ignored (it was reported lost). At most
 * {@code capacity} sequence numbers are kept; older unreported ones are dropped. Allocation-free; not
 * thread-safe.
 */
public final class TransportCcRecorder {
    private final int capacity;
    private final int mask;
    private final long[] slotExt;
    private final long[] arrivalMicros;
    private long highest = -1;
    private long nextToReport;
    private int feedbackCount;

    /** @param capacity sequence numbers kept; a power of two, 16..32768 */
    public TransportCcRecorder(int capacity) {
        if (capacity < 16 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 16..32768: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.slotExt = new long[capacity];
        this.arrivalMicros = new long[capacity];
        java.util.Arrays.fill(slotExt, -1);
    }

    /** Records that transport sequence number {@code seq} arrived at {@code arrivalMicros} (monotonic clock). */
    public void onPacket(int seq, long arrivalMicros) {
        long ext;
        if (highest < 0) {
            ext = 0x10000L + (seq & 0xFFFF);
            highest = ext;
            nextToReport = ext;
        } else {
            ext = SequenceNumbers.extend(seq & 0xFFFF, highest);
            if (ext < nextToReport) {
                return;
            }
            if (ext > highest) {
                highest = ext;
            }
        }
        if (highest - nextToReport >= capacity) {
            nextToReport = highest - capacity + 1;
        }
        if (ext <= highest - capacity) {
            return;
        }
        int slot = (int) (ext & mask);
        slotExt[slot] = ext;
        this.arrivalMicros[slot] = arrivalMicros;
    }

    /** True when packets arrived that no feedback has covered yet. */
    public boolean hasPending() {
        return highest >= 0 && nextToReport <= highest;
    }

    /**
     * Resets {@code builder} and adds the unreported packets in sequence order, as many as it accepts. Returns
     * false when there was nothing to report; the builder is then empty. Whatever did not fit stays for the next
     * call. Feedback packet counts increase by one per non-empty feedback.
     */
    public boolean fill(TransportCcFeedbackBuilder builder, long senderSsrc, long mediaSsrc) {
        builder.reset(senderSsrc, mediaSsrc, feedbackCount);
        if (!hasPending()) {
            return false;
        }
        long e = nextToReport;
        long reportedUpTo = nextToReport - 1;
        for (; e <= highest; e++) {
            int slot = (int) (e & mask);
            if (slotExt[slot] != e) {
                continue;
            }
            if (!builder.addReceived((int) (e & 0xFFFF), arrivalMicros[slot])) {
                break;
            }
            reportedUpTo = e;
        }
        if (builder.isEmpty()) {
            // Only losses so far: nothing to report until a packet arrives after them.
            return false;
        }
        nextToReport = reportedUpTo + 1;
        feedbackCount = (feedbackCount + 1) & 0xFF;
        return true;
    }
}
