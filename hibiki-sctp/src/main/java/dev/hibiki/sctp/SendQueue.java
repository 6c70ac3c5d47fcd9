package dev.hibiki.sctp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The sending side of the association: queued messages, DATA chunks in flight, SACK processing, congestion and flow
 * control (RFC 9260 sections 6 and 7), T3-rtx and fast retransmission marking, and partial reliability with
 * FORWARD-TSN (RFC 3758). Messages leave in order per stream, streams take turns ({@link StreamQueues}); the
 * fragments of one message take consecutive TSNs.
 * Not thread-safe: the association calls it under its lock.
 */
final class SendQueue {
    private static final int MTU = PacketBuilder.MAX_PACKET;

    private static final class InFlightChunk {
        final long tsn;
        final OutgoingMessage message;
        final int offset;
        final int length;
        final int flags;
        int transmissions;
        long sentAtNanos;
        int missingReports;
        boolean inFlight;
        boolean acked;
        boolean abandoned;
        boolean retransmit;
        boolean fastRetransmit;
        /** Fast-retransmitted once already: SACKs sent before the copy arrived still report it missing. */
        boolean fastRetransmitted;

        InFlightChunk(long tsn, OutgoingMessage message, int offset, int length, int flags) {
            this.tsn = tsn;
            this.message = message;
            this.offset = offset;
            this.length = length;
            this.flags = flags;
        }
    }

    private final StreamQueues queued = new StreamQueues();
    private final ArrayDeque<InFlightChunk> outstanding = new ArrayDeque<>();
    private final Map<Integer, Integer> nextSsn = new HashMap<>();
    private final RtoEstimator rto = new RtoEstimator();
    private final boolean forwardTsnAllowed;
    private long nextTsn;
    private long cumulativeAck;
    private long flight;
    private long cwnd = Math.min(4L * MTU, Math.max(2L * MTU, 4380));
    private long ssthresh;
    private long partialBytesAcked;
    private long peerWindow;
    private int retransmitsPending;
    private boolean fastRecovery;
    private long fastRecoveryExit;
    private boolean forwardTsnPending;
    private long chunksRetransmitted;
    private long messagesAbandoned;

    SendQueue(int initialTsn, long peerWindow, boolean forwardTsnAllowed) {
        this.nextTsn = initialTsn & 0xffffffffL;
        this.cumulativeAck = nextTsn - 1;
        this.peerWindow = peerWindow;
        this.ssthresh = peerWindow;
        this.forwardTsnAllowed = forwardTsnAllowed;
    }

    void enqueue(OutgoingMessage m) {
        queued.add(m);
    }

    long rtoMs() {
        return rto.rtoMs();
    }

    long chunksRetransmitted() {
        return chunksRetransmitted;
    }

    long messagesAbandoned() {
        return messagesAbandoned;
    }

    boolean hasOutstanding() {
        return !outstanding.isEmpty();
    }

    /** Nothing queued and nothing unacknowledged: what SHUTDOWN waits for. */
    boolean idle() {
        return queued.isEmpty() && outstanding.isEmpty();
    }

    /** The TSN the next new chunk gets, minus one: a reset request's "Sender's Last Assigned TSN". */
    int lastAssignedTsn() {
        return (int) (nextTsn - 1);
    }

    boolean hasQueued(int stream) {
        return queued.hasQueued(stream);
    }

    /** The peer performed our outgoing stream reset: the stream's next message has SSN 0. */
    void resetStream(int stream) {
        nextSsn.remove(stream);
    }

    boolean forwardTsnPending() {
        return forwardTsnPending;
    }

    /**
     * Writes one DATA chunk into {@code out} if one may go and fits: a chunk marked for retransmission first, else
     * the next fragment of the queued messages, within the congestion window and the peer's receive window.
     */
    boolean writeNextChunk(PacketBuilder out, long nowNanos) {
        if (retransmitsPending > 0) {
            return writeRetransmission(out, nowNanos);
        }
        OutgoingMessage m = queued.peek();
        while (m != null && m.assigned == 0 && m.expiresAtNanos != Long.MAX_VALUE && m.expired(nowNanos)) {
            queued.poll();
            m.abandoned = true;
            m.released(m.unacked);
            messagesAbandoned++;
            m = queued.peek();
        }
        if (m == null || flight >= cwnd || (flight > 0 && peerWindow <= 0)) {
            return false;
        }
        int room = out.remaining() - Chunk.DATA_HEADER;
        int left = m.data.length - m.assigned;
        int length = Math.min(left, room);
        if (length <= 0 || (length < left && length < 256 && !out.isEmpty())) {
            return false;
        }
        if (m.assigned == 0 && !m.unordered) {
            m.ssn = nextSsn.merge(m.stream, 1, Integer::sum) - 1 & 0xffff;
        }
        int flags = (m.assigned == 0 ? Chunk.FLAG_BEGIN : 0) | (length == left ? Chunk.FLAG_END : 0)
                | (m.unordered ? Chunk.FLAG_UNORDERED : 0);
        InFlightChunk c = new InFlightChunk(nextTsn++, m, m.assigned, length, flags);
        m.assigned += length;
        if (m.assigned == m.data.length) {
            queued.poll();
        }
        outstanding.add(c);
        peerWindow -= length;
        transmit(c, out, nowNanos);
        return true;
    }

    private boolean writeRetransmission(PacketBuilder out, long nowNanos) {
        for (InFlightChunk c : outstanding) {
            if (!c.retransmit) {
                continue;
            }
            if ((flight >= cwnd && !c.fastRetransmit) || c.length + Chunk.DATA_HEADER > out.remaining()) {
                return false;
            }
            c.retransmit = false;
            c.fastRetransmit = false;
            retransmitsPending--;
            chunksRetransmitted++;
            transmit(c, out, nowNanos);
            return true;
        }
        retransmitsPending = 0;
        return false;
    }

    private void transmit(InFlightChunk c, PacketBuilder out, long nowNanos) {
        c.transmissions++;
        c.sentAtNanos = nowNanos;
        c.inFlight = true;
        c.missingReports = 0;
        flight += c.length;
        OutgoingMessage m = c.message;
        out.beginChunk(Chunk.DATA, c.flags);
        out.putInt((int) c.tsn);
        out.putShort(m.stream);
        out.putShort(m.unordered ? 0 : m.ssn);
        out.putInt(m.ppid);
        out.putBytes(m.data, c.offset, c.length);
        out.endChunk();
    }

    /**
     * Processes a SACK's value. Returns true when the cumulative ack advanced (the T3-rtx timer restarts and the
     * error counter clears).
     */
    boolean onSack(byte[] b, int off, int len, long nowNanos) {
        if (len < 12) {
            return false;
        }
        long cum = Tsn.unwrap(cumulativeAck, SctpPacket.i32(b, off));
        long window = SctpPacket.u32(b, off + 4);
        int gaps = SctpPacket.u16(b, off + 8);
        if (cum < cumulativeAck || cum >= nextTsn || 12 + 4 * gaps > len) {
            return false;
        }
        boolean advanced = cum > cumulativeAck;
        long bytesAcked = 0;
        long rttSample = -1;
        while (!outstanding.isEmpty() && outstanding.peek().tsn <= cum) {
            InFlightChunk c = outstanding.poll();
            if (!c.acked && !c.abandoned) {
                bytesAcked += c.length;
                rttSample = sample(c, nowNanos, rttSample);
                acknowledge(c);
            }
        }
        cumulativeAck = cum;
        long highestNewlyAcked = -1;
        for (int i = 0; i < gaps; i++) {
            long start = cum + SctpPacket.u16(b, off + 12 + 4 * i);
            long end = cum + SctpPacket.u16(b, off + 14 + 4 * i);
            for (InFlightChunk c : outstanding) {
                if (c.tsn > end) {
                    break;
                }
                if (c.tsn >= start && !c.acked && !c.abandoned) {
                    bytesAcked += c.length;
                    rttSample = sample(c, nowNanos, rttSample);
                    acknowledge(c);
                    highestNewlyAcked = c.tsn;
                }
            }
        }
        if (rttSample >= 0) {
            rto.measured(rttSample);
        }
        if (highestNewlyAcked >= 0) {
            countMissing(highestNewlyAcked, nowNanos);
        }
        if (fastRecovery && cum >= fastRecoveryExit) {
            fastRecovery = false;
        }
        if (advanced && !fastRecovery) {
            growWindow(bytesAcked);
        }
        peerWindow = window - flight;
        if (forwardTsnAllowed && advancedAckPoint() > cumulativeAck) {
            forwardTsnPending = true;
        }
        return advanced;
    }

    /** SHUTDOWN's cumulative TSN ack: a SACK without gap blocks that leaves the peer's window as it was. */
    boolean onCumulativeAck(int cumulativeTsn, long nowNanos) {
        byte[] sack = new byte[12];
        for (int i = 0; i < 4; i++) {
            sack[i] = (byte) (cumulativeTsn >>> (24 - 8 * i));
        }
        long window = Math.max(0, peerWindow + flight);
        for (int i = 0; i < 4; i++) {
            sack[4 + i] = (byte) (window >>> (24 - 8 * i));
        }
        return onSack(sack, 0, sack.length, nowNanos);
    }

    private static long sample(InFlightChunk c, long nowNanos, long current) {
        return c.transmissions == 1 ? (nowNanos - c.sentAtNanos) / 1_000_000 : current;
    }

    private void acknowledge(InFlightChunk c) {
        c.acked = true;
        settle(c);
        c.message.released(c.length);
    }

    /** An acknowledged or abandoned chunk leaves the flight and is not sent again. */
    private void settle(InFlightChunk c) {
        if (c.inFlight) {
            flight -= c.length;
            c.inFlight = false;
        }
        if (c.retransmit) {
            c.retransmit = false;
            retransmitsPending--;
        }
    }

    /** Fast retransmit (RFC 9260 section 7.2.4): three reports of a chunk missing below newly acked ones. */
    private void countMissing(long highestNewlyAcked, long nowNanos) {
        boolean marked = false;
        for (InFlightChunk c : outstanding) {
            if (c.tsn >= highestNewlyAcked) {
                break;
            }
            if (!c.acked && !c.abandoned && c.inFlight && !c.fastRetransmitted && ++c.missingReports == 3) {
                c.fastRetransmitted = true;
                marked |= markForRetransmission(c, nowNanos, true);
            }
        }
        if (marked && !fastRecovery) {
            ssthresh = Math.max(cwnd / 2, 4L * MTU);
            cwnd = ssthresh;
            partialBytesAcked = 0;
            fastRecovery = true;
            fastRecoveryExit = nextTsn - 1;
        }
    }

    private void growWindow(long bytesAcked) {
        if (cwnd <= ssthresh) {
            cwnd += Math.min(bytesAcked, MTU);
        } else {
            partialBytesAcked += bytesAcked;
            if (partialBytesAcked >= cwnd) {
                partialBytesAcked -= cwnd;
                cwnd += MTU;
            }
        }
    }

    /** T3-rtx expired (RFC 9260 section 6.3.3): everything unacknowledged goes again, from a window of one MTU. */
    void onRetransmissionTimeout(long nowNanos) {
        ssthresh = Math.max(cwnd / 2, 4L * MTU);
        cwnd = MTU;
        partialBytesAcked = 0;
        fastRecovery = false;
        rto.backOff();
        for (InFlightChunk c : outstanding) {
            if (!c.acked && !c.abandoned && !c.retransmit) {
                markForRetransmission(c, nowNanos, false);
            }
        }
        if (forwardTsnAllowed && advancedAckPoint() > cumulativeAck) {
            forwardTsnPending = true;
        }
    }

    /** Marks a chunk to be sent again, or abandons its message if its policy says so; true if marked. */
    private boolean markForRetransmission(InFlightChunk c, long nowNanos, boolean fast) {
        OutgoingMessage m = c.message;
        if (forwardTsnAllowed && ((m.maxRetransmits != OutgoingMessage.UNLIMITED
                && c.transmissions > m.maxRetransmits) || (m.expiresAtNanos != Long.MAX_VALUE && m.expired(nowNanos)))) {
            abandon(m);
            return false;
        }
        if (c.inFlight) {
            flight -= c.length;
            c.inFlight = false;
        }
        c.retransmit = true;
        c.fastRetransmit = fast;
        retransmitsPending++;
        return true;
    }

    private void abandon(OutgoingMessage m) {
        m.abandoned = true;
        messagesAbandoned++;
        for (InFlightChunk c : outstanding) {
            if (c.message == m && !c.acked && !c.abandoned) {
                c.abandoned = true;
                settle(c);
            }
        }
        if (m.assigned < m.data.length) {
            queued.remove(m);
        }
        m.released(m.unacked);
        forwardTsnPending = true;
    }

    /** The highest TSN up to which every chunk is acknowledged or abandoned (RFC 3758 "Advanced.Peer.Ack.Point"). */
    private long advancedAckPoint() {
        long point = cumulativeAck;
        for (InFlightChunk c : outstanding) {
            if (!c.acked && !c.abandoned) {
                break;
            }
            point = c.tsn;
        }
        return point;
    }

    /** Writes FORWARD-TSN (RFC 3758 section 3.2) if abandoned chunks let the peer's cumulative TSN move. */
    void writeForwardTsn(PacketBuilder out) {
        forwardTsnPending = false;
        long point = advancedAckPoint();
        if (point <= cumulativeAck) {
            return;
        }
        Map<Integer, Integer> ssns = new HashMap<>();
        for (Iterator<InFlightChunk> it = outstanding.iterator(); it.hasNext(); ) {
            InFlightChunk c = it.next();
            if (c.tsn > point) {
                break;
            }
            if (c.abandoned && !c.message.unordered) {
                ssns.put(c.message.stream, c.message.ssn);
            }
        }
        if (out.remaining() < 8 + 4 * ssns.size()) {
            forwardTsnPending = true;
            return;
        }
        out.beginChunk(Chunk.FORWARD_TSN, 0);
        out.putInt((int) point);
        for (Map.Entry<Integer, Integer> e : ssns.entrySet()) {
            out.putShort(e.getKey());
            out.putShort(e.getValue());
        }
        out.endChunk();
    }
}
