package dev.hibiki.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NackGeneratorTest {
    private static final long MS = 1_000_000L;
    private final int[] out = new int[64];

    private int[] pending(NackGenerator g, long nowMs) {
        int n = g.pendingNacks(nowMs * MS, out);
        return Arrays.copyOf(out, n);
    }

    @Test
    void gapIsRequestedAndRetriedUntilRecovered() {
        NackGenerator g = new NackGenerator();
        assertThat(g.onReceived(1, 0)).isEqualTo(NackGenerator.FIRST);
        assertThat(g.onReceived(2, 1 * MS)).isEqualTo(NackGenerator.NEW);
        assertThat(g.onReceived(5, 2 * MS)).isEqualTo(NackGenerator.NEW);
        assertThat(g.missingCount()).isEqualTo(2);
        assertThat(g.isMissing(3)).isTrue();
        assertThat(pending(g, 2)).containsExactly(3, 4);
        assertThat(pending(g, 50)).as("retry interval not over").isEmpty();
        assertThat(g.onReceived(3, 60 * MS)).isEqualTo(NackGenerator.RECOVERED);
        assertThat(g.onReceived(3, 61 * MS)).isEqualTo(NackGenerator.OLD);
        assertThat(pending(g, 102)).containsExactly(4);
        assertThat(g.missingCount()).isEqualTo(1);
    }

    @Test
    void givesUpAfterMaxRetries() {
        NackGenerator g = new NackGenerator(1024, 500, 10 * MS, 3, 0, 10_000 * MS);
        g.onReceived(1, 0);
        g.onReceived(3, 0);
        assertThat(pending(g, 0)).containsExactly(2);
        assertThat(pending(g, 10)).containsExactly(2);
        assertThat(pending(g, 20)).containsExactly(2);
        assertThat(pending(g, 30)).isEmpty();
        assertThat(g.missingCount()).isZero();
        assertThat(g.onReceived(2, 40 * MS)).isEqualTo(NackGenerator.OLD);
    }

    @Test
    void givesUpAfterMaxAge() {
        NackGenerator g = new NackGenerator(1024, 500, 10 * MS, 100, 0, 200 * MS);
        g.onReceived(1, 0);
        g.onReceived(3, 0);
        assertThat(pending(g, 0)).containsExactly(2);
        assertThat(pending(g, 201)).isEmpty();
        assertThat(g.missingCount()).isZero();
    }

    @Test
    void initialDelayLetsReorderedPacketsArriveFirst() {
        NackGenerator g = new NackGenerator(1024, 500, 100 * MS, 10, 10 * MS, 1000 * MS);
        g.onReceived(1, 0);
        g.onReceived(3, 0);
        g.onReceived(5, 4 * MS);
        assertThat(pending(g, 5)).isEmpty();
        assertThat(g.onReceived(2, 6 * MS)).isEqualTo(NackGenerator.RECOVERED);
        assertThat(pending(g, 10)).isEmpty();
        assertThat(pending(g, 14)).containsExactly(4);
    }

    @Test
    void handlesWrapAround() {
        NackGenerator g = new NackGenerator();
        g.onReceived(65533, 0);
        g.onReceived(1, 0);
        assertThat(pending(g, 0)).containsExactly(65534, 65535, 0);
        assertThat(g.onReceived(65535, MS)).isEqualTo(NackGenerator.RECOVERED);
        assertThat(g.onReceived(65532, MS)).isEqualTo(NackGenerator.OLD);
        assertThat(pending(g, 200)).containsExactly(65534, 0);
    }

    @Test
    void hugeGapResetsInsteadOfRequestingThousands() {
        NackGenerator g = new NackGenerator();
        g.onReceived(1, 0);
        g.onReceived(3, 0);
        assertThat(g.onReceived(3000, MS)).isEqualTo(NackGenerator.RESET);
        assertThat(g.missingCount()).isZero();
        assertThat(pending(g, 10)).isEmpty();
        g.onReceived(3002, 2 * MS);
        assertThat(pending(g, 10)).containsExactly(3001);
    }

    @Test
    void resultIsLimitedByTheOutputArray() {
        NackGenerator g = new NackGenerator();
        g.onReceived(0, 0);
        g.onReceived(100, 0);
        int[] small = new int[10];
        assertThat(g.pendingNacks(0, small)).isEqualTo(10);
        assertThat(small).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(g.pendingNacks(0, small)).isEqualTo(10);
        assertThat(small[0]).isEqualTo(11);
    }

    @Test
    void missingNumbersFallingOutOfTheWindowAreForgotten() {
        NackGenerator g = new NackGenerator(64, 40, 10 * MS, 100, 0, 100_000 * MS);
        g.onReceived(0, 0);
        g.onReceived(2, 0);
        for (int seq = 3; seq < 200; seq++) {
            g.onReceived(seq, 0);
        }
        assertThat(pending(g, 0)).isEmpty();
        assertThat(g.missingCount()).isZero();
        assertThat(g.isMissing(1)).isFalse();
    }

    @Test
    void lostStreamWithPeriodicGapsKeepsAConsistentCount() {
        NackGenerator g = new NackGenerator(64, 40, 10 * MS, 2, 0, 100_000 * MS);
        int seq = 65000;
        int expectedMissing = 0;
        for (int i = 0; i < 3000; i++) {
            seq = (seq + ((i % 7 == 0) ? 2 : 1)) & 0xFFFF;
            g.onReceived(seq, i * MS);
            if (i % 5 == 0) {
                g.pendingNacks(i * MS, out);
            }
        }
        for (int i = 0; i < 5; i++) {
            g.pendingNacks((3000 + 100 * i) * MS, out);
        }
        assertThat(g.missingCount()).isEqualTo(expectedMissing);
    }
}
