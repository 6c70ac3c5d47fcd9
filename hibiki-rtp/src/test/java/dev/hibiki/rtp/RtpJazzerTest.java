package dev.hibiki.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hibiki.rtp.codec.Av1Payload;
import dev.hibiki.rtp.codec.H264Payload;
import dev.hibiki.rtp.codec.VideoCodec;
import dev.hibiki.rtp.codec.Vp8Descriptor;
import dev.hibiki.rtp.codec.Vp9Descriptor;
import dev.hibiki.rtp.ext.AbsSendTimeExtension;
import dev.hibiki.rtp.ext.AudioLevelExtension;
import dev.hibiki.rtp.ext.HeaderExtensionCursor;
import dev.hibiki.rtp.ext.HeaderExtensionWriter;
import dev.hibiki.rtp.ext.SdesExtension;
import dev.hibiki.rtp.ext.TransportCcExtension;
import dev.hibiki.rtp.rtcp.ByePacket;
import dev.hibiki.rtp.rtcp.FirPacket;
import dev.hibiki.rtp.rtcp.NackPacket;
import dev.hibiki.rtp.rtcp.PliPacket;
import dev.hibiki.rtp.rtcp.ReceiverReport;
import dev.hibiki.rtp.rtcp.RembPacket;
import dev.hibiki.rtp.rtcp.RtcpCompoundIterator;
import dev.hibiki.rtp.rtcp.SdesPacket;
import dev.hibiki.rtp.rtcp.SenderReport;
import dev.hibiki.rtp.rtcp.TransportCcFeedback;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer, docs/FUZZING.md) of every RTP and RTCP view: one datagram goes through the RTP
 * view and its header extensions, RTX unwrapping and rewrapping, the RTCP compound iterator and each RTCP view,
 * and the codec payload parsers. None documents an exception, so any throw is a finding; the assertions check
 * that what a view accepts stays inside the datagram. Without {@code JAZZER_FUZZ} only the committed inputs
 * under {@code RtpJazzerTestInputs} run.
 */
class RtpJazzerTest {
    /** Room for the largest packet libFuzzer makes (4096 bytes by default) plus what RTX and a rewrite add. */
    private static final int OUT_CAPACITY = 8192;

    @FuzzTest(maxDuration = "10m")
    void datagram(byte[] data) {
        RtpDemux.isRtpOrRtcp(data, 0, data.length);
        RtpDemux.isRtcp(data, 0, data.length);
        RtpDemux.isRtp(data, 0, data.length);
        rtp(data);
        rtcp(data);
        codecPayload(data);
    }

    private static void rtp(byte[] b) {
        RtpPacket p = new RtpPacket();
        if (!p.wrap(b, 0, b.length)) {
            return;
        }
        assertThat(p.payloadLength()).isNotNegative();
        assertThat(p.payloadOffset() + p.payloadLength() + p.paddingLength()).isEqualTo(b.length);
        p.sequenceNumber();
        p.timestamp();
        p.ssrc();
        for (int c = 0; c < p.csrcCount(); c++) {
            p.csrc(c);
        }
        HeaderExtensionCursor cursor = new HeaderExtensionCursor();
        for (boolean twoByte : new boolean[] {false, true}) {
            HeaderExtensionWriter writer = new HeaderExtensionWriter().reset(twoByte);
            if (cursor.reset(p)) {
                int steps = 0;
                while (cursor.next()) {
                    assertThat(cursor.dataOffset()).isGreaterThanOrEqualTo(p.extensionDataOffset());
                    assertThat(cursor.dataOffset() + cursor.dataLength())
                            .isLessThanOrEqualTo(p.extensionDataOffset() + p.extensionDataLength());
                    writer.copy(cursor.id(), cursor, b);
                    assertThat(++steps).isLessThanOrEqualTo(p.extensionDataLength());
                }
            }
            byte[] out = new byte[OUT_CAPACITY];
            int n = writer.writePacket(p, out, 0);
            if (n > 0) {
                assertThat(new RtpPacket().wrap(out, 0, n)).as("a rewritten packet is RTP again").isTrue();
            }
        }
        for (int id = 0; id < 16; id++) {
            TransportCcExtension.read(p, id);
            AbsSendTimeExtension.read(p, id);
            AudioLevelExtension.read(p, id);
            SdesExtension.read(p, id);
            cursor.find(p, id);
        }
        for (VideoCodec codec : VideoCodec.values()) {
            codec.isKeyframe(p);
            codec.isStartOfFrame(p);
        }
        byte[] out = new byte[OUT_CAPACITY];
        int decoded = RtxPacket.decode(p, 96, 1, out, 0);
        if (decoded > 0) {
            assertThat(new RtpPacket().wrap(out, 0, decoded)).as("an unwrapped RTX packet is RTP").isTrue();
        }
        int encoded = RtxPacket.encode(p, 97, 2, 3, out, 0);
        if (encoded > 0) {
            RtpPacket rtx = new RtpPacket();
            assertThat(rtx.wrap(out, 0, encoded)).as("an RTX packet is RTP").isTrue();
            assertThat(RtxPacket.originalSequenceNumber(rtx)).isEqualTo(p.sequenceNumber());
        }
    }

    private static void rtcp(byte[] b) {
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        it.reset(b, 0, b.length);
        int steps = 0;
        while (it.next()) {
            assertThat(++steps).isLessThanOrEqualTo(b.length / 4);
            assertThat(it.offset() + it.length()).isLessThanOrEqualTo(b.length);
            it.firstSsrc();
            rtcpPacket(b, it.offset(), it.length());
        }
        // The views also see bytes the iterator refused, as a caller holding one packet would pass them.
        rtcpPacket(b, 0, b.length);
    }

    private static void rtcpPacket(byte[] b, int off, int len) {
        SenderReport sr = new SenderReport();
        if (sr.wrap(b, off, len)) {
            sr.ntpTimestamp();
            for (int k = 0; k < sr.reportBlockCount(); k++) {
                sr.reportBlock(k);
            }
        }
        ReceiverReport rr = new ReceiverReport();
        if (rr.wrap(b, off, len)) {
            for (int k = 0; k < rr.reportBlockCount(); k++) {
                rr.reportBlock(k);
            }
        }
        List<SdesPacket.Chunk> chunks = SdesPacket.parse(b, off, len);
        if (chunks != null) {
            chunks.forEach(SdesPacket.Chunk::cname);
        }
        ByePacket bye = new ByePacket();
        if (bye.wrap(b, off, len)) {
            for (int k = 0; k < bye.sourceCount(); k++) {
                bye.ssrc(k);
            }
            bye.reason();
        }
        NackPacket nack = new NackPacket();
        if (nack.wrap(b, off, len)) {
            int[] lost = new int[NackPacket.SEQS_PER_ITEM * nack.itemCount()];
            assertThat(nack.lostSequenceNumbers(lost)).isEqualTo(Math.min(lost.length, nack.lostCount()));
        }
        FirPacket fir = new FirPacket();
        if (fir.wrap(b, off, len)) {
            for (int k = 0; k < fir.entryCount(); k++) {
                fir.ssrc(k);
                fir.sequenceNumber(k);
            }
        }
        RembPacket remb = new RembPacket();
        if (remb.wrap(b, off, len)) {
            assertThat(remb.bitrate()).isNotNegative();
            for (int k = 0; k < remb.ssrcCount(); k++) {
                remb.ssrc(k);
            }
        }
        if (PliPacket.is(b, off, len)) {
            PliPacket.mediaSsrc(b, off);
        }
        TransportCcFeedback twcc = new TransportCcFeedback();
        if (twcc.parse(b, off, len)) {
            assertThat(twcc.receivedCount()).isBetween(0, twcc.statusCount());
            twcc.arrivalTimesMicros(new long[twcc.statusCount()]);
        }
    }

    private static void codecPayload(byte[] b) {
        int len = b.length;
        for (VideoCodec codec : VideoCodec.values()) {
            codec.isKeyframe(b, 0, len);
            codec.isStartOfFrame(b, 0, len);
        }
        Vp8Descriptor vp8 = new Vp8Descriptor();
        if (vp8.wrap(b, 0, len)) {
            assertThat(vp8.descriptorLength()).isBetween(1, len);
            vp8.pictureId();
            vp8.tl0PicIdx();
            vp8.temporalLayer();
            vp8.isLayerSync();
            vp8.isKeyframe();
        }
        Vp9Descriptor vp9 = new Vp9Descriptor();
        if (vp9.wrap(b, 0, len)) {
            assertThat(vp9.descriptorLength()).isBetween(1, len);
            vp9.pictureId();
            vp9.tl0PicIdx();
            vp9.spatialLayer();
            vp9.temporalLayer();
            vp9.isKeyframe();
        }
        H264Payload.packetType(b, 0, len);
        Av1Payload.firstObuType(b, 0, len);
        Av1Payload.startsWithFragment(b, 0, len);
    }
}
