package dev.hibiki.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer, docs/FUZZING.md) of {@link SctpAssociation#onPacket}. Each input goes to an
 * established association with an open channel twice: as it is, and with the common header made right (ports, the
 * association's verification tag, the CRC32c) so that mutations reach the chunk handlers; then virtual time passes
 * so that the timers the input started fire. Nothing may throw inside (the association counts what it catches), and
 * every packet the association sends in answer is a well-formed SCTP packet. Without {@code JAZZER_FUZZ} only the
 * committed inputs under {@code SctpJazzerTestInputs} run.
 */
class SctpJazzerTest {

    @FuzzTest(maxDuration = "10m")
    void packet(byte[] data) {
        Link link = new Link();
        link.establish();
        link.client.openChannel("fuzz", DataChannelOptions.reliable()).sendText("hello");
        link.runUntil(() -> !link.serverEvents.opened.isEmpty(), 1_000);
        link.cut = true;
        int sentBefore = link.serverSent.size();

        link.server.onPacket(data, 0, data.length);
        if (data.length >= SctpPacket.COMMON_HEADER) {
            byte[] fixed = data.clone();
            fixed[0] = fixed[2] = (byte) (5000 >>> 8);
            fixed[1] = fixed[3] = (byte) 5000;
            int tag = fixed.length > SctpPacket.COMMON_HEADER && (fixed[SctpPacket.COMMON_HEADER] & 0xff) == Chunk.INIT
                    ? 0 : link.serverTag();
            for (int i = 0; i < 4; i++) {
                fixed[4 + i] = (byte) (tag >>> (24 - 8 * i));
            }
            SctpPacketTest.withChecksumFixed(fixed);
            link.server.onPacket(fixed, 0, fixed.length);
        }
        link.scheduler.advance(30_000);

        assertThat(link.server.internalErrors()).isZero();
        SctpPacket view = new SctpPacket();
        for (byte[] p : link.serverSent.subList(sentBefore, link.serverSent.size())) {
            assertThat(view.wrap(p, 0, p.length)).as(Arrays.toString(p)).isTrue();
            assertThat(view.checksumValid()).isTrue();
            assertThat(p.length).isLessThanOrEqualTo(PacketBuilder.MAX_PACKET);
        }
    }
}
