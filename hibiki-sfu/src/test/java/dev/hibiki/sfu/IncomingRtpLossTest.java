package dev.hibiki.sfu;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test hook that drops incoming RTP: only RTP, about the fraction asked, and only where it was put. */
class IncomingRtpLossTest {

    private TestSfu sfu;

    @AfterEach
    void stop() {
        if (sfu != null) sfu.close();
    }

    @Test
    void dropsAboutTheFractionOfRtpAndNothingElse() {
        AtomicInteger passed = new AtomicInteger();
        IncomingRtpLoss loss = new IncomingRtpLoss((buf, off, len) -> passed.incrementAndGet(), 0.5);
        byte[] rtp = new Packets.Rtp(96, 1).seq(1).payload(new byte[20]).build();
        for (int i = 0; i < 4000; i++) loss.onPacket(rtp, 0, rtp.length);
        assertThat(passed.get()).isBetween(1700, 2300);

        passed.set(0);
        byte[] rtcp = Packets.rtcp(b -> b.addPli(1, 2));
        byte[] dtls = {22, (byte) 0xfe, (byte) 0xfd, 0, 0};
        for (int i = 0; i < 100; i++) {
            loss.onPacket(rtcp, 0, rtcp.length);
            loss.onPacket(dtls, 0, dtls.length);
        }
        assertThat(passed.get()).isEqualTo(200);
        assertThatThrownBy(() -> new IncomingRtpLoss((b, o, l) -> { }, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IncomingRtpLoss((b, o, l) -> { }, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSfuPutsItInFrontOfTheConnectionsThereAreAndThoseThatJoinLater() throws Exception {
        sfu = new TestSfu(1);
        Router router = sfu.router("ch");
        TestSfu.Peer before = sfu.publisher(router, "P", 1, 2, 3);
        assertThat(before.transport.incomingRtpLoss).isZero();

        sfu.sfu.setIncomingRtpLossForTesting(0.05);
        TestSfu.Peer after = sfu.viewer(sfu.router("other"), "V");
        assertThat(before.transport.incomingRtpLoss).isEqualTo(0.05);
        assertThat(after.transport.incomingRtpLoss).isEqualTo(0.05);

        sfu.sfu.setIncomingRtpLossForTesting(0);
        assertThat(before.transport.incomingRtpLoss).isZero();
        assertThat(after.transport.incomingRtpLoss).isZero();
        assertThatThrownBy(() -> sfu.sfu.setIncomingRtpLossForTesting(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sfu.sfu.setIncomingRtpLossForTesting(-0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
