package dev.hibiki.sfu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The send worker's queue: order kept, oldest dropped and counted when it falls behind. */
class SendWorkerTest {

    private final SfuCounters counters = new SfuCounters();
    private SendWorker worker;

    @AfterEach
    void stop() {
        if (worker != null) worker.close();
    }

    @Test
    void runsTasksInTheOrderTheyWereQueued() throws Exception {
        worker = new SendWorker(0, 64, SendWorkers.MAX_QUEUE_DELAY_NANOS, counters, "test-send-", i -> { });
        List<Integer> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 50; i++) {
            int n = i;
            worker.submit(() -> seen.add(n));
        }
        worker.submit(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
        assertThat(counters.fanoutDropped()).isZero();
    }

    @Test
    void aWorkerThatFallsBehindDropsTheOldestTasksAndCountsThem() throws Exception {
        worker = new SendWorker(0, 4, SendWorkers.MAX_QUEUE_DELAY_NANOS, counters, "test-send-", i -> { });
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        worker.submit(() -> {
            blocked.countDown();
            awaitQuietly(release);
        });
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            worker.submit(() -> seen.add(n));
        }
        assertThat(counters.fanoutDropped()).isEqualTo(6);
        CountDownLatch done = new CountDownLatch(1);
        worker.submit(done::countDown); // drops one more: 6
        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly(7, 8, 9);
        assertThat(counters.fanoutDropped()).isEqualTo(7);
    }

    @Test
    void aPooledPacketReturnsToItsPoolWhenTheLastHolderReleasesIt() {
        ForwardedPacket.Pool pool = new ForwardedPacket.Pool(4);
        byte[] data = {1, 2, 3};
        ForwardedPacket p = pool.copyOf(data, 0, 3, null, 0, 2);
        assertThat(p.length).isEqualTo(3);
        p.release();
        assertThat(pool.freeCount()).isZero();
        p.release();
        assertThat(pool.freeCount()).isEqualTo(1);
        assertThat(pool.copyOf(data, 1, 2, null, 0, 1)).isSameAs(p);
        assertThat(p.buf[0]).isEqualTo((byte) 2);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
