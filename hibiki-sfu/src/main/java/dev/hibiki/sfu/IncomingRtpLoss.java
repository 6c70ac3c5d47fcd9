package dev.hibiki.sfu;

import dev.hibiki.ice.PacketListener;
import dev.hibiki.rtp.RtpDemux;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Drops a fraction of a connection's incoming RTP at random, before decryption, and passes everything else (RTCP,
 * DTLS) on: the loss of a bad network, on a loss-free loopback, so that tests can watch NACKs, retransmissions and
 * keyframe requests. A {@link WebRtcTransport} puts it in front of itself only when a test asks for loss, so the
 * production receive path draws no random numbers and reads no loss setting.
 */
final class IncomingRtpLoss implements PacketListener {

    private final PacketListener next;
    private final double fraction;

    /** @param fraction of RTP packets to drop, in (0, 1) */
    IncomingRtpLoss(PacketListener next, double fraction) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("loss fraction must be in (0, 1)");
        this.next = next;
        this.fraction = fraction;
    }

    @Override
    public void onPacket(byte[] buf, int off, int len) {
        if (RtpDemux.isRtp(buf, off, len) && ThreadLocalRandom.current().nextDouble() < fraction) return;
        next.onPacket(buf, off, len);
    }
}
