package dev.hibiki.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AllocationTableTest {
    private final RecordingClient client = new RecordingClient();

    private Allocation allocation(int clientPort, String username, long expiresAt, FakeRelay relay) {
        return new Allocation(new FiveTuple(FiveTuple.ClientTransport.UDP, new InetSocketAddress("127.0.0.1", clientPort),
                new InetSocketAddress("127.0.0.1", 3478)), username, new byte[16], new byte[12], relay, client,
                new ByteRateLimiter(0, 0), client, () -> 0, expiresAt);
    }

    @Test
    void aUsernameHoldsAtMostItsQuotaAndAFreedSlotCanBeReused() {
        AllocationTable table = new AllocationTable(2);
        Allocation first = allocation(1, "u", 1000, new FakeRelay());

        assertThat(table.add(first)).isTrue();
        assertThat(table.add(allocation(2, "u", 1000, new FakeRelay()))).isTrue();
        assertThat(table.isAtQuota("u")).isTrue();
        assertThat(table.add(allocation(3, "u", 1000, new FakeRelay()))).isFalse();
        assertThat(table.add(allocation(3, "v", 1000, new FakeRelay()))).as("another username").isTrue();

        table.remove(first);
        assertThat(table.isAtQuota("u")).isFalse();
        assertThat(table.add(allocation(4, "u", 1000, new FakeRelay()))).isTrue();
    }

    @Test
    void aTupleHoldsOneAllocation() {
        AllocationTable table = new AllocationTable(0);

        assertThat(table.add(allocation(1, "u", 1000, new FakeRelay()))).isTrue();
        assertThat(table.add(allocation(1, "v", 1000, new FakeRelay()))).isFalse();
    }

    @Test
    void expiryRemovesAndClosesAllocationsWhoseLifetimeRanOut() {
        AllocationTable table = new AllocationTable(0);
        FakeRelay shortRelay = new FakeRelay();
        FakeRelay longRelay = new FakeRelay();
        Allocation short_ = allocation(1, "u", 1000, shortRelay);
        Allocation long_ = allocation(2, "u", 5000, longRelay);
        table.add(short_);
        table.add(long_);

        assertThat(table.expire(999)).isEmpty();
        assertThat(table.expire(1000)).containsExactly(short_);

        assertThat(shortRelay.closed).isTrue();
        assertThat(longRelay.closed).isFalse();
        assertThat(table.find(short_.tuple())).isNull();
        assertThat(table.find(long_.tuple())).isSameAs(long_);
        long_.refresh(9000);
        assertThat(table.expire(5000)).isEmpty();
        assertThat(table.size()).isEqualTo(1);
    }
}
