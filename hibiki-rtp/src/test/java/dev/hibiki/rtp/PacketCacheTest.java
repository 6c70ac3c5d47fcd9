package dev.hibiki.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketCacheTest {
    private final PacketCache cache = new PacketCache(64, 1500);

    private void put(int seq) {
        assertThat(cache.put(TestPackets.packet(96, seq, seq * 10L, 5, 20))).isTrue();
    }

    @Test
    void storesCopiesAndReturnsThemBySequenceNumber() {
        byte[] b = TestPackets.bytes(96, 42, 420, 5, 20);
        RtpPacket p = new RtpPacket();
        p.wrap(b, 0, b.length);
        cache.put(p);
        b[12] = 0x7f;
        RtpPacket got = cache.get(42);
        assertThat(got).isNotNull();
        assertThat(got.sequenceNumber()).isEqualTo(42);
        assertThat(got.timestamp()).isEqualTo(420);
        assertThat(got.length()).isEqualTo(32);
        assertThat(got.buffer()[12]).as("a copy, not the caller's buffer").isEqualTo((byte) 42);
        assertThat(cache.get(43)).isNull();
        assertThat(cache.get(41)).isNull();
    }

    @Test
    void neverAnswersForAnotherPacketInTheSameSlot() {
        put(10);
        put(10 + 64);
        assertThat(cache.get(10)).as("evicted").isNull();
        assertThat(cache.get(74).sequenceNumber()).isEqualTo(74);
        // 138 shares the slot but was never stored.
        assertThat(cache.get(138)).isNull();
    }

    @Test
    void worksAcrossWrapAround() {
        for (int seq = 65450; seq < 65536 + 20; seq++) {
            put(seq & 0xFFFF);
        }
        assertThat(cache.get(65535).sequenceNumber()).isEqualTo(65535);
        assertThat(cache.get(0).sequenceNumber()).isZero();
        assertThat(cache.get(19).sequenceNumber()).isEqualTo(19);
        assertThat(cache.get(65450)).as("out of the last 64").isNull();
        assertThat(cache.get(65491)).isNull();
        assertThat(cache.get(65492)).isNotNull();
        assertThat(cache.get(20)).isNull();
    }

    @Test
    void aFullCycleLaterTheOldPacketIsNotReturned() {
        put(100);
        // The stream jumps ahead by exactly one cycle of sequence numbers plus a little: slot 100 still holds the
        // packet from the previous cycle.
        for (int seq = 130; seq < 140; seq++) {
            put(seq);
        }
        for (int seq = 0; seq < 70000; seq += 50) {
            put((140 + seq) & 0xFFFF);
        }
        assertThat(cache.get(100)).isNull();
    }

    @Test
    void jumpBeyondCapacityInvalidatesOlderEntries() {
        for (int seq = 0; seq < 10; seq++) {
            put(seq);
        }
        put(1000);
        for (int seq = 0; seq < 10; seq++) {
            assertThat(cache.get(seq)).isNull();
        }
        assertThat(cache.get(1000)).isNotNull();
    }

    @Test
    void reorderedOlderPacketsWithinWindowAreKept() {
        put(200);
        put(198);
        put(150);
        assertThat(cache.get(198)).isNotNull();
        assertThat(cache.get(150)).isNotNull();
        assertThat(cache.put(TestPackets.packet(96, 100, 0, 5, 1))).as("behind the window").isFalse();
        assertThat(cache.get(100)).isNull();
    }

    @Test
    void streamRestartingFarBehindIsAcceptedAfterAFewPackets() {
        put(40000);
        for (int i = 0; i < PacketCache.TOO_OLD_RESET - 1; i++) {
            assertThat(cache.put(TestPackets.packet(96, 30000 + i, 0, 5, 1))).isFalse();
        }
        assertThat(cache.put(TestPackets.packet(96, 30100, 0, 5, 1))).isTrue();
        assertThat(cache.get(30100)).isNotNull();
        assertThat(cache.get(40000)).isNull();
        put(30101);
        assertThat(cache.get(30101)).isNotNull();
        assertThat(cache.get(30100)).isNotNull();
    }

    @Test
    void refusesOversizedPacketsAndGrowsSlots() {
        PacketCache small = new PacketCache(16, 100);
        assertThat(small.put(TestPackets.packet(96, 1, 0, 5, 100))).isFalse();
        assertThat(small.put(TestPackets.packet(96, 17, 0, 5, 10))).isTrue();
        assertThat(small.put(TestPackets.packet(96, 33, 0, 5, 80))).isTrue();
        assertThat(small.get(33).payloadLength()).isEqualTo(80);
        assertThat(small.get(17)).isNull();
    }

    @Test
    void maxAgeFiltersOldEntries() {
        cache.put(TestPackets.packet(96, 5, 0, 5, 1), 1_000);
        assertThat(cache.get(5, 1_500, 1_000)).isNotNull();
        assertThat(cache.get(5, 3_000, 1_000)).isNull();
        cache.clear();
        assertThat(cache.get(5)).isNull();
    }

    @Test
    void validatesConfiguration() {
        assertThatThrownBy(() -> new PacketCache(100, 1500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacketCache(64, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
