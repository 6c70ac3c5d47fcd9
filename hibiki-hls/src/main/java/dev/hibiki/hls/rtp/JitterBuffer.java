package dev.hibiki.hls.rtp;

import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.SequenceNumbers;

import java.util.function.LongSupplier;

/**
 * Puts the RTP packets of one stream (one SSRC) back in sequence order for a depacketizer.
 *
 * <p>{@link #push} copies a packet into a ring of slots indexed by sequence number. {@link #drain} hands the
 * packets on in order; when the next sequence number is missing it waits at most {@code maxWait} (counted from
 * the arrival of the earliest packet buffered behind the hole) and then skips the hole, telling the sink how
 * many sequence numbers it skipped so the depacketizer can drop the broken frame and ask for a keyframe.
 * At the start (and after a reset) nothing is handed on before {@code maxWait} has passed, so a stream whose
 * first packets arrive out of order still begins with its first packet.
 *
 * <p>Duplicates and packets older than the last one handed on are dropped. A packet up to two buffers ahead
 * slides the window, giving up the oldest sequence numbers (also when the consumer falls behind); a bigger
 * jump forward, a jump of a whole buffer backward on two consecutive packets, or an SSRC change resets the
 * buffer: what was buffered is dropped. Either way the next packet handed on reports the loss.
 *
 * <p>Threads: {@link #push} may be called from any thread (it is synchronized and only copies); {@link #drain}
 * and {@link #flush} must be called from one consumer thread at a time. The sink runs
 * on that thread outside the lock, so a slow sink never blocks the receive thread. The packet view given to the
 * sink stays valid only until the sink returns. Released slots are recycled by swapping arrays, so a steady
 * stream allocates nothing.
 */
public final class JitterBuffer {
    /** Receives the packets of a {@link JitterBuffer} in sequence order. */
    @FunctionalInterface
    public interface PacketSink {
        /**
         * One packet in sequence order; {@code lostBefore} is the number of sequence numbers skipped just before
         * it (0 normally; at least 1 after a reset, even when the count is unknown).
         */
        void onPacket(RtpPacket packet, int lostBefore);
    }

    public static final int DEFAULT_CAPACITY = 512;
    public static final long DEFAULT_MAX_WAIT_NANOS = 100_000_000L;
    private static final int INITIAL_SLOT_SIZE = 1500;

    private final LongSupplier nanoClock;
    private final long maxWaitNanos;
    private final int capacity;
    private final int mask;
    private final byte[][] slots;
    private final int[] lengths;
    private final long[] arrivals;
    private final RtpPacket incoming = new RtpPacket();
    private final RtpPacket outgoing = new RtpPacket();
    private byte[] released;

    private boolean started;
    private long ssrc;
    private int next;
    private int highest;
    private int buffered;
    private boolean releasedAny;
    private long startArrival;
    private int pendingLoss;
    private int backwardCandidate = -1;

    private long received;
    private long malformed;
    private long duplicates;
    private long late;
    private long lost;
    private long resets;

    /** A buffer of {@link #DEFAULT_CAPACITY} packets waiting at most 100 ms for a missing one, on the system clock. */
    public JitterBuffer() {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_WAIT_NANOS, System::nanoTime);
    }

    /**
     * @param capacity      packets held at most (rounded up to a power of two, 16 to 16384); a jump of two
     *                      capacities resets the buffer
     * @param maxWaitNanos  how long to wait for a missing packet before skipping it
     * @param nanoClock     monotonic time in nanoseconds (injected for tests)
     */
    public JitterBuffer(int capacity, long maxWaitNanos, LongSupplier nanoClock) {
        if (maxWaitNanos < 0) {
            throw new IllegalArgumentException("maxWaitNanos < 0");
        }
        int size = Integer.highestOneBit(Math.max(16, Math.min(capacity, 1 << 14)) - 1) << 1;
        this.capacity = size;
        this.mask = size - 1;
        this.maxWaitNanos = maxWaitNanos;
        this.nanoClock = nanoClock;
        this.slots = new byte[size][];
        this.lengths = new int[size];
        this.arrivals = new long[size];
    }

    /** Copies the packet the view points at into the buffer; see {@link #push(byte[], int, int)}. */
    public boolean push(RtpPacket packet) {
        return push(packet.buffer(), packet.offset(), packet.length());
    }

    /**
     * Copies one RTP packet {@code buf[off .. off+len)} into the buffer. Never throws for malformed input: a
     * packet that is not valid RTP is counted and ignored.
     *
     * @return true when the next packet in order is buffered (a hint for scheduling the consumer; the start
     *     delay and gaps still need a {@link #drain} once {@link #nextDeadlineNanos()} has passed)
     */
    public synchronized boolean push(byte[] buf, int off, int len) {
        if (!incoming.wrap(buf, off, len)) {
            malformed++;
            return false;
        }
        received++;
        int seq = incoming.sequenceNumber();
        long packetSsrc = incoming.ssrc();
        if (!started) {
            start(seq, packetSsrc);
        } else if (packetSsrc != ssrc) {
            reset(seq, packetSsrc);
        }
        int distance = SequenceNumbers.diff(seq, next);
        if (distance < 0) {
            if (!acceptBehind(seq, distance)) {
                return false;
            }
        } else if (distance >= capacity) {
            slideWindow(seq, packetSsrc, distance);
        }
        backwardCandidate = -1;
        int index = seq & mask;
        if (lengths[index] > 0) {
            duplicates++;
            return lengths[next & mask] > 0;
        }
        byte[] slot = slots[index];
        if (slot == null || slot.length < len) {
            slot = new byte[Math.max(len, INITIAL_SLOT_SIZE)];
            slots[index] = slot;
        }
        System.arraycopy(buf, off, slot, 0, len);
        lengths[index] = len;
        arrivals[index] = nanoClock.getAsLong();
        buffered++;
        if (SequenceNumbers.diff(seq, highest) > 0) {
            highest = seq;
        }
        return lengths[next & mask] > 0;
    }

    /**
     * Decides about a packet older than the next expected one. Before anything was handed on (the start delay),
     * an early reordered packet moves the start back; far behind on two consecutive packets means the sender restarted its
     * sequence; anything else is late (or a duplicate of a packet already handed on) and dropped.
     */
    private boolean acceptBehind(int seq, int distance) {
        if (!releasedAny && SequenceNumbers.diff(highest, seq) < capacity) {
            next = seq;
            return true;
        }
        if (distance <= -capacity) {
            if (backwardCandidate >= 0 && seq == SequenceNumbers.add(backwardCandidate, 1)) {
                reset(seq, ssrc);
                return true;
            }
            backwardCandidate = seq;
        }
        late++;
        return false;
    }

    /**
     * Makes room for a packet a whole buffer or more ahead: the oldest sequence numbers are given up, whether
     * their packets arrived (the consumer is too slow) or not; from two buffers ahead on it is a reset.
     */
    private void slideWindow(int seq, long packetSsrc, int distance) {
        int skip = distance - capacity + 1;
        if (skip >= capacity) {
            reset(seq, packetSsrc);
            lost += distance;
            pendingLoss = Math.max(pendingLoss, distance);
            return;
        }
        for (int k = 0; k < skip; k++) {
            int i = (next + k) & mask;
            if (lengths[i] > 0) {
                lengths[i] = 0;
                buffered--;
            }
        }
        next = SequenceNumbers.add(next, skip);
        lost += skip;
        pendingLoss += skip;
        releasedAny = true;
    }

    /**
     * Hands every packet that is ready to the sink, in order, skipping holes that waited longer than the
     * maximum wait. Returns the number of packets handed on.
     */
    public int drain(PacketSink sink) {
        return release(sink, false);
    }

    /** Hands on everything buffered without waiting for missing packets (end of stream). */
    public int flush(PacketSink sink) {
        return release(sink, true);
    }

    private int release(PacketSink sink, boolean force) {
        int count = 0;
        int lostBefore;
        while ((lostBefore = takeNext(force)) >= 0) {
            sink.onPacket(outgoing, lostBefore);
            count++;
        }
        return count;
    }

    /** Moves the next packet into {@link #outgoing}; returns the sequence numbers skipped before it, or -1. */
    private synchronized int takeNext(boolean force) {
        if (buffered == 0) {
            return -1;
        }
        if (!releasedAny && !force && nanoClock.getAsLong() - startArrival < maxWaitNanos) {
            return -1;
        }
        int skipped = 0;
        int index = next & mask;
        if (lengths[index] == 0) {
            int ahead = SequenceNumbers.diff(highest, next);
            int first = -1;
            long earliest = Long.MAX_VALUE;
            for (int k = 1; k <= ahead; k++) {
                int i = (next + k) & mask;
                if (lengths[i] > 0) {
                    if (first < 0) {
                        first = k;
                    }
                    earliest = Math.min(earliest, arrivals[i]);
                }
            }
            if (first < 0 || (!force && nanoClock.getAsLong() - earliest < maxWaitNanos)) {
                return -1;
            }
            skipped = first;
            lost += first;
            next = SequenceNumbers.add(next, first);
            index = next & mask;
        }
        byte[] packet = slots[index];
        slots[index] = released;
        released = packet;
        int len = lengths[index];
        lengths[index] = 0;
        buffered--;
        next = SequenceNumbers.add(next, 1);
        releasedAny = true;
        outgoing.wrap(packet, 0, len);
        int lostBefore = skipped + pendingLoss;
        pendingLoss = 0;
        return lostBefore;
    }

    /**
     * When the consumer should drain next: {@code Long.MIN_VALUE} when a packet is ready now, the clock value at
     * which a hole will be skipped, or {@code Long.MAX_VALUE} when nothing is buffered.
     */
    public synchronized long nextDeadlineNanos() {
        if (buffered == 0) {
            return Long.MAX_VALUE;
        }
        if (!releasedAny && nanoClock.getAsLong() - startArrival < maxWaitNanos) {
            return startArrival + maxWaitNanos;
        }
        if (lengths[next & mask] > 0) {
            return Long.MIN_VALUE;
        }
        long earliest = Long.MAX_VALUE;
        int ahead = SequenceNumbers.diff(highest, next);
        for (int k = 1; k <= ahead; k++) {
            int i = (next + k) & mask;
            if (lengths[i] > 0) {
                earliest = Math.min(earliest, arrivals[i]);
            }
        }
        return earliest + maxWaitNanos;
    }

    private void start(int seq, long packetSsrc) {
        started = true;
        startArrival = nanoClock.getAsLong();
        ssrc = packetSsrc;
        next = seq;
        highest = seq;
    }

    private void reset(int seq, long packetSsrc) {
        for (int i = 0; i < capacity; i++) {
            lengths[i] = 0;
        }
        buffered = 0;
        releasedAny = false;
        backwardCandidate = -1;
        pendingLoss = Math.max(pendingLoss, 1);
        resets++;
        start(seq, packetSsrc);
    }

    /** Packets held right now. */
    public synchronized int size() {
        return buffered;
    }

    public int capacity() {
        return capacity;
    }

    public synchronized long receivedPackets() {
        return received;
    }

    public synchronized long malformedPackets() {
        return malformed;
    }

    public synchronized long duplicatePackets() {
        return duplicates;
    }

    /** Packets that arrived after their place had been handed on or skipped. */
    public synchronized long latePackets() {
        return late;
    }

    /** Sequence numbers skipped (holes that timed out, forward jumps). */
    public synchronized long lostPackets() {
        return lost;
    }

    public synchronized long resets() {
        return resets;
    }
}
