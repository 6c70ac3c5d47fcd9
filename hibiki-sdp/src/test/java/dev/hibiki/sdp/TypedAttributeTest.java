package dev.hibiki.sdp;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TypedAttributeTest {

    @Test
    void rtpmap() {
        assertThat(RtpMap.parse("111 opus/48000/2")).isEqualTo(new RtpMap(111, "opus", 48000, 2));
        assertThat(RtpMap.parse("96  VP8/90000").value()).isEqualTo("96 VP8/90000");
        assertThat(RtpMap.parse("97 rtx/90000").isRtx()).isTrue();
        assertThat(RtpMap.parse("63 red/48000/2").isMediaCodec()).isFalse();
        assertThat(RtpMap.parse("98 VP9/90000").isMediaCodec()).isTrue();
    }

    @Test
    void fmtp() {
        Fmtp f = Fmtp.parse("100 level-asymmetry-allowed=1;packetization-mode=1; profile-level-id=42e01f");
        assertThat(f.parameterMap()).containsExactly(Map.entry("level-asymmetry-allowed", "1"),
                Map.entry("packetization-mode", "1"), Map.entry("profile-level-id", "42e01f"));
        assertThat(f.parameter("Profile-Level-Id")).contains("42e01f");
        assertThat(Fmtp.parse("101 0-15").parameterMap()).containsOnlyKeys("0-15");
        assertThat(Fmtp.parse("96").parameters()).isEmpty();
        assertThat(Fmtp.of(97, new java.util.LinkedHashMap<>(Map.of("apt", "96"))).value()).isEqualTo("97 apt=96");
    }

    @Test
    void rtcpFeedback() {
        assertThat(RtcpFeedback.parse("96 nack pli")).isEqualTo(new RtcpFeedback(96, "nack", "pli"));
        assertThat(RtcpFeedback.parse("96 goog-remb").feedback()).isEqualTo("goog-remb");
        RtcpFeedback wildcard = RtcpFeedback.parse("* ccm tmmbr smaxpr=120");
        assertThat(wildcard.isWildcard()).isTrue();
        assertThat(wildcard.parameter()).isEqualTo("tmmbr smaxpr=120");
        assertThat(wildcard.value()).isEqualTo("* ccm tmmbr smaxpr=120");
    }

    @Test
    void extmap() {
        assertThat(ExtMap.parse("3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"))
                .isEqualTo(new ExtMap(3, HeaderExtensions.TRANSPORT_CC));
        ExtMap withDirection = ExtMap.parse("5/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level vad=on");
        assertThat(withDirection.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(withDirection.attributes()).isEqualTo("vad=on");
        assertThat(withDirection.value()).isEqualTo("5/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level vad=on");
        assertThat(ExtMap.parse("4096 urn:x").id()).isEqualTo(4096);
    }

    @Test
    void msidAndSsrc() {
        assertThat(Msid.parse("- 4a1ae8a7")).isEqualTo(new Msid("-", "4a1ae8a7"));
        assertThat(Msid.parse("stream")).isEqualTo(new Msid("stream", null));
        SsrcAttribute cname = SsrcAttribute.parse("4294967295 cname:mbGW+aeWMLFhPbBC");
        assertThat(cname).isEqualTo(new SsrcAttribute(4294967295L, "cname", "mbGW+aeWMLFhPbBC"));
        assertThat(SsrcAttribute.parse("1 msid:s t").value()).isEqualTo("s t");
        assertThat(SsrcAttribute.parse("1 x-flag").value()).isNull();
        assertThat(SsrcGroup.parse("SIM 1 2 3")).isEqualTo(new SsrcGroup("SIM", List.of(1L, 2L, 3L)));
    }

    @Test
    void ridAndSimulcast() {
        Rid rid = Rid.parse("r1 send pt=96,97;max-width=640;max-height=360");
        assertThat(rid.payloadTypes()).containsExactly(96, 97);
        assertThat(rid.restrictionMap()).containsEntry("max-width", "640");
        assertThat(rid.value()).isEqualTo("r1 send pt=96,97;max-width=640;max-height=360");

        Simulcast both = Simulcast.parse("send r0;r1,r1b;~r2 recv r3");
        assertThat(both.send()).hasSize(3);
        assertThat(both.send().get(1)).extracting(Simulcast.Layer::rid).containsExactly("r1", "r1b");
        assertThat(both.sendLayers()).containsExactly(new Simulcast.Layer("r0", false), new Simulcast.Layer("r1", false),
                new Simulcast.Layer("r2", true));
        assertThat(both.receiveLayers()).containsExactly(new Simulcast.Layer("r3", false));
        assertThat(both.value()).isEqualTo("send r0;r1,r1b;~r2 recv r3");
        assertThat(Simulcast.parse(" send rid=a;b").sendLayers()).extracting(Simulcast.Layer::rid).containsExactly("a", "b");
        assertThatThrownBy(() -> Simulcast.parse("send a send b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fingerprintSetupGroup() {
        assertThat(Fingerprint.parse("sha-256 AB:CD")).isEqualTo(new Fingerprint("sha-256", "AB:CD"));
        assertThat(Setup.parse("actpass")).isEqualTo(Setup.ACTPASS);
        assertThat(Group.parse("BUNDLE 0 1 2").mids()).containsExactly("0", "1", "2");
        assertThat(Group.parse("BUNDLE").mids()).isEmpty();
    }

    @Test
    void directions() {
        assertThat(Direction.RECVONLY.reverse()).isEqualTo(Direction.SENDONLY);
        assertThat(Direction.RECVONLY.allowsAnswer(Direction.SENDONLY)).isTrue();
        assertThat(Direction.RECVONLY.allowsAnswer(Direction.RECVONLY)).isFalse();
        assertThat(Direction.SENDONLY.allowsAnswer(Direction.INACTIVE)).isTrue();
        assertThat(Direction.INACTIVE.allowsAnswer(Direction.SENDRECV)).isFalse();
    }

    @Test
    void attributeRefusesMalformedKnownValuesAndLineBreaks() {
        assertThatThrownBy(() -> new Attribute("rtpmap", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Attribute("x", "a\r\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Attribute("a b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Attribute("x-anything", "whatever :: it is").line()).isEqualTo("a=x-anything:whatever :: it is");
        assertThat(Attribute.flag("rtcp-mux").line()).isEqualTo("a=rtcp-mux");
    }

    @Test
    void builtDescriptionRoundTrips() throws Exception {
        SessionDescription sd = SessionDescription.builder(Origin.of(42, 7))
                .flag("ice-lite")
                .otherLine(new SdpLine('k', "prompt"))
                .otherLine(new SdpLine('i', "info"))
                .media(MediaDescription.builder("video", 9, "UDP/TLS/RTP/SAVPF").format(96)
                        .otherLine(new SdpLine('k', "clear:x")).otherLine(new SdpLine('i', "cam"))
                        .connection(Connection.ANY_IP4).bandwidth(new Bandwidth("TIAS", 1000))
                        .attribute(new RtpMap(96, "VP8", 90000, 0).toAttribute()).flag("sendonly").build())
                .build();

        assertThat(SessionDescription.parse(sd.toSdp())).isEqualTo(sd);
        assertThat(sd.otherLines()).extracting(SdpLine::type).containsExactly('i', 'k');
    }
}
