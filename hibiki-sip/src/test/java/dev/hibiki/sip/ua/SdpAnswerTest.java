package dev.hibiki.sip.ua;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;

class SdpAnswerTest {
    @Test
    void readsAddressesAndPickedCodecs() {
        SdpAnswer a = SdpAnswer.parse("""
                v=0\r
                o=- 1 1 IN IP4 10.0.0.1\r
                s=-\r
                c=IN IP4 10.0.0.1\r
                t=0 0\r
                m=audio 4000 RTP/AVP 8 101\r
                a=rtpmap:8 PCMA/8000\r
                m=video 4002 RTP/AVP 97\r
                c=IN IP4 10.0.0.2\r
                a=rtpmap:97 H264/90000\r
                """);
        assertThat(a.audio()).isEqualTo(new InetSocketAddress("10.0.0.1", 4000));
        assertThat(a.audioPayloadType()).isEqualTo(8);
        assertThat(a.video()).isEqualTo(new InetSocketAddress("10.0.0.2", 4002));
        assertThat(a.videoPayloadType()).isEqualTo(97);
    }

    @Test
    void refusedStreamsAreAbsent() {
        SdpAnswer a = SdpAnswer.parse("v=0\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 0\nm=video 0 RTP/AVP 0\n");
        assertThat(a.audioPayloadType()).isZero();
        assertThat(a.video()).isNull();
        assertThat(SdpAnswer.parse("v=0\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 9\n").audio()).isNull();
    }

    @Test
    void aPortBeyond65535IsAStreamNotReceived() {
        SdpAnswer a = SdpAnswer.parse("v=0\nc=IN IP4 10.0.0.1\nm=audio 98340 RTP/AVP 8\nm=video 70000 RTP/AVP 97\n"
                + "a=rtpmap:97 H264/90000\n");
        assertThat(a.audio()).isNull();
        assertThat(a.audioPayloadType()).isEqualTo(-1);
        assertThat(a.video()).isNull();
    }

    @Test
    void aPortOrAddressThatIsOnlyASlashIsNoStream() {
        assertThat(SdpAnswer.parse("v=0\nc=IN IP4 10.0.0.1\nm=audio / RTP/AVP 0\n").audio()).isNull();
        SdpAnswer noAddress = SdpAnswer.parse("v=0\nc=IN IP4 /\nm=video 4002 RTP/AVP 97\na=rtpmap:97 H264/90000\n");
        assertThat(noAddress.video()).as("not localhost").isNull();
    }

    @Test
    void anH264RtpmapWithoutANumericPayloadTypeIsIgnored() {
        SdpAnswer a = SdpAnswer.parse("v=0\nc=IN IP4 10.0.0.1\nm=video 4002 RTP/AVP 97\na=rtpmap:x97 H264/90000\n"
                + "a=rtpmap:97 H264/90000\n");
        assertThat(a.video()).isEqualTo(new InetSocketAddress("10.0.0.1", 4002));
        assertThat(a.videoPayloadType()).isEqualTo(97);
        assertThat(SdpAnswer.parse("v=0\nc=IN IP4 10.0.0.1\nm=video 4002 RTP/AVP 97\na=rtpmap:H264 H264/90000\n")
                .video()).isNull();
    }

    @Test
    void holdMeansNoAudioComes() {
        assertThat(SdpAnswer.parse("v=0\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 0\n").audioSent()).isTrue();
        assertThat(SdpAnswer.parse("v=0\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 0\na=inactive\n").audioSent()).isFalse();
        assertThat(SdpAnswer.parse("v=0\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 0\na=recvonly\n").audioSent()).isFalse();
        assertThat(SdpAnswer.parse("v=0\nc=IN IP4 0.0.0.0\nm=audio 4000 RTP/AVP 0\n").audioSent()).isFalse();
        assertThat(SdpAnswer.parse("v=0\nc=IN IP4 10.0.0.1\nm=audio 4000 RTP/AVP 0\na=sendonly\n").audioSent()).isTrue();
    }

    @Test
    void theOfferSaysRecvonlyWhenNothingIsSent() {
        String offer = SdpOffer.build("192.0.2.1", 1, 1, 40000, false, 40002, false);
        assertThat(offer).contains("m=audio 40000 RTP/AVP 0 8 101", "a=recvonly", "m=video 40002 RTP/AVP 96",
                "packetization-mode=1").doesNotContain("sendrecv");
        assertThat(SdpOffer.build("192.0.2.1", 1, 1, 40000, true, 0, false)).contains("a=sendrecv").doesNotContain("m=video");
    }
}
