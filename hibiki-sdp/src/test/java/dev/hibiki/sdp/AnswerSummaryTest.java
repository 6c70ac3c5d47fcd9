package dev.hibiki.sdp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnswerSummaryTest {

    private static final String CHROME_STREAM = "7b45145c-1a81-482c-a4e5-0cad66237a04";

    private static AnswerSummary summarize(SessionDescription offer, String answerSample) throws SdpNegotiationException {
        return AnswerSummary.of(offer, Samples.sample(answerSample));
    }

    @Test
    void chromePublisherAnswer() throws Exception {
        AnswerSummary s = summarize(Samples.publisher(CodecCatalog.video()).build(), "chrome-publisher-answer.sdp");

        assertThat(s.iceUfrag()).isEqualTo("vR3q");
        assertThat(s.icePwd()).isEqualTo("Zt6bXq0yLk2m9fH3cN8pWs1e");
        assertThat(s.fingerprint().hashFunction()).isEqualTo("sha-256");
        assertThat(s.fingerprint().value()).startsWith("A5:4D:CA:18");
        assertThat(s.setup()).isEqualTo(Setup.ACTIVE);
        assertThat(s.serverIsDtlsClient()).isFalse();
        assertThat(s.bundleMids()).containsExactly("0", "1");
        assertThat(s.candidates()).isEmpty();
        assertThat(s.warnings()).isEmpty();

        MediaAnswer audio = s.media("0").orElseThrow();
        assertThat(audio.kind()).isEqualTo("audio");
        assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(audio.chosenCodec()).hasValueSatisfying(c -> {
            assertThat(c.encoding()).isEqualTo("opus");
            assertThat(c.payloadType()).isEqualTo(111);
            assertThat(c.channels()).isEqualTo(2);
            assertThat(c.parameters()).containsEntry("useinbandfec", "1");
            assertThat(c.feedback()).containsExactly("transport-cc");
        });
        assertThat(audio.extensionId(HeaderExtensions.AUDIO_LEVEL)).hasValue(HeaderExtensions.AUDIO_LEVEL_ID);
        assertThat(audio.streams()).containsExactly(new SignaledStream(2874190253L, null, "Qm8sJ2vH5tLr0xYw",
                new Msid(CHROME_STREAM, "30cbc97d-0fef-4928-a683-6886a260cd0b")));

        MediaAnswer video = s.media("1").orElseThrow();
        assertThat(video.payloadTypes()).containsExactly(98, 99, 96, 97, 104, 105, 100, 101, 102, 103);
        assertThat(video.chosenCodec()).map(NegotiatedCodec::encoding).contains("VP9");
        assertThat(video.rtxPayloadType(98)).hasValue(99);
        assertThat(video.codec(99).orElseThrow().associatedPayloadType()).hasValue(98);
        assertThat(video.codec(98).orElseThrow().hasFeedback("nack pli")).isTrue();
        assertThat(video.codec(102).orElseThrow().parameters()).containsEntry("profile-level-id", "640c1f");
        assertThat(video.extensions()).containsEntry(HeaderExtensions.TRANSPORT_CC_ID, HeaderExtensions.TRANSPORT_CC)
                .containsEntry(HeaderExtensions.MID_ID, HeaderExtensions.MID).hasSize(5);
        assertThat(video.msid()).isEqualTo(new Msid(CHROME_STREAM, "70ccec31-3571-410a-bc13-2d0d113db17d"));
        assertThat(video.streams()).containsExactly(new SignaledStream(1693416318L, 3127945001L, "Qm8sJ2vH5tLr0xYw",
                new Msid(CHROME_STREAM, "70ccec31-3571-410a-bc13-2d0d113db17d")));
        assertThat(video.sendRids()).isEmpty();
    }

    @Test
    void chromeViewerAnswer() throws Exception {
        AnswerSummary s = summarize(Samples.viewer().build(), "chrome-viewer-answer.sdp");

        assertThat(s.iceUfrag()).isEqualTo("Jd0N");
        assertThat(s.candidates()).containsExactly(
                "candidate:2961467143 1 udp 2113937151 9118bb16-000f-49c8-9a35-8ca00d75985d.local 54321 typ host generation 0 network-cost 999");
        assertThat(s.media()).extracting(MediaAnswer::direction).containsExactly(Direction.RECVONLY, Direction.RECVONLY);
        assertThat(s.media()).allSatisfy(m -> assertThat(m.streams()).isEmpty());
        assertThat(s.media("1").orElseThrow().chosenCodec()).map(NegotiatedCodec::payloadType).contains(98);
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void chromeSimulcastAnswer() throws Exception {
        SessionDescription offer = new OfferBuilder(Samples.SERVER, 1)
                .add(OfferSection.receiving(MediaKind.AUDIO, "0", List.of(CodecCatalog.OPUS)))
                .add(OfferSection.receiving(MediaKind.VIDEO, "1", CodecCatalog.video(VideoCodecType.VP8))
                        .withSimulcast(List.of(new Simulcast.Layer("r0", false), new Simulcast.Layer("r1", false),
                                new Simulcast.Layer("r2", false))))
                .build();

        AnswerSummary s = summarize(offer, "chrome-simulcast-answer.sdp");

        MediaAnswer video = s.media("1").orElseThrow();
        assertThat(video.sendRids()).containsExactly("r0", "r1", "r2");
        assertThat(video.rids()).extracting(Rid::direction).containsOnly(Rid.Direction.SEND);
        assertThat(video.simulcast().send()).hasSize(3);
        assertThat(video.streams()).isEmpty();
        assertThat(video.extensionId(HeaderExtensions.RID)).hasValue(HeaderExtensions.RID_ID);
        assertThat(video.extensionId(HeaderExtensions.REPAIRED_RID)).hasValue(HeaderExtensions.REPAIRED_RID_ID);
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void firefoxAnswerUsesSessionLevelFingerprint() throws Exception {
        AnswerSummary s = summarize(Samples.publisher(CodecCatalog.video(VideoCodecType.VP8)).build(),
                "firefox-publisher-answer.sdp");

        assertThat(s.iceUfrag()).isEqualTo("8a7b6c5d");
        assertThat(s.fingerprint().value()).startsWith("55:E5:CD");
        assertThat(s.setup()).isEqualTo(Setup.ACTIVE);
        MediaAnswer video = s.media("1").orElseThrow();
        assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(video.chosenCodec()).map(NegotiatedCodec::encoding).contains("VP8");
        assertThat(video.rtxPayloadType(96)).hasValue(97);
        Msid firefoxMsid = new Msid("{6050914a-9d33-401c-b53c-631cdfd43f37}", "{a9b8c7d6-e5f4-4321-9876-0123456789ab}");
        assertThat(video.streams()).containsExactly(
                new SignaledStream(1829374650L, null, "{b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e}", firefoxMsid));
        assertThat(s.media("0").orElseThrow().codec(111).orElseThrow().parameters()).containsEntry("stereo", "1");
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void lineFeedAnswerGivesTheSameSummary() throws Exception {
        SessionDescription offer = Samples.publisher(CodecCatalog.video()).build();
        String crlf = Samples.resource("chrome-publisher-answer.sdp");

        assertThat(AnswerSummary.of(offer, Samples.parse(crlf.replace("\r\n", "\n"))))
                .isEqualTo(AnswerSummary.of(offer, Samples.parse(crlf)));
    }

    @Test
    void passiveAnswerMakesTheServerTheDtlsClient() throws Exception {
        String answer = Samples.resource("chrome-viewer-answer.sdp").replace("a=setup:active", "a=setup:passive");

        AnswerSummary s = AnswerSummary.of(Samples.viewer().build(), Samples.parse(answer));

        assertThat(s.setup()).isEqualTo(Setup.PASSIVE);
        assertThat(s.serverIsDtlsClient()).isTrue();
    }

    @Test
    void missingSetupIsTakenAsActiveWithAWarning() throws Exception {
        String answer = Samples.resource("chrome-viewer-answer.sdp").replace("a=setup:active\r\n", "");

        AnswerSummary s = AnswerSummary.of(Samples.viewer().build(), Samples.parse(answer));

        assertThat(s.setup()).isEqualTo(Setup.ACTIVE);
        assertThat(s.warnings()).anyMatch(w -> w.contains("no a=setup"));
    }

    @Test
    void actpassAnswerIsRefused() {
        String answer = Samples.resource("chrome-viewer-answer.sdp").replace("a=setup:active", "a=setup:actpass");

        assertThatThrownBy(() -> AnswerSummary.of(Samples.viewer().build(), Samples.parse(answer)))
                .isInstanceOf(SdpNegotiationException.class).hasMessageContaining("active or passive");
    }

    @Test
    void missingIceOrFingerprintIsRefused() {
        SessionDescription offer = Samples.viewer().build();
        String answer = Samples.resource("chrome-viewer-answer.sdp");

        assertThatThrownBy(() -> AnswerSummary.of(offer, Samples.parse(answer.replaceAll("a=ice-ufrag:[^\r]*\r\n", ""))))
                .isInstanceOf(SdpNegotiationException.class).hasMessage("answer has no a=ice-ufrag");
        assertThatThrownBy(() -> AnswerSummary.of(offer, Samples.parse(answer.replaceAll("a=ice-pwd:[^\r]*\r\n", ""))))
                .isInstanceOf(SdpNegotiationException.class).hasMessage("answer has no a=ice-pwd");
        assertThatThrownBy(() -> AnswerSummary.of(offer, Samples.parse(answer.replaceAll("a=fingerprint:[^\r]*\r\n", ""))))
                .isInstanceOf(SdpNegotiationException.class).hasMessage("answer has no a=fingerprint");
    }

    @Test
    void anIceUfragWithAColonIsRefused() {
        String answer = Samples.resource("chrome-viewer-answer.sdp")
                .replace("a=ice-ufrag:Jd0N", "a=ice-ufrag:Jd0Nhttp://www.ietf.org");

        assertThatThrownBy(() -> AnswerSummary.of(Samples.viewer().build(), Samples.parse(answer)))
                .isInstanceOf(SdpNegotiationException.class).hasMessage("answer's a=ice-ufrag must have no colon");
    }

    @Test
    void midsMustMatchTheOffer() {
        SessionDescription offer = Samples.viewer().build();
        String answer = Samples.resource("chrome-viewer-answer.sdp");

        assertThatThrownBy(() -> AnswerSummary.of(offer, Samples.parse(answer.replace("a=mid:1", "a=mid:video"))))
                .isInstanceOf(SdpNegotiationException.class)
                .hasMessage("answer section 1 has mid 'video' where the offer has '1'");
        assertThatThrownBy(() -> AnswerSummary.of(offer, Samples.parse(answer.replace("a=mid:0\r\n", ""))))
                .isInstanceOf(SdpNegotiationException.class).hasMessageContaining("has mid (none)");
        String oneSection = answer.substring(0, answer.indexOf("m=video"));
        assertThatThrownBy(() -> AnswerSummary.of(offer, Samples.parse(oneSection)))
                .isInstanceOf(SdpNegotiationException.class).hasMessage("answer has 1 media sections, the offer has 2");
        String swapped = answer.replace("m=audio", "m=video");
        assertThatThrownBy(() -> AnswerSummary.of(offer, Samples.parse(swapped)))
                .isInstanceOf(SdpNegotiationException.class).hasMessageContaining("is video where the offer has audio");
    }

    @Test
    void deviationsBecomeWarnings() throws Exception {
        String answer = Samples.resource("chrome-viewer-answer.sdp")
                .replace("a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\na=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=recvonly",
                        "a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\na=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=extmap:9 urn:example:unknown\r\na=sendonly");

        AnswerSummary s = AnswerSummary.of(Samples.viewer().build(), Samples.parse(answer));

        MediaAnswer audio = s.media("0").orElseThrow();
        assertThat(audio.extensionId(HeaderExtensions.TRANSPORT_CC)).hasValue(7);
        assertThat(s.warnings()).anySatisfy(w -> assertThat(w).contains("to id 7, the offer to 3"))
                .anySatisfy(w -> assertThat(w).contains("urn:example:unknown"))
                .anySatisfy(w -> assertThat(w).contains("direction sendonly does not fit offer direction sendonly"));
    }

    @Test
    void rejectedSectionInTheAnswer() throws Exception {
        String answer = Samples.resource("chrome-viewer-answer.sdp").replace("m=video 9 UDP/TLS/RTP/SAVPF 98 99", "m=video 0 UDP/TLS/RTP/SAVPF 98 99");

        AnswerSummary s = AnswerSummary.of(Samples.viewer().build(), Samples.parse(answer));

        assertThat(s.media("1").orElseThrow().rejected()).isTrue();
        assertThat(s.media("0").orElseThrow().rejected()).isFalse();
    }

    @Test
    void answerToAReOfferWithARemovedSection() throws Exception {
        OfferBuilder b = Samples.viewer();
        b.build();
        SessionDescription reOffer = b.remove("1").build();
        String reAnswer = Samples.resource("chrome-viewer-answer.sdp")
                .replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0")
                .replace("m=video 9 UDP/TLS/RTP/SAVPF 98 99", "m=video 0 UDP/TLS/RTP/SAVPF 98 99")
                .replace("a=mid:1\r\n", "a=mid:1\r\n")
                .replace("a=recvonly\r\na=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:98", "a=inactive\r\na=rtcp-mux\r\na=rtcp-rsize\r\na=rtpmap:98");

        AnswerSummary s = AnswerSummary.of(reOffer, Samples.parse(reAnswer));

        assertThat(s.media("1").orElseThrow().rejected()).isTrue();
        assertThat(s.media("1").orElseThrow().direction()).isEqualTo(Direction.INACTIVE);
        assertThat(s.bundleMids()).containsExactly("0");
        assertThat(s.warnings()).isEmpty();
    }
}
