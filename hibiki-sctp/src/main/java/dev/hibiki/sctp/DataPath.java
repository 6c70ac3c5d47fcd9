package dev.hibiki.sctp;

/**
 * The established association's data in both directions: received DATA and FORWARD-TSN into {@link ReceivedTsns}
 * and the {@link ReassemblyQueue}, when to SACK (every second packet, at once on gaps and duplicates, else after
 * {@link #DELAYED_SACK_MS}), RE-CONFIG through {@link StreamReset}, and the chunks each packet carries besides
 * control chunks: SACK, FORWARD-TSN, RE-CONFIG and DATA from the {@link SendQueue}. Used under the association's
 * lock.
 */
final class DataPath {
    static final long DELAYED_SACK_MS = 200;

    private final SendQueue sendQueue;
    private final ReceivedTsns received;
    private final ReassemblyQueue reassembly;
    private final StreamReset streamReset;
    private final Channels channels;
    private final SctpTimer sackTimer;
    private final SctpTimer reconfigTimer;
    private final int receiveWindow;
    private boolean sackNeeded;
    private int packetsUnacknowledged;
    private long messagesReceived;
    private long malformedChunks;

    DataPath(StateCookie peer, SctpOptions options, Channels channels, SctpTimer sackTimer, SctpTimer reconfigTimer) {
        this.sendQueue = new SendQueue(peer.localInitialTsn(), peer.peerWindow(), peer.peerForwardTsn());
        this.received = new ReceivedTsns(peer.peerInitialTsn());
        this.reassembly = new ReassemblyQueue(options.maxMessageSize());
        this.streamReset = new StreamReset(channels.resetTarget(received::cumulative, sendQueue),
                peer.localInitialTsn(), peer.peerInitialTsn());
        this.channels = channels;
        this.sackTimer = sackTimer;
        this.reconfigTimer = reconfigTimer;
        this.receiveWindow = options.receiveWindow();
    }

    SendQueue sendQueue() {
        return sendQueue;
    }

    StreamReset streamReset() {
        return streamReset;
    }

    long cumulativeTsn() {
        return received.cumulative();
    }

    long messagesReceived() {
        return messagesReceived;
    }

    long malformedChunks() {
        return malformedChunks;
    }

    /** A DATA chunk; returns true when it calls for a SACK at once (a duplicate, or a gap). */
    boolean onData(SctpPacket in) {
        if (in.valueLength() <= Chunk.DATA_HEADER - Chunk.HEADER) {
            malformedChunks++;
            return false;
        }
        byte[] b = in.array();
        int p = in.valueOffset();
        int rawTsn = SctpPacket.i32(b, p);
        long tsn = received.unwrap(rawTsn);
        if (received.isDuplicate(tsn)) {
            received.duplicate(rawTsn);
            return true;
        }
        int length = in.valueLength() - 12;
        boolean next = tsn == received.cumulative() + 1;
        // beyond the window: dropped unacknowledged, the peer sends it again
        if (tsn - received.cumulative() > receiveWindow
                || (!next && reassembly.heldBytes() + length > receiveWindow)) {
            return true;
        }
        received.add(tsn);
        reassembly.add(tsn, SctpPacket.u16(b, p + 4), SctpPacket.u16(b, p + 6), SctpPacket.i32(b, p + 8),
                in.chunkFlags(), b, p + 12, length, this::deliver);
        return received.hasGaps();
    }

    private void deliver(int stream, int ppid, byte[] message) {
        messagesReceived++;
        channels.deliver(stream, ppid, message);
    }

    /** FORWARD-TSN (RFC 3758 section 3.6): skips the abandoned TSNs and, per stream, the abandoned SSNs. */
    void onForwardTsn(SctpPacket in) {
        if (in.valueLength() < 4) {
            malformedChunks++;
            return;
        }
        byte[] b = in.array();
        int p = in.valueOffset();
        long newCumulative = received.unwrap(SctpPacket.i32(b, p));
        if (newCumulative <= received.cumulative()) {
            return;
        }
        reassembly.skipTo(newCumulative);
        received.skipTo(newCumulative);
        for (int q = p + 4; q + 4 <= p + in.valueLength(); q += 4) {
            reassembly.skipStream(SctpPacket.u16(b, q), SctpPacket.u16(b, q + 2), this::deliver);
        }
    }

    void onReconfig(SctpPacket in) {
        if (!streamReset.onChunk(in.array(), in.valueOffset(), in.valueLength())) {
            malformedChunks++;
        }
    }

    /** The peer reset its outgoing stream: its next message there starts at SSN 0. */
    void incomingStreamReset(int stream) {
        reassembly.resetStream(stream);
    }

    /** After a packet with DATA or FORWARD-TSN: SACK now, or start the delayed SACK timer. */
    void afterData(boolean immediate) {
        packetsUnacknowledged++;
        streamReset.performDeferred();
        if (immediate || packetsUnacknowledged >= 2) {
            sackNeeded = true;
        } else if (!sackTimer.running()) {
            sackTimer.start(DELAYED_SACK_MS);
        }
    }

    void sackDue() {
        sackNeeded = true;
    }

    void retransmitReconfig() {
        streamReset.retransmit();
    }

    /** Writes what fits of a due SACK, FORWARD-TSN, RE-CONFIG and (if {@code dataAllowed}) DATA. */
    void fill(PacketBuilder out, boolean dataAllowed, long nowNanos) {
        if (sackNeeded && received.sackLength() <= out.remaining()) {
            received.writeSack(out, Math.max(0, receiveWindow - reassembly.heldBytes()));
            sackNeeded = false;
            packetsUnacknowledged = 0;
            sackTimer.stop();
        }
        if (sendQueue.forwardTsnPending()) {
            sendQueue.writeForwardTsn(out);
        }
        if (streamReset.wantsToSend() && streamReset.write(out, sendQueue::hasQueued, sendQueue.lastAssignedTsn())) {
            reconfigTimer.start(sendQueue.rtoMs());
        }
        if (dataAllowed) {
            while (sendQueue.writeNextChunk(out, nowNanos)) {
                // bundle as many chunks as fit
            }
        }
    }
}
