package dev.hibiki.rtp;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Maps the packets of a forwarded source onto one continuous outgoing stream for one subscriber: sequence
 * number, timestamp, SSRC and payload type are rewritten in place.
 *
 * <p>The outgoing stream is made of <em>segments</em>. Within a segment the source's sequence numbers and
 * timestamps are shifted by constant offsets, so reordered packets land on the right outgoing numbers. A new
 * segment starts when the source SSRC changes (the SFU switched to another simulcast layer or the publisher
 * reconnected), when {@link #resync()} was called (same SSRC, e.g. a publisher restart the caller detected),
 * or when the sequence number jumps forward by more than {@link #MAX_FORWARD_JUMP} or keeps arriving more than
 * {@link #REORDER_WINDOW} behind. The first packet of a segment takes the next outgoing sequence number, and
 * a timestamp advanced from the last packet forwarded by the wall-clock time between their arrivals (at least
 * one tick). Packets older than the first packet of the current segment are dropped.
 *
 * <p>Feed it only packets of the source currently selected for this subscriber, starting a switch on a
 * keyframe's first packet: the rewriter does not look at payloads. Reverse mapping ({@link #sourceOf}) covers
 * the last {@link #SEGMENT_HISTORY} segments, so a subscriber's NACK can be answered from the source's
 * {@link PacketCache}. Not thread-safe.
 */
public final class RtpStreamRewriter {
    /** A forward jump (in source sequence numbers) beyond which the stream is taken as restarted. */
    public static final int MAX_FORWARD_JUMP = 3000;
    /** How far behind the newest packet a reordered packet is still forwarded. */
    public static final int REORDER_WINDOW = 1000;
    /** Consecutive packets from beyond the reorder window that make the stream count as restarted. */
    static final int TOO_OLD_RESYNC = 16;
    public static final int SEGMENT_HISTORY = 8;

    private final long outSsrc;
    private final int clockRate;
    private final int[] payloadTypeMap = new int[128];
    private final long initialTimestamp;

    private boolean started;
    private boolean resyncRequested;
    private long sourceSsrc;
    private long sourceStart;
    private long sourceHighest;
    private long seqDelta;
    private long tsDelta;
    private int tooOld;

    private long highestOut;
    private long highestOutTimestamp;
    private long highestOutArrivalNanos;

    private final long[] segmentSsrc = new long[SEGMENT_HISTORY];
    private final long[] segmentOutStart = new long[SEGMENT_HISTORY];
    private final long[] segmentOutEnd = new long[SEGMENT_HISTORY];
    private final long[] segmentDelta = new long[SEGMENT_HISTORY];
    private int segmentCount;
    private int segmentHead = -1;

    /** An outgoing stream with a random initial sequence number and timestamp (RFC 3550 §5.1). */
    public RtpStreamRewriter(long outSsrc, int clockRate) {
        this(outSsrc, clockRate, ThreadLocalRandom.current().nextInt(0x10000),
                ThreadLocalRandom.current().nextLong(0x1_0000_0000L));
    }

    /**
     * @param outSsrc the SSRC the subscriber sees
     * @param clockRate RTP clock rate of the media (90000 video, 48000 Opus)
     * @param initialSequenceNumber outgoing sequence number of the first packet
     * @param initialTimestamp outgoing timestamp of the first packet
     */
    public RtpStreamRewriter(long outSsrc, int clockRate, int initialSequenceNumber, long initialTimestamp) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clockRate must be positive: " + clockRate);
        }
        this.outSsrc = outSsrc & 0xFFFFFFFFL;
        this.clockRate = clockRate;
        // Extended numbers start one cycle up so that "one before the first" stays non-negative.
        this.highestOut = 0x10000L + (initialSequenceNumber & 0xFFFF) - 1;
        this.initialTimestamp = initialTimestamp & 0xFFFFFFFFL;
        this.highestOutTimestamp = this.initialTimestamp;
        Arrays.fill(payloadTypeMap, -1);
    }

    /** Rewrites source payload type {@code sourcePt} to {@code outPt}; unmapped types pass unchanged. */
    public void mapPayloadType(int sourcePt, int outPt) {
        payloadTypeMap[sourcePt & 0x7F] = outPt & 0x7F;
    }

    /** Makes the next packet start a new segment even if its SSRC is unchanged. */
    public void resync() {
        resyncRequested = true;
    }

    /**
     * Rewrites {@code packet} in place for the subscriber. Returns false when the packet must not be forwarded
     * (older than the current segment's start, or far behind it); the packet is then left unchanged.
     *
     * @param arrivalNanos a monotonic arrival time, used to space timestamps across a switch
     */
    public boolean rewrite(RtpPacket packet, long arrivalNanos) {
        int seq = packet.sequenceNumber();
        long ssrc = packet.ssrc();
        long ext;
        if (!started || resyncRequested || ssrc != sourceSsrc) {
            ext = startSegment(packet, arrivalNanos);
        } else {
            ext = SequenceNumbers.extend(seq, sourceHighest);
            long d = ext - sourceHighest;
            if (d > MAX_FORWARD_JUMP) {
                ext = startSegment(packet, arrivalNanos);
            } else if (d < -REORDER_WINDOW) {
                if (++tooOld < TOO_OLD_RESYNC) {
                    return false;
                }
                ext = startSegment(packet, arrivalNanos);
            } else if (ext < sourceStart) {
                return false;
            } else {
                tooOld = 0;
                if (d > 0) {
                    sourceHighest = ext;
                }
            }
        }
        long out = ext + seqDelta;
        long outTimestamp = (packet.timestamp() + tsDelta) & 0xFFFFFFFFL;
        if (out > highestOut) {
            highestOut = out;
            highestOutTimestamp = outTimestamp;
            highestOutArrivalNanos = arrivalNanos;
            segmentOutEnd[segmentHead] = out;
        }
        packet.setSequenceNumber((int) (out & 0xFFFF));
        packet.setTimestamp(outTimestamp);
        packet.setSsrc(outSsrc);
        int mapped = payloadTypeMap[packet.payloadType()];
        if (mapped >= 0) {
            packet.setPayloadType(mapped);
        }
        return true;
    }

    private long startSegment(RtpPacket packet, long arrivalNanos) {
        long out = highestOut + 1;
        long outTimestamp;
        if (!started) {
            outTimestamp = initialTimestamp;
            started = true;
        } else {
            outTimestamp = (highestOutTimestamp + elapsedTicks(arrivalNanos - highestOutArrivalNanos)) & 0xFFFFFFFFL;
        }
        long ext = packet.sequenceNumber();
        sourceSsrc = packet.ssrc();
        sourceStart = ext;
        sourceHighest = ext;
        seqDelta = out - ext;
        tsDelta = (outTimestamp - packet.timestamp()) & 0xFFFFFFFFL;
        resyncRequested = false;
        tooOld = 0;
        highestOut = out - 1;
        segmentHead = (segmentHead + 1) % SEGMENT_HISTORY;
        segmentCount = Math.min(segmentCount + 1, SEGMENT_HISTORY);
        segmentSsrc[segmentHead] = sourceSsrc;
        segmentOutStart[segmentHead] = out;
        segmentOutEnd[segmentHead] = out - 1;
        segmentDelta[segmentHead] = seqDelta;
        return ext;
    }

    /** Clock ticks in {@code nanos}, at least 1 so that the new segment's timestamp is newer. */
    private long elapsedTicks(long nanos) {
        if (nanos <= 0) {
            return 1;
        }
        // Split to avoid overflow for long gaps: whole seconds, then the remainder.
        long seconds = nanos / 1_000_000_000L;
        long rest = nanos % 1_000_000_000L;
        return Math.max(1, seconds * clockRate + rest * clockRate / 1_000_000_000L);
    }

    /**
     * The source packet behind outgoing sequence number {@code outSeq}: {@code ssrc << 16 | seq} (decode with
     * {@link #sourceSsrc} and {@link #sourceSequenceNumber}), or -1 when it was never sent or is older than the
     * segment history.
     */
    public long sourceOf(int outSeq) {
        if (!started || segmentCount == 0) {
            return -1;
        }
        long out = SequenceNumbers.extend(outSeq & 0xFFFF, highestOut);
        if (out > highestOut) {
            return -1;
        }
        for (int i = 0, s = segmentHead; i < segmentCount; i++, s = (s + SEGMENT_HISTORY - 1) % SEGMENT_HISTORY) {
            if (out >= segmentOutStart[s]) {
                if (out > segmentOutEnd[s]) {
                    return -1;
                }
                long sourceSeq = (out - segmentDelta[s]) & 0xFFFF;
                return (segmentSsrc[s] << 16) | sourceSeq;
            }
        }
        return -1;
    }

    public static long sourceSsrc(long sourceOf) {
        return sourceOf >>> 16;
    }

    public static int sourceSequenceNumber(long sourceOf) {
        return (int) (sourceOf & 0xFFFF);
    }

    public long outSsrc() {
        return outSsrc;
    }

    /** Highest outgoing sequence number sent, or the initial one minus one before any packet. */
    public int lastSequenceNumber() {
        return (int) (highestOut & 0xFFFF);
    }

    /** Outgoing timestamp of the newest packet sent (for sender reports); the initial one before any. */
    public long lastTimestamp() {
        return highestOutTimestamp;
    }

    /** Arrival time of the newest packet sent. */
    public long lastArrivalNanos() {
        return highestOutArrivalNanos;
    }

    /** SSRC of the source of the current segment, or -1 before the first packet. */
    public long currentSourceSsrc() {
        return started ? sourceSsrc : -1;
    }
}
