package dev.hibiki.sctp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Stream reconfiguration (RFC 6525) as data channels use it (RFC 8831 section 6.7): closing a channel resets our
 * outgoing stream with an Outgoing SSN Reset Request; the peer's request resets its outgoing stream, which we answer
 * with a Re-configuration Response. One request of ours is outstanding at a time, retransmitted until answered
 * (after "in progress", under a new sequence number). A
 * request whose last TSN has not arrived yet is answered "in progress" and performed once it has (deferred reset,
 * section 5.2.2). The other request types are denied. Not thread-safe: used under the association's lock.
 */
final class StreamReset {
    static final int OUTGOING_SSN_RESET_REQUEST = 13;
    static final int RESPONSE = 16;
    static final int PERFORMED = 1;
    static final int DENIED = 2;
    static final int BAD_SEQUENCE_NUMBER = 5;
    static final int IN_PROGRESS = 6;

    /** What the association does when streams are reset. */
    interface Streams {
        /** The peer reset these outgoing streams of its own, our incoming ones. */
        void incomingReset(int[] streams);

        /** The peer answered our request for these streams of ours. */
        void outgoingReset(int[] streams);

        long cumulativeTsn();
    }

    private record Request(int sequence, int[] streams, int lastTsn) {}

    private final Streams target;
    private final Set<Integer> toReset = new LinkedHashSet<>();
    private final List<int[]> responses = new ArrayList<>();
    private int nextRequestSequence;
    private int expectedPeerSequence;
    private int lastPeerResult = PERFORMED;
    private Request ours;
    private boolean oursUnsent;
    private Request deferred;
    private long deferredLastTsn;

    StreamReset(Streams target, int localInitialTsn, int peerInitialTsn) {
        this.target = target;
        this.nextRequestSequence = localInitialTsn;
        this.expectedPeerSequence = peerInitialTsn;
    }

    void requestReset(int stream) {
        toReset.add(stream);
    }

    boolean requestOutstanding() {
        return ours != null;
    }

    /** The retransmission timer expired: send the request again. */
    void retransmit() {
        if (ours != null) {
            oursUnsent = true;
        }
    }

    /**
     * Writes a RE-CONFIG chunk with the pending responses and, when no request is outstanding, a request for the
     * streams with nothing left queued. Returns true when it wrote a request (the caller starts the retransmission
     * timer).
     */
    boolean write(PacketBuilder out, IntPredicate hasQueued, int lastAssignedTsn) {
        if (ours == null && !toReset.isEmpty()) {
            int[] ready = toReset.stream().filter(s -> !hasQueued.test(s)).mapToInt(Integer::intValue).toArray();
            if (ready.length > 0) {
                for (int s : ready) {
                    toReset.remove(s);
                }
                ours = new Request(nextRequestSequence++, ready, lastAssignedTsn);
                oursUnsent = true;
            }
        }
        int requestLength = oursUnsent ? 16 + 2 * ours.streams.length : 0;
        int length = Chunk.HEADER + 12 * responses.size() + Chunk.padded(requestLength);
        if ((responses.isEmpty() && !oursUnsent) || length > out.remaining()) {
            return false;
        }
        out.beginChunk(Chunk.RE_CONFIG, 0);
        for (int[] r : responses) {
            out.putShort(RESPONSE);
            out.putShort(12);
            out.putInt(r[0]);
            out.putInt(r[1]);
        }
        responses.clear();
        boolean wroteRequest = oursUnsent;
        if (oursUnsent) {
            out.putShort(OUTGOING_SSN_RESET_REQUEST);
            out.putShort(requestLength);
            out.putInt(ours.sequence);
            out.putInt(expectedPeerSequence - 1);
            out.putInt(ours.lastTsn);
            for (int s : ours.streams) {
                out.putShort(s);
            }
            if ((requestLength & 3) != 0) {
                out.putShort(0);
            }
            oursUnsent = false;
        }
        out.endChunk();
        return wroteRequest;
    }

    boolean wantsToSend() {
        return !responses.isEmpty() || oursUnsent || (ours == null && !toReset.isEmpty());
    }

    /** Reads a RE-CONFIG chunk's parameters; false if malformed. */
    boolean onChunk(byte[] b, int off, int len) {
        int end = off + len;
        for (int p = off; end - p >= 4; ) {
            int type = SctpPacket.u16(b, p);
            int length = SctpPacket.u16(b, p + 2);
            if (length < 8 || length > end - p) {
                return false;
            }
            if (type == RESPONSE) {
                if (length < 12) {
                    return false;
                }
                onResponse(SctpPacket.i32(b, p + 4), SctpPacket.i32(b, p + 8));
            } else if (type == OUTGOING_SSN_RESET_REQUEST) {
                if (length < 16) {
                    return false;
                }
                int[] streams = new int[(length - 16) / 2];
                for (int i = 0; i < streams.length; i++) {
                    streams[i] = SctpPacket.u16(b, p + 16 + 2 * i);
                }
                onOutgoingResetRequest(SctpPacket.i32(b, p + 4), SctpPacket.i32(b, p + 12), streams);
            } else {
                // Incoming SSN, SSN/TSN and add-streams requests: all carry a sequence number first
                int sequence = SctpPacket.i32(b, p + 4);
                if (sequence == expectedPeerSequence) {
                    expectedPeerSequence++;
                    lastPeerResult = DENIED;
                }
                responses.add(new int[] {sequence, DENIED});
            }
            p += Chunk.padded(length);
        }
        return true;
    }

    private void onOutgoingResetRequest(int sequence, int lastTsn, int[] streams) {
        if (sequence == expectedPeerSequence) {
            expectedPeerSequence++;
            deferred = new Request(sequence, streams, lastTsn);
            deferredLastTsn = Tsn.unwrap(target.cumulativeTsn(), lastTsn);
            lastPeerResult = IN_PROGRESS;
            performDeferred();
            responses.add(new int[] {sequence, lastPeerResult});
        } else if (sequence == expectedPeerSequence - 1) {
            responses.add(new int[] {sequence, lastPeerResult});
        } else {
            responses.add(new int[] {sequence, BAD_SEQUENCE_NUMBER});
        }
    }

    /** Performs a deferred reset once everything the peer sent before it has arrived. */
    void performDeferred() {
        if (deferred != null && target.cumulativeTsn() >= deferredLastTsn) {
            int[] streams = deferred.streams;
            deferred = null;
            lastPeerResult = PERFORMED;
            target.incomingReset(streams);
        }
    }

    private void onResponse(int sequence, int result) {
        if (ours == null || sequence != ours.sequence) {
            return;
        }
        if (result == IN_PROGRESS) {
            // asked again when the timer fires, as a new request: a peer may answer a repeated sequence number
            // with the result it gave first
            ours = new Request(nextRequestSequence++, ours.streams, ours.lastTsn);
            return;
        }
        int[] streams = ours.streams;
        ours = null;
        oursUnsent = false;
        target.outgoingReset(streams);
    }
}
