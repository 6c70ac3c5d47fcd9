package dev.hibiki.sfu;

import dev.hibiki.rtp.rtcp.NtpTime;
import dev.hibiki.rtp.rtcp.ReportBlock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReceptionStatisticsTest {

    @Test
    void countsLossAcrossWrapAround() {
        ReceptionStatistics stats = new ReceptionStatistics(1234, 90_000);
        long t = 1_000_000_000L;
        int seq = 65_530;
        for (int i = 0; i < 20; i++) {
            int s = (seq + i) & 0xFFFF;
            if (i == 3 || i == 10) continue; // two losses, one before and one after the wrap
            stats.onPacket(s, 3000L * i, t + i * 33_333_333L);
        }
        ReportBlock b = stats.reportBlock(t + 1_000_000_000L);
        assertThat(b.ssrc()).isEqualTo(1234);
        assertThat(b.cumulativeLost()).isEqualTo(2);
        assertThat(b.highestSequence()).isEqualTo(0x10000L + ((65_530 + 19) & 0xFFFF));
        assertThat(b.fractionLost()).isEqualTo((2 << 8) / 20);
        assertThat(b.lastSenderReport()).isZero();

        // The next report covers only what came since.
        stats.onPacket((seq + 20) & 0xFFFF, 3000L * 20, t + 20 * 33_333_333L);
        assertThat(stats.reportBlock(t + 2_000_000_000L).fractionLost()).isZero();
    }

    @Test
    void duplicatesAreNotCountedAndJitterStaysZeroForPerfectTiming() {
        ReceptionStatistics stats = new ReceptionStatistics(1, 90_000);
        for (int i = 0; i < 10; i++) {
            stats.onPacket(i, 3000L * i, 1_000_000_000L + i * 33_333_333L);
            stats.onPacket(i, 3000L * i, 1_000_000_000L + i * 33_333_333L);
        }
        ReportBlock b = stats.reportBlock(2_000_000_000L);
        assertThat(b.cumulativeLost()).isZero();
        assertThat(b.jitter()).isLessThanOrEqualTo(1);
    }

    @Test
    void echoesTheLastSenderReportTiming() {
        ReceptionStatistics stats = new ReceptionStatistics(1, 48_000);
        stats.onPacket(1, 960, 1_000_000_000L);
        long ntp = NtpTime.fromEpochNanos(1_700_000_000_000_000_000L);
        stats.onSenderReport(ntp, 1_000_000_000L);
        ReportBlock b = stats.reportBlock(1_500_000_000L);
        assertThat(b.lastSenderReport()).isEqualTo(NtpTime.compact(ntp));
        assertThat(b.delaySinceLastSenderReport()).isBetween(32_700L, 32_800L); // 0.5 s in 1/65536 s
    }

    @Test
    void nothingToReportBeforeTheFirstPacket() {
        assertThat(new ReceptionStatistics(1, 90_000).reportBlock(1)).isNull();
    }
}
