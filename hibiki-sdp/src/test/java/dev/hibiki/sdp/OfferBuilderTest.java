package dev.hibiki.sdp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfferBuilderTest {

    @Test
    void publisherOfferIsTheGoldenText() {
        String sdp = Samples.publisher(CodecCatalog.video()).build().toSdp();

        assertThat(sdp).isEqualTo(Samples.resource("hibiki-publisher-offer.sdp"));
    }

    @Test
    void viewerOfferIsTheGoldenText() {
        String sdp = Samples.viewer().build().toSdp();

        assertThat(sdp).isEqualTo(Samples.resource("hibiki-viewer-offer.sdp"));
    }

    @Test
    void publisherOfferMeetsWhatChromeRequires() {
        checkChromeRequirements(Samples.publisher(CodecCatalog.video()).build());
    }

    @Test
    void viewerOfferMeetsWhatChromeRequires() {
        checkChromeRequirements(Samples.viewer().build());
    }

    @Test
    void reOfferMeetsWhatChromeRequires() {
        OfferBuilder b = Samples.viewer();
        b.build();
        b.remove("0").add(OfferSection.dataChannel("2"));

        checkChromeRequirements(b.build());
    }

    /** What Chromium checks or relies on when it sets a remote offer from an ICE-lite SFU (max-bundle, rtcp-mux require). */
    private static void checkChromeRequirements(SessionDescription offer) {
        String text = offer.toSdp();
        assertThat(text).endsWith("\r\n").doesNotContain("\n\n").doesNotContain("\r\r");
        for (String line : text.split("\r\n")) assertThat(line).doesNotContain("\n").matches("[a-z]=.*");
        assertThat(Samples.parse(text)).isEqualTo(offer);

        assertThat(offer.iceLite()).as("a=ice-lite").isTrue();
        assertThat(offer.msidSemantic()).contains("WMS *");
        List<String> active = new ArrayList<>();
        for (MediaDescription m : offer.media()) if (!m.isRejected()) active.add(m.mid().orElseThrow());
        assertThat(offer.bundleMids()).as("BUNDLE lists every accepted section and only those").isEqualTo(active);
        assertThat(new HashSet<>(offer.mids())).as("mids unique").hasSize(offer.media().size());

        Map<Integer, String> extensionIds = new HashMap<>();
        Set<Long> ssrcsSeen = new HashSet<>();
        for (MediaDescription m : offer.media()) {
            String mid = m.mid().orElseThrow();
            assertThat(m.connection()).as(mid).isEqualTo(Connection.ANY_IP4);
            assertThat(m.iceUfrag()).as(mid).contains(Samples.SERVER.iceUfrag());
            assertThat(m.icePwd()).as(mid).contains(Samples.SERVER.icePwd());
            assertThat(m.fingerprints()).as(mid).containsExactly(Samples.SERVER_FINGERPRINT);
            assertThat(m.setup()).as(mid).contains(Setup.ACTPASS);
            if (m.isRejected()) {
                assertThat(m.candidates()).as(mid).isEmpty();
                assertThat(m.msids()).as(mid).isEmpty();
            } else {
                assertThat(m.port()).as(mid).isEqualTo(9);
                assertThat(m.candidates()).as(mid).containsExactlyElementsOf(Samples.SERVER.candidates());
                assertThat(m.endOfCandidates()).as(mid).isTrue();
                int last = m.attributes().size() - 1;
                assertThat(m.attributes().get(last).name()).as("end-of-candidates closes " + mid).isEqualTo("end-of-candidates");
            }
            if (m.media().equals(MediaDescription.APPLICATION)) {
                assertThat(m.proto()).isEqualTo("UDP/DTLS/SCTP");
                assertThat(m.formats()).containsExactly("webrtc-datachannel");
                assertThat(m.sctpPort()).hasValue(5000);
                continue;
            }
            assertThat(m.proto()).as(mid).isEqualTo("UDP/TLS/RTP/SAVPF");
            assertThat(m.rtcpMux()).as(mid).isTrue();
            assertThat(m.rtcpRsize()).as(mid).isTrue();
            assertThat(m.directionAttribute()).as(mid).isPresent();
            // Every format has an rtpmap, every rtpmap a format, every RTX an apt pointing at a listed codec.
            List<Integer> mapped = m.rtpMaps().stream().map(RtpMap::payloadType).toList();
            assertThat(mapped).as(mid).containsExactlyElementsOf(m.payloadTypes());
            for (RtpMap map : m.rtpMaps()) {
                if (map.isRtx()) {
                    String apt = m.fmtp(map.payloadType()).orElseThrow().parameter("apt").orElseThrow();
                    assertThat(m.payloadTypes()).as(mid + " apt").contains(Integer.parseInt(apt));
                }
            }
            for (RtcpFeedback f : m.rtcpFeedbacks()) assertThat(m.payloadTypes()).contains(f.payloadType());
            for (Fmtp f : m.fmtps()) assertThat(m.payloadTypes()).contains(f.payloadType());
            // One-byte header extension ids, unique in a section, same meaning across the bundle.
            Set<Integer> idsHere = new HashSet<>();
            for (ExtMap e : m.extMaps()) {
                assertThat(e.id()).isBetween(1, 14);
                assertThat(idsHere.add(e.id())).as(mid + " extmap id " + e.id() + " unique").isTrue();
                String before = extensionIds.putIfAbsent(e.id(), e.uri());
                if (before != null) assertThat(before).as("id " + e.id() + " across sections").isEqualTo(e.uri());
            }
            assertThat(m.extMaps()).extracting(ExtMap::uri).contains(HeaderExtensions.MID, HeaderExtensions.TRANSPORT_CC);
            // Sending sections carry msid (stream id = publisher's connection id) and SSRCs that no other section uses.
            if (!m.isRejected() && m.direction().sends()) {
                Msid msid = m.msid().orElseThrow();
                assertThat(msid.streamId()).isEqualTo(Samples.PUBLISHER_CONNECTION_ID);
                assertThat(m.ssrcs()).isNotEmpty();
                for (Map.Entry<Long, Map<String, String>> s : m.ssrcs().entrySet()) {
                    assertThat(ssrcsSeen.add(s.getKey())).as("ssrc " + s.getKey() + " unique").isTrue();
                    assertThat(s.getValue()).containsKey("cname").containsEntry("msid", msid.value());
                }
                for (SsrcGroup g : m.ssrcGroups()) assertThat(m.ssrcs().keySet()).containsAll(g.ssrcs());
            } else {
                assertThat(m.ssrcs()).as(mid).isEmpty();
            }
        }
    }

    @Test
    void videoCodecRestrictionOffersOnlyThatCodecAndItsRtx() {
        assertThat(videoFormats(VideoCodecType.VP8)).containsExactly(96, 97);
        assertThat(videoFormats(VideoCodecType.VP9)).containsExactly(98, 99);
        assertThat(videoFormats(VideoCodecType.AV1)).containsExactly(104, 105);
        assertThat(videoFormats(VideoCodecType.H264)).containsExactly(100, 101, 102, 103);
        assertThat(videoFormats(null)).containsExactly(98, 99, 96, 97, 104, 105, 100, 101, 102, 103);

        MediaDescription h264 = Samples.publisher(CodecCatalog.video(VideoCodecType.H264)).build().media().get(1);
        assertThat(h264.fmtpParameters(100)).containsEntry("profile-level-id", "42e01f").containsEntry("packetization-mode", "1");
        assertThat(h264.fmtpParameters(102)).containsEntry("profile-level-id", "640c1f").containsEntry("level-asymmetry-allowed", "1");
    }

    private static List<Integer> videoFormats(VideoCodecType type) {
        return Samples.publisher(CodecCatalog.video(type)).build().media().get(1).payloadTypes();
    }

    @Test
    void opusIsTheAudioCodecOffered() {
        assertThat(CodecCatalog.audio(AudioCodecType.OPUS, false, false)).containsExactly(CodecCatalog.OPUS);
    }

    @Test
    void opusParametersFollowTheClientsRequest() {
        assertThat(CodecCatalog.opus(false, false).fmtp()).isEqualTo("minptime=10;useinbandfec=1");
        assertThat(CodecCatalog.opus(true, true).fmtp())
                .isEqualTo("minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1;usedtx=1");
        assertThat(CodecCatalog.opus(false, false, 64_000).fmtp())
                .isEqualTo("minptime=10;useinbandfec=1;maxaveragebitrate=64000");

        SessionDescription offer = new OfferBuilder(Samples.SERVER, 1)
                .add(OfferSection.receiving(MediaKind.AUDIO, "0", List.of(CodecCatalog.opus(false, true)))).build();
        assertThat(offer.toSdp()).contains("a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n");
    }

    @Test
    void bitrateGoesIntoAsAndTias() {
        SessionDescription offer = new OfferBuilder(Samples.SERVER, 1)
                .add(OfferSection.receiving(MediaKind.VIDEO, "1", CodecCatalog.video(VideoCodecType.H264)).withMaxBitrateKbps(2000))
                .build();

        MediaDescription video = offer.media().get(0);
        assertThat(video.bandwidths()).containsExactly(new Bandwidth("AS", 2000), new Bandwidth("TIAS", 2_000_000));
        assertThat(offer.toSdp()).contains("c=IN IP4 0.0.0.0\r\nb=AS:2000\r\nb=TIAS:2000000\r\na=ice-ufrag:");
    }

    @Test
    void simulcastReceiveSlotListsRidsAndSimulcast() {
        SessionDescription offer = new OfferBuilder(Samples.SERVER, 1)
                .add(OfferSection.receiving(MediaKind.VIDEO, "1", CodecCatalog.video(VideoCodecType.VP8))
                        .withSimulcast(List.of(new Simulcast.Layer("r0", false), new Simulcast.Layer("r1", false),
                                new Simulcast.Layer("r2", true))))
                .build();

        String text = offer.toSdp();
        assertThat(text).contains("a=rid:r0 recv\r\na=rid:r1 recv\r\na=rid:r2 recv\r\na=simulcast:recv r0;r1;~r2\r\n");
        assertThat(offer.media().get(0).extMaps()).extracting(ExtMap::uri)
                .contains(HeaderExtensions.MID, HeaderExtensions.RID, HeaderExtensions.REPAIRED_RID);
    }

    @Test
    void reOfferKeepsSessionIdBumpsVersionAndRemovesWithPortZero() {
        OfferBuilder b = Samples.viewer();
        SessionDescription first = b.build();

        b.remove("1");
        SessionDescription second = b.build();

        assertThat(second.origin().sessionId()).isEqualTo(first.origin().sessionId()).isEqualTo(Long.toString(Samples.SESSION_ID));
        assertThat(first.origin().sessionVersion()).isEqualTo("1");
        assertThat(second.origin().sessionVersion()).isEqualTo("2");
        assertThat(b.version()).isEqualTo(2);
        assertThat(second.mids()).containsExactly("0", "1");
        assertThat(second.bundleMids()).containsExactly("0");
        MediaDescription removed = second.media().get(1);
        assertThat(removed.port()).isZero();
        assertThat(removed.direction()).isEqualTo(Direction.INACTIVE);
        assertThat(removed.mid()).contains("1");
        assertThat(removed.msids()).isEmpty();
        assertThat(removed.ssrcs()).isEmpty();
        assertThat(removed.candidates()).isEmpty();
        assertThat(removed.payloadTypes()).containsExactly(98, 99);
        assertThat(second.media().get(0)).isEqualTo(first.media().get(0));
        assertThat(b.removedMids()).containsExactly("1");
    }

    @Test
    void removedMidIsReusedInPlaceAndNewSectionsAreAppended() {
        OfferBuilder b = Samples.viewer();
        b.build();
        b.remove("1").build();

        OutgoingTrack next = new OutgoingTrack("ANOTHERCONNECTIONID0000000", "v1", 3001, 3002L, "hibiki");
        b.add(OfferSection.sending(MediaKind.VIDEO, "1", List.of(CodecCatalog.VP8), next));
        b.add(OfferSection.sending(MediaKind.AUDIO, b.nextMid(), List.of(CodecCatalog.OPUS),
                new OutgoingTrack("ANOTHERCONNECTIONID0000000", "a1", 3003, null, "hibiki")));
        SessionDescription third = b.build();

        assertThat(third.origin().sessionVersion()).isEqualTo("3");
        assertThat(third.mids()).containsExactly("0", "1", "2");
        assertThat(third.bundleMids()).containsExactly("0", "1", "2");
        MediaDescription reused = third.media().get(1);
        assertThat(reused.port()).isEqualTo(9);
        assertThat(reused.msid()).contains(new Msid("ANOTHERCONNECTIONID0000000", "v1"));
        assertThat(reused.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(3001L, 3002L)));
        assertThat(third.media().get(2).media()).isEqualTo("audio");
        assertThat(b.nextMid()).isEqualTo("3");
    }

    @Test
    void updateChangesASectionInPlace() {
        OfferBuilder b = Samples.publisher(CodecCatalog.video(VideoCodecType.VP8));
        b.update(b.section("1").orElseThrow().withMaxBitrateKbps(500));

        assertThat(b.build().media().get(1).bandwidths()).contains(new Bandwidth("AS", 500));
        assertThatThrownBy(() -> b.update(OfferSection.receiving(MediaKind.AUDIO, "1", List.of(CodecCatalog.OPUS))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.update(OfferSection.receiving(MediaKind.AUDIO, "9", List.of(CodecCatalog.OPUS))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void dataChannelSection() {
        SessionDescription offer = Samples.viewer().add(OfferSection.dataChannel("2")).build();

        MediaDescription dc = offer.media().get(2);
        assertThat(offer.toSdp()).contains("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n");
        assertThat(dc.sctpPort()).hasValue(5000);
        assertThat(dc.maxMessageSize()).hasValue(262144);
        assertThat(dc.rtcpMux()).isFalse();
        assertThat(offer.bundleMids()).containsExactly("0", "1", "2");
    }

    @Test
    void candidatePortCanBeWrittenOnTheMediaLine() {
        SessionDescription offer = Samples.viewer().candidatePortInMediaLine(true).build();

        assertThat(offer.media()).allSatisfy(m -> assertThat(m.port()).isEqualTo(50000));
    }

    @Test
    void transportChangeAppliesToTheNextOffer() {
        OfferBuilder b = Samples.viewer();
        b.build();
        LocalTransport restarted = new LocalTransport("newUfrag", "newPassword0000000000000", Samples.SERVER_FINGERPRINT,
                List.of("1 1 udp 2130706431 192.0.2.10 50002 typ host", "a=candidate:2 1 tcp 1518280447 192.0.2.10 443 typ host tcptype passive"));

        SessionDescription offer = b.transport(restarted).build();

        assertThat(offer.media().get(0).iceUfrag()).contains("newUfrag");
        assertThat(offer.media().get(0).candidates()).containsExactly(
                "candidate:1 1 udp 2130706431 192.0.2.10 50002 typ host",
                "candidate:2 1 tcp 1518280447 192.0.2.10 443 typ host tcptype passive");
    }

    @Test
    void allSectionsRemovedLeavesNoBundleGroup() {
        OfferBuilder b = Samples.viewer();
        SessionDescription offer = b.remove("0").remove("1").build();

        assertThat(offer.groups()).isEmpty();
        assertThat(offer.media()).allSatisfy(m -> assertThat(m.isRejected()).isTrue());
    }

    @Test
    void invalidSectionsAreRefused() {
        OutgoingTrack audio = Samples.forwardedAudio();
        assertThatThrownBy(() -> OfferSection.sending(MediaKind.VIDEO, "1", List.of(CodecCatalog.VP8), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs the forwarded track");
        assertThatThrownBy(() -> OfferSection.receiving(MediaKind.VIDEO, "1", List.of(CodecCatalog.OPUS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a video codec");
        assertThatThrownBy(() -> OfferSection.receiving(MediaKind.VIDEO, "1", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no codec");
        assertThatThrownBy(() -> OfferSection.sending(MediaKind.AUDIO, "0", List.of(CodecCatalog.OPUS),
                new OutgoingTrack("s", "t", 1, 2L, "c")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no RTX codec");
        assertThatThrownBy(() -> OfferSection.receiving(MediaKind.AUDIO, "0", List.of(CodecCatalog.OPUS)).withTrack(audio))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot carry a track");
        assertThatThrownBy(() -> OfferSection.receiving(MediaKind.AUDIO, "0", List.of(CodecCatalog.OPUS))
                .withSimulcast(List.of(new Simulcast.Layer("r0", false))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Samples.viewer().add(OfferSection.dataChannel("0")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
        assertThatThrownBy(() -> new LocalTransport("u", "p", Samples.SERVER_FINGERPRINT, List.of("candidate:1 1 udp")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
