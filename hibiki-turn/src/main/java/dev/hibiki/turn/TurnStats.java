package dev.hibiki.turn;

import dev.hibiki.turn.allocation.RelayCounters;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/** The server's counters, for the metrics binding to read. */
public final class TurnStats implements RelayCounters {
    private final LongAdder allocationsCreated = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder refusedPeers = new LongAdder();
    private final LongAdder quotaRefusals = new LongAdder();
    private final LongAdder relayedPackets = new LongAdder();
    private final LongAdder relayedBytes = new LongAdder();
    private final LongAdder droppedPackets = new LongAdder();
    private final LongAdder malformedMessages = new LongAdder();
    private final LongAdder stalledClients = new LongAdder();
    private final IntSupplier activeAllocations;

    TurnStats(IntSupplier activeAllocations) {
        this.activeAllocations = activeAllocations;
    }

    public int activeAllocations() {
        return activeAllocations.getAsInt();
    }

    public long allocationsCreated() {
        return allocationsCreated.sum();
    }

    /** Requests whose credentials were expired, malformed or forged (the first challenge of a client is not one). */
    public long authFailures() {
        return authFailures.sum();
    }

    /** CreatePermission/ChannelBind peers and Send indication destinations the peer policy refused. */
    public long refusedPeers() {
        return refusedPeers.sum();
    }

    /** Allocate requests refused for the per-username quota. */
    public long quotaRefusals() {
        return quotaRefusals.sum();
    }

    public long relayedPackets() {
        return relayedPackets.sum();
    }

    public long relayedBytes() {
        return relayedBytes.sum();
    }

    public long droppedPackets() {
        return droppedPackets.sum();
    }

    /** Input that was neither well-formed STUN nor ChannelData, or lacked what its kind requires. */
    public long malformedMessages() {
        return malformedMessages.sum();
    }

    /** TCP and TLS clients disconnected because a write to them blocked longer than the client write timeout. */
    public long stalledClients() {
        return stalledClients.sum();
    }

    @Override
    public void relayed(int bytes) {
        relayedPackets.increment();
        relayedBytes.add(bytes);
    }

    @Override
    public void dropped() {
        droppedPackets.increment();
    }

    void allocationCreated() {
        allocationsCreated.increment();
    }

    void authFailure() {
        authFailures.increment();
    }

    void refusedPeer() {
        refusedPeers.increment();
    }

    void quotaRefusal() {
        quotaRefusals.increment();
    }

    void malformed() {
        malformedMessages.increment();
    }

    void stalledClient() {
        stalledClients.increment();
    }
}
