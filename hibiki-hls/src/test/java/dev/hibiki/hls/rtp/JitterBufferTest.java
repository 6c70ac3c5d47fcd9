package dev.hibiki.hls.rtp;

import dev.hibiki.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

class JitterBufferTest {
    private static final long MS = 1_000_000L;

    private long now = 5_000 * MS;
    private final JitterBuffer buffer = new JitterBuffer(64, 100 * MS, () -> now);
    private final List<Integer> released = new ArrayList<>();
    private final List<Integer> losses = new ArrayList<>();
    private final JitterBuffer.PacketSink sink = (packet, lostBefore) -> {
        released.add(packet.sequenceNumber());
        losses.add(lostBefore);
    };

    /** Lets the start delay pass. */
    private void settle() {
        now += 100 * MS;
    }

    private boolean push(int seq) {
        return push(seq, Rtp.SSRC);
    }

    private boolean push(int seq, long ssrc) {
        byte[] p = Rtp.packet(96, seq, 1000L + seq, ssrc, false, new byte[] {(byte) seq, 1, 2, 3});
        return buffer.push(p, 0, p.length);
    }

    @Test
    void releasesInOrderPacketsAtOnce() {
        assertThat(push(10)).isTrue();
        settle();
        push(11);
        push(12);
        assertThat(buffer.drain(sink)).isEqualTo(3);
        assertThat(released).containsExactly(10, 11, 12);
        assertThat(losses).containsExactly(0, 0, 0);
        assertThat(buffer.size()).isZero();
        assertThat(buffer.nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void putsReorderedPacketsBackInOrder() {
        push(10);
        settle();
        buffer.drain(sink);
        assertThat(push(12)).isFalse();
        push(13);
        assertThat(buffer.drain(sink)).isZero();
        assertThat(push(11)).isTrue();
        buffer.drain(sink);
        assertThat(released).containsExactly(10, 11, 12, 13);
        assertThat(losses).containsOnly(0);
        assertThat(buffer.lostPackets()).isZero();
    }

    @Test
    void waitsForAMissingPacketThenSkipsIt() {
        push(10);
        settle();
        buffer.drain(sink);
        push(12);
        long arrival = now;
        now += 30 * MS;
        push(13);
        assertThat(buffer.nextDeadlineNanos()).isEqualTo(arrival + 100 * MS);
        now = arrival + 99 * MS;
        assertThat(buffer.drain(sink)).isZero();
        now = arrival + 100 * MS;
        assertThat(buffer.drain(sink)).isEqualTo(2);
        assertThat(released).containsExactly(10, 12, 13);
        assertThat(losses).containsExactly(0, 1, 0);
        assertThat(buffer.lostPackets()).isEqualTo(1);

        push(11);
        assertThat(buffer.latePackets()).isEqualTo(1);
        assertThat(buffer.drain(sink)).isZero();
    }

    @Test
    void countsTheWaitFromTheEarliestPacketBehindTheHole() {
        push(10);
        settle();
        buffer.drain(sink);
        push(13);
        long first = now;
        now += 80 * MS;
        push(12);
        now = first + 100 * MS;
        buffer.drain(sink);
        assertThat(released).containsExactly(10, 12, 13);
        assertThat(losses).containsExactly(0, 1, 0);
    }

    @Test
    void dropsDuplicates() {
        push(1);
        settle();
        push(2);
        push(2);
        buffer.drain(sink);
        push(2);
        push(1);
        assertThat(buffer.drain(sink)).isZero();
        assertThat(released).containsExactly(1, 2);
        assertThat(buffer.duplicatePackets()).isEqualTo(1);
        assertThat(buffer.latePackets()).isEqualTo(2);
    }

    @Test
    void survivesSequenceWrapAround() {
        push(65533);
        settle();
        buffer.drain(sink);
        push(65535);
        push(0);
        push(65534);
        push(2);
        push(1);
        buffer.drain(sink);
        assertThat(released).containsExactly(65533, 65534, 65535, 0, 1, 2);
        assertThat(losses).containsOnly(0);
    }

    @Test
    void acceptsAnEarlierPacketBeforeTheFirstRelease() {
        push(11);
        push(10);
        assertThat(buffer.drain(sink)).isZero();
        settle();
        buffer.drain(sink);
        assertThat(released).containsExactly(10, 11);
    }

    @Test
    void resetsOnABigForwardJump() {
        push(100);
        settle();
        push(101);
        buffer.drain(sink);
        push(103);
        push(100 + 64 + 500);
        push(100 + 64 + 501);
        settle();
        buffer.drain(sink);
        assertThat(released).containsExactly(100, 101, 664, 665);
        assertThat(losses.get(2)).isGreaterThanOrEqualTo(1);
        assertThat(losses.get(3)).isZero();
        assertThat(buffer.resets()).isEqualTo(1);
    }

    @Test
    void slidesTheWindowWhenTheConsumerFallsBehind() {
        for (int seq = 0; seq < 66; seq++) {
            push(seq);
        }
        buffer.drain(sink);
        assertThat(released).hasSize(64).startsWith(2, 3).endsWith(64, 65);
        assertThat(losses.get(0)).isEqualTo(2);
        assertThat(losses.subList(1, 64)).containsOnly(0);
        assertThat(buffer.resets()).isZero();
    }

    @Test
    void resetsWhenTheSenderRestartsFarBehind() {
        push(30_000);
        settle();
        buffer.drain(sink);
        push(5);
        assertThat(buffer.drain(sink)).isZero();
        push(6);
        push(7);
        settle();
        buffer.drain(sink);
        assertThat(released).containsExactly(30_000, 6, 7);
        assertThat(losses).containsExactly(0, 1, 0);
        assertThat(buffer.resets()).isEqualTo(1);
    }

    @Test
    void aStrayOldPacketDoesNotReset() {
        push(30_000);
        settle();
        buffer.drain(sink);
        push(5);
        push(30_001);
        buffer.drain(sink);
        assertThat(released).containsExactly(30_000, 30_001);
        assertThat(losses).containsOnly(0);
        assertThat(buffer.resets()).isZero();
    }

    @Test
    void resetsOnANewSsrc() {
        push(10);
        settle();
        push(12);
        buffer.drain(sink);
        push(500, 0xABCDL);
        settle();
        buffer.drain(sink);
        assertThat(released).containsExactly(10, 500);
        assertThat(losses).containsExactly(0, 1);
    }

    @Test
    void flushSkipsHolesWithoutWaiting() {
        push(1);
        push(3);
        push(6);
        assertThat(buffer.flush(sink)).isEqualTo(3);
        assertThat(released).containsExactly(1, 3, 6);
        assertThat(losses).containsExactly(0, 1, 2);
    }

    @Test
    void reportsReadinessAndDeadlines() {
        assertThat(buffer.nextDeadlineNanos()).isEqualTo(Long.MAX_VALUE);
        push(1);
        assertThat(buffer.nextDeadlineNanos()).isEqualTo(now + 100 * MS);
        settle();
        assertThat(buffer.nextDeadlineNanos()).isEqualTo(Long.MIN_VALUE);
        buffer.drain(sink);
        assertThat(push(3)).isFalse();
        assertThat(buffer.nextDeadlineNanos()).isEqualTo(now + 100 * MS);
        assertThat(push(2)).isTrue();
    }

    @Test
    void keepsPacketBytesIntactWhileRecyclingSlots() {
        Random random = new Random(7);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            byte[] payload = new byte[1 + random.nextInt(1400)];
            random.nextBytes(payload);
            sent.add(Rtp.packet(96, (60_000 + i) & 0xFFFF, i * 10L, Rtp.SSRC, i % 5 == 0, payload));
        }
        List<byte[]> got = new ArrayList<>();
        JitterBuffer buffer = new JitterBuffer(512, 100 * MS, () -> now);
        for (byte[] p : Pipeline.reorderAndDuplicate(sent, 3)) {
            buffer.push(p, 0, p.length);
            now += MS;
            buffer.drain((packet, lost) -> got.add(Arrays.copyOfRange(packet.buffer(), packet.offset(),
                    packet.offset() + packet.length())));
        }
        now += 1_000 * MS;
        buffer.drain((packet, lost) -> got.add(Arrays.copyOfRange(packet.buffer(), packet.offset(),
                packet.offset() + packet.length())));
        assertThat(got).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(got.get(i)).isEqualTo(sent.get(i));
        }
    }

    @Test
    void copiesThePacketSoTheCallerMayReuseItsBuffer() {
        byte[] p = Rtp.packet(96, 1, 1, Rtp.SSRC, false, new byte[] {1, 2, 3});
        RtpPacket view = Rtp.view(p);
        buffer.push(view);
        Arrays.fill(p, 12, p.length, (byte) 9);
        settle();
        AtomicReference<byte[]> payload = new AtomicReference<>();
        buffer.drain((packet, lost) -> payload.set(Arrays.copyOfRange(packet.buffer(), packet.payloadOffset(),
                packet.payloadOffset() + packet.payloadLength())));
        assertThat(payload.get()).containsExactly(1, 2, 3);
    }

    @Test
    void ignoresMalformedInput() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            if (random.nextBoolean() && junk.length > 0) {
                junk[0] = (byte) (0x80 | (junk[0] & 0x3F));
            }
            buffer.push(junk, 0, junk.length);
            now += MS / 10;
            buffer.drain((packet, lost) -> { });
        }
        assertThat(buffer.push(null, 0, 10)).isFalse();
        assertThat(buffer.push(new byte[20], 15, 10)).isFalse();
        assertThat(buffer.malformedPackets()).isGreaterThan(0);
        buffer.flush((packet, lost) -> { });
        assertThat(buffer.size()).isZero();
    }

    @Test
    void aProducerAndAConsumerThreadKeepOrder() throws Exception {
        JitterBuffer shared = new JitterBuffer(512, 1_000 * MS, System::nanoTime);
        int count = 20_000;
        AtomicBoolean done = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < count; i += 2) {
                while (shared.size() > 400) {
                    LockSupport.parkNanos(100_000);
                }
                byte[] b = Rtp.packet(96, (i + 1) & 0xFFFF, i, Rtp.SSRC, false, new byte[] {1});
                byte[] a = Rtp.packet(96, i & 0xFFFF, i, Rtp.SSRC, false, new byte[] {1});
                // swapped pairs, except the first: a packet older than the first one handed on is late
                if (i == 0) {
                    shared.push(a, 0, a.length);
                    shared.push(b, 0, b.length);
                } else {
                    shared.push(b, 0, b.length);
                    shared.push(a, 0, a.length);
                }
            }
            done.set(true);
        });
        List<Integer> order = new ArrayList<>();
        JitterBuffer.PacketSink collect = (packet, lost) -> order.add(packet.sequenceNumber());
        producer.start();
        while (!done.get()) {
            if (shared.drain(collect) == 0) {
                LockSupport.parkNanos(100_000);
            }
        }
        producer.join();
        shared.drain(collect);
        shared.flush(collect);
        assertThat(order).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(order.get(i)).isEqualTo(i & 0xFFFF);
        }
    }
}
