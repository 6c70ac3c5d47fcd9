package dev.hibiki.sfu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static dev.hibiki.sfu.Packets.VP8_DELTA;
import static dev.hibiki.sfu.Packets.VP8_KEYFRAME;
import static dev.hibiki.sfu.Packets.rtp;
import static dev.hibiki.sfu.TestSfu.VP8;
import static org.assertj.core.api.Assertions.assertThat;

/** Subscribers on different send workers do not wait for each other. */
class SlowSubscriberTest {

    private static final long VIDEO = 0x2222_0002L;

    private TestSfu sfu;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        sfu = new TestSfu(2);
    }

    @AfterEach
    void stop() {
        release.countDown();
        sfu.close();
    }

    @Test
    void aSubscriberWhoseSendsBlockDoesNotDelayOneOnAnotherWorker() throws Exception {
        Router router = sfu.router("ch");
        TestSfu.Peer publisher = sfu.publisher(router, "P", 0x1111_0001L, VIDEO, 0x3333_0003L);
        TestSfu.Peer slow = sfu.viewer(router, "S");
        TestSfu.Peer fast = sfu.viewer(router, "F");
        assertThat(slow.connection.sendWorker()).isNotSameAs(fast.connection.sendWorker());
        slow.transport.sendGate = release;

        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            publisher.transport.receiveRtp(new Packets.Rtp(VP8, VIDEO).seq(100 + i).timestamp(3000L * i)
                    .payload(i == 0 ? VP8_KEYFRAME : VP8_DELTA).build(), t0 + i * 1_000_000L);
        }
        int first = rtp(fast.transport.nextRtp()).sequenceNumber();
        for (int i = 1; i < 20; i++) {
            assertThat(rtp(fast.transport.nextRtp()).sequenceNumber()).isEqualTo((first + i) & 0xFFFF);
        }
        assertThat(slow.transport.drainRtp(0)).as("still stuck in its first send").isEmpty();

        release.countDown();
        assertThat(slow.transport.nextRtp()).isNotNull();
    }
}
