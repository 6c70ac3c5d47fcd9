package dev.hibiki.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class SrtpTransformerTest {
    private static final int SSRC = 0x11223344;

    /** A DTLS client/server pair of transformers built from one exporter output, as after a handshake. */
    private static SrtpTransformer[] pair(SrtpProfile profile) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        new Random(profile.ordinal()).nextBytes(material);
        SrtpKeys client = SrtpKeys.fromDtlsKeyingMaterial(profile, material, true);
        SrtpKeys server = SrtpKeys.fromDtlsKeyingMaterial(profile, material, false);
        assertThat(client.mirrors(server)).isTrue();
        return new SrtpTransformer[] {new SrtpTransformer(client), new SrtpTransformer(server)};
    }

    /** An RTP packet with a one-byte header extension, at {@code off} in a buffer with headroom. */
    static byte[] rtp(int off, int seq, int ssrc, int payloadLength) {
        byte[] buf = new byte[off + 12 + 8 + payloadLength + SrtpTransformer.MAX_OVERHEAD];
        buf[off] = (byte) 0x90; // V=2, X=1
        buf[off + 1] = 96;
        buf[off + 2] = (byte) (seq >> 8);
        buf[off + 3] = (byte) seq;
        buf[off + 7] = 0x42;
        writeInt(buf, off + 8, ssrc);
        buf[off + 12] = (byte) 0xBE;
        buf[off + 13] = (byte) 0xDE;
        buf[off + 15] = 1; // one extension word
        buf[off + 16] = 0x10;
        buf[off + 17] = 0x7F;
        for (int i = 0; i < payloadLength; i++) {
            buf[off + 20 + i] = (byte) (i * 7 + seq);
        }
        return buf;
    }

    static byte[] rtcp(int off, int ssrc) {
        byte[] buf = new byte[off + 28 + SrtpTransformer.MAX_OVERHEAD];
        buf[off] = (byte) 0x81;
        buf[off + 1] = (byte) 201; // RR with one report block
        buf[off + 3] = 7;
        writeInt(buf, off + 4, ssrc);
        for (int i = 8; i < 28; i++) {
            buf[off + i] = (byte) i;
        }
        return buf;
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripsBothWaysAtAnOffset(SrtpProfile profile) {
        SrtpTransformer[] p = pair(profile);
        for (int dir = 0; dir < 2; dir++) {
            SrtpTransformer sender = p[dir];
            SrtpTransformer receiver = p[1 - dir];
            for (int seq = 100; seq < 110; seq++) {
                byte[] buf = rtp(5, seq, SSRC + dir, 160);
                byte[] plain = Arrays.copyOfRange(buf, 5, 5 + 180);
                int len = sender.protectRtp(buf, 5, 180);
                assertThat(len).isEqualTo(180 + profile.rtpOverhead());
                assertThat(Arrays.copyOfRange(buf, 5, 5 + 20)).isEqualTo(Arrays.copyOf(plain, 20));
                assertThat(Arrays.copyOfRange(buf, 5 + 20, 5 + 180)).isNotEqualTo(Arrays.copyOfRange(plain, 20, 180));
                assertThat(receiver.unprotectRtp(buf, 5, len)).isEqualTo(180);
                assertThat(Arrays.copyOfRange(buf, 5, 5 + 180)).isEqualTo(plain);
            }
        }
        assertThat(p[0].authFailures() + p[1].authFailures()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsAndRejectsReplay(SrtpProfile profile) {
        SrtpTransformer[] p = pair(profile);
        byte[] buf = rtcp(3, SSRC);
        byte[] plain = Arrays.copyOfRange(buf, 3, 31);
        int len = p[1].protectRtcp(buf, 3, 28);
        assertThat(len).isEqualTo(28 + profile.rtcpOverhead());
        assertThat(buf[3 + len - profile.rtcpOverhead() + (profile.isAead() ? 16 : 0)] & 0x80)
                .as("E flag").isEqualTo(0x80);
        byte[] copy = buf.clone();
        assertThat(p[0].unprotectRtcp(buf, 3, len)).isEqualTo(28);
        assertThat(Arrays.copyOfRange(buf, 3, 31)).isEqualTo(plain);

        assertThat(p[0].unprotectRtcp(copy, 3, len)).isEqualTo(SrtpStatus.REPLAYED);
        assertThat(p[0].replayedPackets()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedPacketFailsAuthenticationAndIsCounted(SrtpProfile profile) {
        SrtpTransformer[] p = pair(profile);
        byte[] first = rtp(0, 1, SSRC, 50);
        int len = p[0].protectRtp(first, 0, 70);
        assertThat(p[1].unprotectRtp(first, 0, len)).isEqualTo(70);

        for (int at : new int[] {1, 25, len - 1}) { // header, payload, tag
            byte[] buf = rtp(0, 2, SSRC, 50);
            int l = p[0].protectRtp(buf, 0, 70);
            buf[at] ^= 0x01;
            assertThat(p[1].unprotectRtp(buf, 0, l)).isEqualTo(SrtpStatus.AUTH_FAILED);
        }
        assertThat(p[1].authFailures()).isEqualTo(3);

        byte[] rtcp = rtcp(0, SSRC);
        int rl = p[0].protectRtcp(rtcp, 0, 28);
        rtcp[10] ^= 0x40;
        assertThat(p[1].unprotectRtcp(rtcp, 0, rl)).isEqualTo(SrtpStatus.AUTH_FAILED);
        assertThat(p[1].authFailures()).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayedRtpIsRejectedButReorderedIsAccepted(SrtpProfile profile) {
        SrtpTransformer[] p = pair(profile);
        byte[][] packets = new byte[5][];
        int[] lengths = new int[5];
        for (int i = 0; i < 5; i++) {
            packets[i] = rtp(0, 1000 + i, SSRC, 40);
            lengths[i] = p[0].protectRtp(packets[i], 0, 60);
        }
        byte[] replay = packets[2].clone();
        for (int i : new int[] {0, 2, 1, 4, 3}) {
            assertThat(p[1].unprotectRtp(packets[i], 0, lengths[i])).isEqualTo(60);
        }
        assertThat(p[1].unprotectRtp(replay, 0, lengths[2])).isEqualTo(SrtpStatus.REPLAYED);
        assertThat(p[1].replayedPackets()).isEqualTo(1);
    }

    @Test
    void sequenceNumberWrapAdvancesTheRolloverCounter() {
        SrtpTransformer[] p = pair(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        for (int i = 0; i < 20; i++) {
            int seq = (65530 + i) & 0xFFFF;
            byte[] buf = rtp(0, seq, SSRC, 30);
            int len = p[0].protectRtp(buf, 0, 50);
            assertThat(p[1].unprotectRtp(buf, 0, len)).as("seq %d", seq).isEqualTo(50);
        }
    }

    /**
     * A packet resent after the sequence number wrapped (a NACK answered without RTX) must keep the index of its
     * first sending, i.e. the rollover counter before the wrap; otherwise the receiver cannot authenticate it.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetResentAfterTheWrapKeepsItsFirstIndex(SrtpProfile profile) {
        SrtpTransformer[] p = pair(profile);
        byte[] first = null;
        int firstLength = 0;
        for (int seq : new int[] {65533, 65534, 65535, 0, 1, 2}) {
            byte[] buf = rtp(0, seq, SSRC, 30);
            int len = p[0].protectRtp(buf, 0, 50);
            if (seq == 65534) {
                first = buf.clone();
                firstLength = len;
            }
            assertThat(p[1].unprotectRtp(buf, 0, len)).as("seq %d", seq).isEqualTo(50);
        }
        byte[] resent = rtp(0, 65534, SSRC, 30);
        assertThat(p[0].protectRtp(resent, 0, 50)).isEqualTo(firstLength);
        assertThat(resent).isEqualTo(first);
        byte[] next = rtp(0, 3, SSRC, 30);
        assertThat(p[1].unprotectRtp(next, 0, p[0].protectRtp(next, 0, 50))).isEqualTo(50);
    }

    /**
     * Interleaved streams (audio, video and now and then a third, as RTX) each keep their own rollover counter,
     * whichever of them the sender looked up last.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void interleavedStreamsKeepTheirOwnRolloverCounters(SrtpProfile profile) {
        SrtpTransformer[] p = pair(profile);
        int[] ssrcs = {1, 2, 3};
        int[] next = {65530, 100, 65534}; // streams 1 and 3 wrap during the test, stream 2 does not
        for (int i = 0; i < 40; i++) {
            int s = i % 5 == 4 ? 2 : i % 2; // 0,1,0,1,3rd,1,0,...
            byte[] buf = rtp(0, next[s], ssrcs[s], 30);
            int len = p[0].protectRtp(buf, 0, 50);
            assertThat(p[1].unprotectRtp(buf, 0, len)).as("packet %d: ssrc %d seq %d", i, ssrcs[s], next[s]).isEqualTo(50);
            next[s] = (next[s] + 1) & 0xFFFF;
        }
        assertThat(p[0].outboundRtpStreams()).isEqualTo(3);
        assertThat(p[1].authFailures()).isZero();
    }

    @Test
    void keysAreDirectional() {
        SrtpTransformer[] p = pair(SrtpProfile.AEAD_AES_128_GCM);
        byte[] buf = rtp(0, 1, SSRC, 20);
        int len = p[0].protectRtp(buf, 0, 40);
        // The client cannot read what it protected itself: it unprotects with the server's key.
        assertThat(p[0].unprotectRtp(buf.clone(), 0, len)).isEqualTo(SrtpStatus.AUTH_FAILED);
        assertThat(p[1].unprotectRtp(buf, 0, len)).isEqualTo(40);
    }

    @Test
    void missingHeadroomIsReportedAndLeavesTheBufferAlone() {
        SrtpTransformer[] p = pair(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        byte[] buf = Arrays.copyOf(rtp(0, 1, SSRC, 20), 40 + 9);
        byte[] before = buf.clone();
        assertThat(p[0].protectRtp(buf, 0, 40)).isEqualTo(SrtpStatus.NO_ROOM);
        assertThat(buf).isEqualTo(before);
        byte[] rtcp = Arrays.copyOf(rtcp(0, SSRC), 28 + 13);
        assertThat(p[0].protectRtcp(rtcp, 0, 28)).isEqualTo(SrtpStatus.NO_ROOM);
        assertThat(p[0].otherFailures()).isEqualTo(2);
    }

    @Test
    void contextsAreCreatedPerSsrcAndForgedSsrcsLeaveNoState() {
        SrtpTransformer[] p = pair(SrtpProfile.AEAD_AES_128_GCM);
        for (int ssrc = 1; ssrc <= 3; ssrc++) {
            byte[] buf = rtp(0, 7, ssrc, 10);
            int len = p[0].protectRtp(buf, 0, 30);
            assertThat(p[1].unprotectRtp(buf, 0, len)).isEqualTo(30);
        }
        Random random = new Random(1);
        for (int i = 0; i < 50; i++) {
            byte[] forged = rtp(0, i, random.nextInt(), 10);
            for (int j = 20; j < 46; j++) {
                forged[j] = (byte) random.nextInt();
            }
            assertThat(p[1].unprotectRtp(forged, 0, 46)).isEqualTo(SrtpStatus.AUTH_FAILED);
        }
        assertThat(p[0].outboundRtpStreams()).isEqualTo(3);
        assertThat(p[1].inboundRtpStreams()).isEqualTo(3);
    }

    @Test
    void streamLimitIsEnforced() {
        byte[] material = new byte[SrtpProfile.AES128_CM_HMAC_SHA1_80.keyingMaterialLength()];
        SrtpTransformer t = new SrtpTransformer(
                SrtpKeys.fromDtlsKeyingMaterial(SrtpProfile.AES128_CM_HMAC_SHA1_80, material, true), 2, false);
        assertThat(t.protectRtp(rtp(0, 1, 1, 10), 0, 30)).isPositive();
        assertThat(t.protectRtp(rtp(0, 1, 2, 10), 0, 30)).isPositive();
        assertThat(t.protectRtp(rtp(0, 1, 3, 10), 0, 30)).isEqualTo(SrtpStatus.TOO_MANY_STREAMS);
        assertThat(t.protectRtp(rtp(0, 2, 1, 10), 0, 30)).isPositive();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void resendingAnIdenticalPacketIsAllowedByDefaultAndRefusedWithSendReplayProtection(SrtpProfile profile) {
        SrtpTransformer[] p = pair(profile);
        byte[] a = rtp(0, 5, SSRC, 30);
        byte[] b = a.clone();
        int la = p[0].protectRtp(a, 0, 50);
        int lb = p[0].protectRtp(b, 0, 50);
        assertThat(la).isEqualTo(50 + profile.rtpOverhead());
        assertThat(lb).isEqualTo(la);
        assertThat(b).isEqualTo(a);

        byte[] material = new byte[profile.keyingMaterialLength()];
        SrtpTransformer strict = new SrtpTransformer(SrtpKeys.fromDtlsKeyingMaterial(profile, material, true), 8, true);
        assertThat(strict.protectRtp(rtp(0, 5, SSRC, 30), 0, 50)).isPositive();
        assertThat(strict.protectRtp(rtp(0, 5, SSRC, 30), 0, 50)).isEqualTo(SrtpStatus.REPLAYED);
    }

    @Test
    void closedTransformerRefusesWork() {
        SrtpTransformer[] p = pair(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        p[0].close();
        assertThat(p[0].protectRtp(rtp(0, 1, SSRC, 10), 0, 30)).isEqualTo(SrtpStatus.CLOSED);
        assertThat(p[0].unprotectRtcp(rtcp(0, SSRC), 0, 48)).isEqualTo(SrtpStatus.CLOSED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void garbageAndTruncationsNeverThrow(SrtpProfile profile) {
        SrtpTransformer[] p = pair(profile);
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            byte[] buf = new byte[random.nextInt(120)];
            random.nextBytes(buf);
            if (buf.length > 0 && random.nextBoolean()) {
                buf[0] = (byte) (0x80 | (buf[0] & 0x3F)); // pass the version check now and then
            }
            int off = buf.length == 0 ? 0 : random.nextInt(buf.length);
            int len = buf.length - off;
            assertThat(p[1].unprotectRtp(buf.clone(), off, len)).isNegative();
            assertThat(p[1].unprotectRtcp(buf.clone(), off, len)).isNegative();
            int r1 = p[0].protectRtp(buf.clone(), off, len);
            int r2 = p[0].protectRtcp(buf.clone(), off, len);
            assertThat(r1).isIn(SrtpStatus.INVALID_PACKET, SrtpStatus.NO_ROOM, SrtpStatus.TOO_MANY_STREAMS,
                    len + profile.rtpOverhead());
            assertThat(r2).isIn(SrtpStatus.INVALID_PACKET, SrtpStatus.NO_ROOM, SrtpStatus.TOO_MANY_STREAMS,
                    len + profile.rtcpOverhead());
        }
        // Every truncation of a valid SRTP/SRTCP packet fails.
        byte[] buf = rtp(0, 9, SSRC, 64);
        int len = p[0].protectRtp(buf, 0, 84);
        byte[] rtcp = rtcp(0, SSRC);
        int rtcpLen = p[0].protectRtcp(rtcp, 0, 28);
        for (int cut = 0; cut < len; cut++) {
            assertThat(p[1].unprotectRtp(buf.clone(), 0, cut)).isNegative();
        }
        for (int cut = 0; cut < rtcpLen; cut++) {
            assertThat(p[1].unprotectRtcp(rtcp.clone(), 0, cut)).isNegative();
        }
        assertThat(p[1].unprotectRtp(null, 0, 10)).isEqualTo(SrtpStatus.INVALID_PACKET);
        assertThat(p[1].unprotectRtp(buf, 10, len)).isNegative();
        assertThat(p[1].unprotectRtp(buf, 30, len)).isEqualTo(SrtpStatus.INVALID_PACKET); // beyond the array
        assertThat(p[1].unprotectRtp(buf, 0, len)).isEqualTo(84);
        assertThat(p[1].unprotectRtcp(rtcp, 0, rtcpLen)).isEqualTo(28);
    }

    private static void writeInt(byte[] buf, int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }
}
