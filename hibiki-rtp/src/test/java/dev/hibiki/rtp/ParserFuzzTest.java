package dev.hibiki.rtp;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random bytes, truncations and bit flips of valid samples through every parser: none may throw (the parsers
 * document no exception) and none may loop forever (the timeout only guards against hangs).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParserFuzzTest {
    private static final int ROUNDS = 20_000;

    private static final String[] RTP_SAMPLES = {
        "90 6f 1a 2b 00 01 e2 40 9c 8b 7a 69 be de 00 03 10 a8 22 12 34 56 31 00 05 40 30 00 78 0b e4 c1",
        "b0 e0 12 34 00 00 10 00 01 02 03 04 10 00 00 02 0a 02 68 69 0b 00 00 00 aa bb cc 00 02",
        "82 60 00 01 00 00 00 02 00 00 00 03 00 00 00 0a 00 00 00 0b 90 e0 80 7b 2c 20 50 42 00 9d 01 2a",
    };

    private static final String[] RTCP_SAMPLES = {
        dev.hibiki.rtp.rtcp.RtcpReportTestAccess.FIREFOX_COMPOUND,
        "81 c8 00 0c 2b 5f 7d 11 e9 a1 2c 3d 80 00 00 00 00 01 e2 40 00 00 03 e8 00 0f 42 40"
                + " 11 22 33 44 05 ff ff fe 00 01 ff ff 00 00 00 20 2c 3d 80 00 00 01 80 00",
        "81 cd 00 05 11 22 33 44 55 66 77 88 00 64 80 05 00 75 00 00 00 c8 00 00",
        "84 ce 00 04 00 00 00 01 00 00 00 00 9c 8b 7a 69 07 00 00 00",
        "8f ce 00 07 12 34 56 78 00 00 00 00 52 45 4d 42 03 07 fb 93 23 45 67 89 23 45 67 8a 23 45 67 8b",
        "af cd 00 07 9b 74 f6 1f 93 71 dc bc 85 3c 00 09 63 f9 16 b3 d5 52 00 30 9b aa 6a aa 7b 01 09 01",
        "8f cd 00 07 00 00 00 01 00 00 00 02 ff f0 00 eb ff ff ff 05 00 dd 9f 1c 01 02 03 04 05 06 07 08",
        "82 ca 00 06 00 00 00 01 01 02 61 62 00 00 00 00 00 00 00 02 01 03 61 62 63 06 01 78 00 00 00 00",
        "82 cb 00 03 00 00 00 01 00 00 00 02 01 78 00 00",
    };

    private static final String[] PAYLOAD_SAMPLES = {
        "90 e0 80 7b 2c 20 50 42 00 9d 01 2a 00 05 d0 02",
        "8a 80 2a 18 05 00 02 d0 01 04 01 82 49 83 42 00",
        "ba 80 30 00 50 01 40 00 b4 02 80 01 68 05 00 02 d0 82 49 83 42",
        "fe 80 31 20 03 03 02 1a 03 01 40 00 b4 00 02 05 01 02 03",
        "78 00 0e 67 42 c0 1f 8c 8d 40 50 1e d0 0f 08 84 6a 00 04 68 ce 3c 80",
        "7c 85 b8 00 04 00 00",
        "68 0b 08 00 00 00 24 c4 ff df 00 68 02 30 10 01 92 80",
        "00 85 80 80 80 80 80 80 80 01 30",
    };

    private final Random random = new Random(0x5EED);

    private byte[] input(String[] samples) {
        int mode = random.nextInt(4);
        if (mode == 0) {
            byte[] b = new byte[random.nextInt(80)];
            random.nextBytes(b);
            if (b.length > 0 && random.nextBoolean()) {
                b[0] = (byte) (0x80 | (b[0] & 0x3F));
            }
            return b;
        }
        byte[] sample = Hex.bytes(samples[random.nextInt(samples.length)]);
        if (mode == 1) {
            return java.util.Arrays.copyOf(sample, random.nextInt(sample.length + 1));
        }
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(sample.length);
            sample[at] ^= (byte) (1 << random.nextInt(8));
        }
        if (mode == 3) {
            sample[random.nextInt(sample.length)] = (byte) random.nextInt(256);
            return java.util.Arrays.copyOf(sample, random.nextInt(sample.length + 1));
        }
        return sample;
    }

    /** Places {@code b} at a random offset of a larger array, so parsers must respect offset and length. */
    private byte[] embed(byte[] b, int[] offset) {
        int before = random.nextInt(8);
        byte[] big = new byte[before + b.length + random.nextInt(8)];
        random.nextBytes(big);
        System.arraycopy(b, 0, big, before, b.length);
        offset[0] = before;
        return big;
    }

    @Test
    void rtpPacketsAndHeaderExtensions() {
        RtpPacket p = new RtpPacket();
        HeaderExtensionCursor cursor = new HeaderExtensionCursor();
        HeaderExtensionWriter writer = new HeaderExtensionWriter();
        byte[] out = new byte[300];
        int[] offset = new int[1];
        int valid = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] raw = input(RTP_SAMPLES);
            byte[] b = embed(raw, offset);
            RtpDemux.isRtcp(b, offset[0], raw.length);
            RtpDemux.isRtp(b, offset[0], raw.length);
            if (!p.wrap(b, offset[0], raw.length)) {
                continue;
            }
            valid++;
            assertThat(p.payloadLength()).isGreaterThanOrEqualTo(0);
            assertThat(p.payloadOffset() + p.payloadLength() + p.paddingLength()).isEqualTo(offset[0] + raw.length);
            p.sequenceNumber();
            p.timestamp();
            p.ssrc();
            for (int c = 0; c < p.csrcCount(); c++) {
                p.csrc(c);
            }
            writer.reset(random.nextBoolean());
            if (cursor.reset(p)) {
                int steps = 0;
                while (cursor.next()) {
                    assertThat(cursor.dataOffset() + cursor.dataLength())
                            .isLessThanOrEqualTo(p.extensionDataOffset() + p.extensionDataLength());
                    writer.copy(cursor.id(), cursor, b);
                    assertThat(++steps).isLessThanOrEqualTo(p.extensionDataLength());
                }
            }
            for (int id = 0; id < 16; id++) {
                TransportCcExtension.read(p, id);
                AbsSendTimeExtension.read(p, id);
                AudioLevelExtension.read(p, id);
                SdesExtension.read(p, id);
                cursor.find(p, id);
            }
            int n = writer.writePacket(p, out, 0);
            if (n > 0) {
                assertThat(new RtpPacket().wrap(out, 0, n)).isTrue();
            }
            for (VideoCodec codec : VideoCodec.values()) {
                codec.isKeyframe(p);
                codec.isStartOfFrame(p);
            }
            RtxPacket.decode(p, 96, 1, out, 0);
            RtxPacket.encode(p, 97, 2, 3, out, 0);
        }
        assertThat(valid).as("the fuzz reaches the inner parsers").isGreaterThan(ROUNDS / 10);
    }

    @Test
    void rtcpPackets() {
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        SenderReport sr = new SenderReport();
        ReceiverReport rr = new ReceiverReport();
        ByePacket bye = new ByePacket();
        NackPacket nack = new NackPacket();
        FirPacket fir = new FirPacket();
        RembPacket remb = new RembPacket();
        TransportCcFeedback twcc = new TransportCcFeedback();
        int[] lost = new int[17 * 400];
        long[] times = new long[65536];
        int[] offset = new int[1];
        int packets = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] raw = input(RTCP_SAMPLES);
            byte[] b = embed(raw, offset);
            it.reset(b, offset[0], raw.length);
            int steps = 0;
            while (it.next()) {
                packets++;
                assertThat(++steps).isLessThanOrEqualTo(raw.length / 4);
                int off = it.offset();
                int len = it.length();
                it.firstSsrc();
                if (sr.wrap(b, off, len)) {
                    sr.ntpTimestamp();
                    for (int k = 0; k < sr.reportBlockCount(); k++) {
                        sr.reportBlock(k);
                    }
                }
                if (rr.wrap(b, off, len)) {
                    for (int k = 0; k < rr.reportBlockCount(); k++) {
                        rr.reportBlock(k);
                    }
                }
                List<SdesPacket.Chunk> chunks = SdesPacket.parse(b, off, len);
                if (chunks != null) {
                    chunks.forEach(SdesPacket.Chunk::cname);
                }
                if (bye.wrap(b, off, len)) {
                    for (int k = 0; k < bye.sourceCount(); k++) {
                        bye.ssrc(k);
                    }
                    bye.reason();
                }
                if (nack.wrap(b, off, len)) {
                    assertThat(nack.lostSequenceNumbers(lost)).isEqualTo(Math.min(lost.length, nack.lostCount()));
                }
                if (fir.wrap(b, off, len)) {
                    for (int k = 0; k < fir.entryCount(); k++) {
                        fir.ssrc(k);
                        fir.sequenceNumber(k);
                    }
                }
                if (remb.wrap(b, off, len)) {
                    assertThat(remb.bitrate()).isNotNegative();
                    for (int k = 0; k < remb.ssrcCount(); k++) {
                        remb.ssrc(k);
                    }
                }
                if (PliPacket.is(b, off, len)) {
                    PliPacket.mediaSsrc(b, off);
                }
                if (twcc.parse(b, off, len)) {
                    twcc.arrivalTimesMicros(times);
                }
            }
            // The views also get the raw bytes directly, not only what the iterator accepted.
            sr.wrap(b, offset[0], raw.length);
            rr.wrap(b, offset[0], raw.length);
            bye.wrap(b, offset[0], raw.length);
            SdesPacket.parse(b, offset[0], raw.length);
            twcc.parse(b, offset[0], raw.length);
            remb.wrap(b, offset[0], raw.length);
        }
        assertThat(packets).isGreaterThan(ROUNDS / 10);
    }

    @Test
    void codecPayloads() {
        Vp8Descriptor vp8 = new Vp8Descriptor();
        Vp9Descriptor vp9 = new Vp9Descriptor();
        int[] offset = new int[1];
        for (int i = 0; i < ROUNDS; i++) {
            byte[] raw = input(PAYLOAD_SAMPLES);
            byte[] b = embed(raw, offset);
            int off = offset[0];
            int len = raw.length;
            for (VideoCodec codec : VideoCodec.values()) {
                codec.isKeyframe(b, off, len);
                codec.isStartOfFrame(b, off, len);
            }
            if (vp8.wrap(b, off, len)) {
                assertThat(vp8.descriptorLength()).isBetween(1, len);
                vp8.pictureId();
                vp8.tl0PicIdx();
                vp8.temporalLayer();
                vp8.isLayerSync();
                vp8.isKeyframe();
            }
            if (vp9.wrap(b, off, len)) {
                assertThat(vp9.descriptorLength()).isBetween(1, len);
                vp9.pictureId();
                vp9.tl0PicIdx();
                vp9.spatialLayer();
                vp9.temporalLayer();
                vp9.isKeyframe();
            }
            H264Payload.packetType(b, off, len);
            Av1Payload.firstObuType(b, off, len);
            Av1Payload.startsWithFragment(b, off, len);
        }
    }

    @Test
    void statefulClassesSurviveRandomSequenceStreams() {
        NackGenerator nacks = new NackGenerator(256, 200, 5_000_000L, 3, 0, 500_000_000L);
        PacketCache cache = new PacketCache(128, 200);
        RtpStreamRewriter rewriter = new RtpStreamRewriter(1, 90000, 0, 0);
        dev.hibiki.rtp.rtcp.TransportCcRecorder recorder = new dev.hibiki.rtp.rtcp.TransportCcRecorder(256);
        dev.hibiki.rtp.rtcp.TransportCcFeedbackBuilder feedback = new dev.hibiki.rtp.rtcp.TransportCcFeedbackBuilder(300);
        TransportCcFeedback parsed = new TransportCcFeedback();
        byte[] feedbackBytes = new byte[2000];
        int[] out = new int[300];
        int seq = random.nextInt(65536);
        long now = 0;
        for (int i = 0; i < 200_000; i++) {
            int r = random.nextInt(100);
            if (r < 80) {
                seq = (seq + 1) & 0xFFFF;
            } else if (r < 90) {
                seq = (seq + random.nextInt(50)) & 0xFFFF;
            } else if (r < 97) {
                seq = (seq - random.nextInt(100)) & 0xFFFF;
            } else {
                seq = random.nextInt(65536);
            }
            now += random.nextInt(2_000_000);
            long ssrc = random.nextInt(1000) == 0 ? 2 : 1;
            RtpPacket p = TestPackets.packet(96, seq, seq * 3000L, ssrc, random.nextInt(100));
            nacks.onReceived(seq, now);
            recorder.onPacket(seq, now / 1000);
            cache.put(p, now);
            RtpPacket cached = cache.get(seq);
            if (cached != null) {
                assertThat(cached.sequenceNumber()).isEqualTo(seq);
            }
            RtpPacket other = cache.get(random.nextInt(65536));
            if (other != null) {
                assertThat(other.isWrapped()).isTrue();
            }
            rewriter.rewrite(p, now);
            rewriter.sourceOf(random.nextInt(65536));
            if (i % 10 == 0) {
                int n = nacks.pendingNacks(now, out);
                assertThat(n).isBetween(0, out.length);
                assertThat(nacks.missingCount()).isNotNegative();
                if (recorder.fill(feedback, 1, 2)) {
                    int len = feedback.write(feedbackBytes, 0);
                    assertThat(parsed.parse(feedbackBytes, 0, len)).isTrue();
                    assertThat(parsed.statusCount()).isEqualTo(feedback.statusCount());
                }
            }
        }
    }
}
