package dev.hibiki.sdp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SdpParserTest {

    @ParameterizedTest
    @ValueSource(strings = {"chrome-connect-offer.sdp", "chrome-simulcast-offer.sdp", "chrome-publisher-answer.sdp",
            "chrome-viewer-answer.sdp", "chrome-simulcast-answer.sdp", "firefox-publisher-answer.sdp",
            "hibiki-publisher-offer.sdp", "hibiki-viewer-offer.sdp"})
    void browserSamplesRoundTripToTheSameText(String name) throws Exception {
        String text = Samples.resource(name);
        SessionDescription sd = SessionDescription.parse(text);

        assertThat(sd.toSdp()).isEqualTo(text);
        assertThat(SessionDescription.parse(sd.toSdp())).isEqualTo(sd);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chrome-connect-offer.sdp", "firefox-publisher-answer.sdp"})
    void lineFeedOnlyParsesLikeCrlf(String name) throws Exception {
        String crlf = Samples.resource(name);

        SessionDescription lf = SessionDescription.parse(crlf.replace("\r\n", "\n"));

        assertThat(lf).isEqualTo(SessionDescription.parse(crlf));
    }

    @Test
    void lastLineWithoutLineBreakAndTrailingBlankLinesAreAccepted() throws Exception {
        SessionDescription a = SessionDescription.parse("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0");
        SessionDescription b = SessionDescription.parse("v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0\n\n\r\n");

        assertThat(a).isEqualTo(b);
        assertThat(a.toSdp()).isEqualTo("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
    }

    @Test
    void chromeConnectOfferSessionLevel() {
        SessionDescription sd = Samples.sample("chrome-connect-offer.sdp");

        assertThat(sd.origin()).isEqualTo(new Origin("-", "8453624719462537841", "2", "IN", "IP4", "127.0.0.1"));
        assertThat(sd.sessionName()).isEqualTo("-");
        assertThat(sd.timings()).containsExactly(Timing.UNBOUNDED);
        assertThat(sd.bundleMids()).containsExactly("0", "1");
        assertThat(sd.extmapAllowMixed()).isTrue();
        assertThat(sd.msidSemantic()).contains("WMS");
        assertThat(sd.iceLite()).isFalse();
        assertThat(sd.mids()).containsExactly("0", "1");
    }

    @Test
    void chromeConnectOfferAudioSection() {
        MediaDescription audio = Samples.sample("chrome-connect-offer.sdp").media("0").orElseThrow();

        assertThat(audio.media()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(9);
        assertThat(audio.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.payloadTypes()).containsExactly(111, 63, 9, 0, 8, 13, 110, 126);
        assertThat(audio.connection()).isEqualTo(Connection.ANY_IP4);
        assertThat(audio.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(audio.iceUfrag()).contains("Yf2d");
        assertThat(audio.icePwd()).contains("oK8mQ1vZ3xR7nB0cT5wL9sJe");
        assertThat(audio.iceOptions()).containsExactly("trickle");
        assertThat(audio.setup()).contains(Setup.ACTPASS);
        assertThat(audio.fingerprints()).singleElement().satisfies(f -> {
            assertThat(f.hashFunction()).isEqualTo("sha-256");
            assertThat(f.value()).startsWith("27:A0:AE");
        });
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.rtcpRsize()).isTrue();
        assertThat(audio.rtpMap(111)).contains(new RtpMap(111, "opus", 48000, 2));
        assertThat(audio.rtpMap(0)).contains(new RtpMap(0, "PCMU", 8000, 0));
        assertThat(audio.fmtpParameters(111)).containsExactly(Map.entry("minptime", "10"), Map.entry("useinbandfec", "1"));
        assertThat(audio.fmtpParameters(63)).containsOnlyKeys("111/111");
        assertThat(audio.rtcpFeedback(111)).extracting(RtcpFeedback::feedback).containsExactly("transport-cc");
        assertThat(audio.extMaps()).extracting(ExtMap::id, ExtMap::uri).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, HeaderExtensions.AUDIO_LEVEL),
                org.assertj.core.groups.Tuple.tuple(2, HeaderExtensions.ABS_SEND_TIME),
                org.assertj.core.groups.Tuple.tuple(3, HeaderExtensions.TRANSPORT_CC),
                org.assertj.core.groups.Tuple.tuple(4, HeaderExtensions.MID));
        assertThat(audio.attribute("rtcp")).contains("9 IN IP4 0.0.0.0");
    }

    @Test
    void chromeConnectOfferVideoSection() {
        MediaDescription video = Samples.sample("chrome-connect-offer.sdp").media("1").orElseThrow();

        assertThat(video.rtpMap(45)).contains(new RtpMap(45, "AV1", 90000, 0));
        assertThat(video.rtpMap(49)).map(RtpMap::encoding).contains("H265");
        assertThat(video.rtxPayloadType(98)).hasValue(99);
        assertThat(video.rtxPayloadType(123)).hasValue(124);
        assertThat(video.rtxPayloadType(125)).isEmpty();
        assertThat(video.fmtp(109).orElseThrow().parameter("PROFILE-LEVEL-ID")).contains("42e01f");
        assertThat(video.rtcpFeedback(96)).extracting(RtcpFeedback::feedback)
                .containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
        assertThat(video.extMaps()).extracting(ExtMap::id).containsExactly(14, 2, 13, 3, 5, 6, 7, 8, 4, 10, 11);
        assertThat(video.ssrcs()).isEmpty();
        assertThat(video.msid()).isEmpty();
    }

    @Test
    void chromeSimulcastOfferHasRidsAndSsrcOnlyForAudio() {
        SessionDescription sd = Samples.sample("chrome-simulcast-offer.sdp");
        MediaDescription audio = sd.media().get(0);
        MediaDescription video = sd.media().get(1);

        assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(audio.msid()).contains(new Msid("9118bb16-000f-49c8-9a35-8ca00d75985d", "6050914a-9d33-401c-b53c-631cdfd43f37"));
        assertThat(audio.ssrcs()).containsOnlyKeys(3344556677L);
        assertThat(audio.ssrcs().get(3344556677L)).containsEntry("cname", "Rz8wK1pQ4mNv7xYb")
                .containsEntry("msid", "9118bb16-000f-49c8-9a35-8ca00d75985d 6050914a-9d33-401c-b53c-631cdfd43f37");
        assertThat(video.rids()).extracting(Rid::id).containsExactly("r0", "r1", "r2");
        assertThat(video.rids()).allSatisfy(r -> assertThat(r.direction()).isEqualTo(Rid.Direction.SEND));
        assertThat(video.simulcast()).hasValueSatisfying(s -> {
            assertThat(s.sendLayers()).extracting(Simulcast.Layer::rid).containsExactly("r0", "r1", "r2");
            assertThat(s.receive()).isEmpty();
        });
        assertThat(video.ssrcs()).isEmpty();
    }

    @Test
    void chromePublisherAnswerSsrcLines() {
        MediaDescription video = Samples.sample("chrome-publisher-answer.sdp").media("1").orElseThrow();

        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(1693416318L, 3127945001L)));
        assertThat(video.ssrcAttributes()).hasSize(4);
        assertThat(video.ssrcs().keySet()).containsExactly(1693416318L, 3127945001L);
        assertThat(video.setup()).contains(Setup.ACTIVE);
    }

    @Test
    void firefoxAnswerKeepsFingerprintAtSessionLevelAndBracesInMsid() {
        SessionDescription sd = Samples.sample("firefox-publisher-answer.sdp");

        assertThat(sd.origin().username()).isEqualTo("mozilla...THIS_IS_SDPARTA-140.0");
        assertThat(sd.fingerprints()).hasSize(1);
        assertThat(sd.media("0").orElseThrow().fingerprints()).isEmpty();
        assertThat(sd.extmapAllowMixed()).isTrue();
        assertThat(sd.iceOptions()).containsExactly("trickle");
        assertThat(sd.msidSemantic()).contains("WMS *");
        assertThat(sd.media("1").orElseThrow().msid())
                .contains(new Msid("{6050914a-9d33-401c-b53c-631cdfd43f37}", "{a9b8c7d6-e5f4-4321-9876-0123456789ab}"));
        assertThat(sd.media("1").orElseThrow().ssrcGroups()).isEmpty();
    }

    @Test
    void unknownAttributesAndOtherLinesAreKeptInOrder() throws Exception {
        String text = String.join("\r\n",
                "v=0", "o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5", "s=SDP Seminar",
                "i=A Seminar on the session description protocol", "u=http://www.example.com/seminars/sdp.pdf",
                "e=j.doe@example.com (Jane Doe)", "c=IN IP4 224.2.17.12/127", "t=2873397496 2873404696",
                "a=recvonly", "a=x-custom:one", "a=x-flag", "a=x-custom:two",
                "m=audio 49170 RTP/AVP 0", "m=video 51372/2 RTP/AVP 99", "i=camera", "b=AS:512",
                "a=rtpmap:99 h263-1998/90000", "a=x-custom:three", "") ;

        SessionDescription sd = SessionDescription.parse(text);

        assertThat(sd.toSdp()).isEqualTo(text);
        assertThat(sd.attributes()).extracting(Attribute::line)
                .containsExactly("a=recvonly", "a=x-custom:one", "a=x-flag", "a=x-custom:two");
        assertThat(sd.otherLines()).extracting(SdpLine::type).containsExactly('i', 'u', 'e');
        assertThat(sd.connection().address()).isEqualTo("224.2.17.12/127");
        MediaDescription video = sd.media().get(1);
        assertThat(video.portCount()).isEqualTo(2);
        assertThat(video.bandwidths()).containsExactly(new Bandwidth("AS", 512));
        assertThat(video.attributeValues("x-custom")).containsExactly("three");
        assertThat(sd.media().get(0).direction()).isEqualTo(Direction.SENDRECV);
        assertThat(sd.directionAttribute()).contains(Direction.RECVONLY);
    }

    @Test
    void attributeValueKeepsItsLeadingBlank() throws Exception {
        SessionDescription sd = SessionDescription.parse("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\na=msid-semantic: WMS *\n");

        assertThat(sd.attributes().get(0)).isEqualTo(new Attribute("msid-semantic", " WMS *"));
        assertThat(sd.toSdp()).contains("a=msid-semantic: WMS *\r\n");
        assertThat(sd.msidSemantic()).contains("WMS *");
    }

    @Test
    void rejectedSectionIsPortZero() throws Exception {
        SessionDescription sd = SessionDescription.parse(
                "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\nm=video 0 UDP/TLS/RTP/SAVPF 96\nc=IN IP4 0.0.0.0\na=mid:2\na=inactive\n");

        assertThat(sd.media().get(0).isRejected()).isTrue();
        assertThat(sd.media().get(0).direction()).isEqualTo(Direction.INACTIVE);
    }

    @Test
    void dataChannelSection() throws Exception {
        SessionDescription sd = SessionDescription.parse("v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\n"
                + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\nc=IN IP4 0.0.0.0\na=mid:2\n"
                + "a=sctp-port:5000\na=max-message-size:262144\n");
        MediaDescription dc = sd.media().get(0);

        assertThat(dc.formats()).containsExactly("webrtc-datachannel");
        assertThat(dc.payloadTypes()).isEmpty();
        assertThat(dc.sctpPort()).hasValue(5000);
        assertThat(dc.maxMessageSize()).hasValue(262144);
    }
}
