package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.sdp.Direction;
import dev.hibiki.sdp.MediaDescription;
import dev.hibiki.sdp.RtpMap;
import dev.hibiki.sdp.SdpParseException;
import dev.hibiki.sdp.SessionDescription;
import dev.hibiki.sdp.Setup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.hibiki.live.signaling.SignalingMessages.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code connect} → {@code offer} over a real WebSocket against a real server, on channels made with the ImageFlux
 * API: the offer carries every field the strictest Sora SDK decodes (Sora's signaling {@code offer}) and an SDP a
 * browser can answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalingOfferTest {

    /** connection_id / session_id: a UUIDv4 in Crockford base32, 26 upper-case characters. */
    static final String SORA_ID = "[0-9A-HJKMNP-TV-Z]{26}";

    @TempDir
    static Path dataDir;
    private LiveServer server;

    @BeforeAll
    void start() {
        server = LiveServer.start(dataDir);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    private JsonNode offerFor(ObjectNode connectMessage) {
        try (SignalingClient c = server.client()) {
            c.send(connectMessage);
            return c.offer();
        }
    }

    static SessionDescription sdpOf(JsonNode offer) {
        try {
            return SessionDescription.parse(offer.get("sdp").asText());
        } catch (SdpParseException e) {
            throw new AssertionError("offer.sdp does not parse: " + offer.get("sdp").asText(), e);
        }
    }

    private static Set<String> encodings(MediaDescription m) {
        return m.rtpMaps().stream().map(RtpMap::encoding).collect(Collectors.toSet());
    }

    @Test
    void sendonlyConnectAsSoraJsSendsItGetsACompleteOffer() {
        String channel = server.createMultistreamChannel();
        JsonNode offer = offerFor(connect("sendonly", channel));

        assertThat(offer.get("type").asText()).isEqualTo("offer");
        String connectionId = offer.get("connection_id").asText();
        assertThat(connectionId).matches(SORA_ID);
        assertThat(offer.get("client_id").isTextual()).isTrue();
        assertThat(offer.get("client_id").asText()).as("client_id defaults to connection_id").isEqualTo(connectionId);
        assertThat(offer.get("bundle_id").asText()).as("bundle_id defaults to connection_id").isEqualTo(connectionId);
        assertThat(offer.get("session_id").asText()).matches(SORA_ID).isNotEqualTo(connectionId);
        assertThat(offer.get("channel_id").asText()).isEqualTo(channel);
        for (String flag : List.of("simulcast", "simulcast_multicodec", "spotlight")) {
            assertThat(offer.get(flag)).as(flag).isNotNull();
            assertThat(offer.get(flag).isBoolean()).as(flag + " is a boolean").isTrue();
            assertThat(offer.get(flag).booleanValue()).as(flag).isFalse();
        }
        assertThat(offer.get("multistream").isBoolean()).isTrue();
        assertThat(offer.get("multistream").booleanValue()).isTrue();
        assertThat(offer.has("metadata")).as("metadata (the auth webhook's) is present, null without a webhook").isTrue();

        JsonNode config = offer.get("config");
        assertThat(config).as("config is mandatory for CPP/RS/iOS").isNotNull();
        assertThat(config.get("iceServers")).isNotNull();
        assertThat(config.get("iceServers").isArray()).isTrue();
        for (JsonNode ice : config.get("iceServers")) {
            // CPP/Android read all three unconditionally
            assertThat(ice.get("urls").isArray()).isTrue();
            assertThat(ice.get("username").isTextual()).isTrue();
            assertThat(ice.get("credential").isTextual()).isTrue();
        }
        assertThat(config.get("iceTransportPolicy")).as("iOS/THETA decode it as required").isNotNull();
        assertThat(config.get("iceTransportPolicy").asText()).isIn("all", "relay");

        // offer.mid names the sections the client sends on, and they are the SDP's audio and video sections.
        JsonNode mid = offer.get("mid");
        assertThat(mid.isObject()).isTrue();
        assertThat(names(mid)).containsExactlyInAnyOrder("audio", "video");

        SessionDescription sdp = sdpOf(offer);
        assertThat(sdp.iceLite()).as("a=ice-lite").isTrue();
        assertThat(sdp.bundleMids()).as("BUNDLE lists every section").containsExactlyElementsOf(sdp.mids());
        assertThat(sdp.media()).hasSize(2);
        MediaDescription audio = sdp.media(mid.get("audio").asText()).orElseThrow();
        MediaDescription video = sdp.media(mid.get("video").asText()).orElseThrow();
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(video.media()).isEqualTo("video");
        for (MediaDescription m : sdp.media()) {
            assertThat(m.isRejected()).isFalse();
            assertThat(m.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
            assertThat(m.direction()).as("the server receives the client's " + m.media()).isEqualTo(Direction.RECVONLY);
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.iceUfrag()).isPresent();
            assertThat(m.icePwd()).isPresent();
            assertThat(m.fingerprints()).as("a=fingerprint").isNotEmpty();
            assertThat(m.fingerprints().getFirst().hashFunction()).isEqualToIgnoringCase("sha-256");
            assertThat(m.setup()).as("a=setup").contains(Setup.ACTPASS);
            assertThat(m.candidates()).as("every server candidate is inside the offer (no trickle from the server)")
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c).matches("candidate:\\S+ 1 (udp|UDP|tcp) \\d+ \\S+ "
                            + server.mediaPort() + " typ host.*"));
        }
        assertThat(encodings(audio)).contains("opus");
        assertThat(encodings(video)).contains("VP9", "VP8", "H264", "rtx");
        assertThat(video.bandwidths()).as("no bit_rate asked: no b= line").isEmpty();
    }

    @Test
    void offerIsTheFirstAndOnlyMessageBeforeTheAnswer() {
        String channel = server.createMultistreamChannel();
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", channel));
            c.offer();
            // No candidate (the Rust SDK fails on one), no notify before the media is up.
            c.assertStaysOpen(java.time.Duration.ofMillis(500));
            assertThat(c.received()).hasSize(1);
            assertThat(c.binaryFramesReceived()).as("text frames only").isZero();
        }
    }

    @Test
    void clientAndBundleIdsAreEchoed() {
        String channel = server.createMultistreamChannel();
        ObjectNode m = connect("sendonly", channel);
        m.put("client_id", "camera-1");
        m.put("bundle_id", "bundle-\u3042");
        JsonNode offer = offerFor(m);
        assertThat(offer.get("client_id").asText()).isEqualTo("camera-1");
        assertThat(offer.get("bundle_id").asText()).isEqualTo("bundle-\u3042");
        assertThat(offer.get("connection_id").asText()).matches(SORA_ID);
    }

    @Test
    void connectionsOfOneChannelShareTheSessionIdButNotTheConnectionId() {
        String channel = server.createMultistreamChannel();
        try (SignalingClient a = server.client(); SignalingClient b = server.client()) {
            a.send(connect("sendonly", channel));
            JsonNode first = a.offer();
            b.send(connect("recvonly", channel));
            JsonNode second = b.offer();
            assertThat(second.get("session_id").asText()).isEqualTo(first.get("session_id").asText());
            assertThat(second.get("connection_id").asText()).isNotEqualTo(first.get("connection_id").asText());
        }
        JsonNode other = offerFor(connect("sendonly", server.createMultistreamChannel()));
        assertThat(other.get("session_id").asText()).as("another channel, another session").matches(SORA_ID);
    }

    @ParameterizedTest(name = "video.codec_type {0}")
    @ValueSource(strings = {"VP9", "VP8", "AV1", "H264"})
    void videoCodecTypeRestrictsTheOfferedVideoCodecs(String codec) {
        ObjectNode m = connect("sendonly", server.createMultistreamChannel());
        m.putObject("video").put("codec_type", codec);
        JsonNode offer = offerFor(m);
        SessionDescription sdp = sdpOf(offer);
        MediaDescription video = sdp.media(offer.get("mid").get("video").asText()).orElseThrow();
        assertThat(encodings(video)).as("only %s and its RTX", codec).containsExactlyInAnyOrder(codec, "rtx");
        // every RTX payload type repairs an offered codec of that type
        Set<Integer> mediaTypes = new java.util.HashSet<>();
        for (RtpMap r : video.rtpMaps()) if (!r.isRtx()) mediaTypes.add(r.payloadType());
        for (RtpMap r : video.rtpMaps()) {
            if (!r.isRtx()) continue;
            String apt = video.fmtp(r.payloadType()).flatMap(f -> f.parameter("apt")).orElseThrow();
            assertThat(mediaTypes).contains(Integer.parseInt(apt));
        }
        assertThat(video.payloadTypes()).hasSameSizeAs(video.rtpMaps());
        MediaDescription audio = sdp.media(offer.get("mid").get("audio").asText()).orElseThrow();
        assertThat(encodings(audio)).contains("opus");
    }

    @Test
    void videoBitRateBecomesBandwidthLines() {
        ObjectNode m = connect("sendonly", server.createMultistreamChannel());
        m.putObject("video").put("codec_type", "H264").put("bit_rate", 1500);
        m.putObject("audio").put("codec_type", "OPUS").put("bit_rate", 64);
        JsonNode offer = offerFor(m);
        MediaDescription video = sdpOf(offer).media(offer.get("mid").get("video").asText()).orElseThrow();
        assertThat(bandwidths(video)).containsEntry("AS", 1500L).containsEntry("TIAS", 1_500_000L);
        assertThat(offer.get("sdp").asText()).contains("b=AS:1500\r\n", "b=TIAS:1500000\r\n");
    }

    @Test
    void audioBitRateAndStereoReachTheSendersOpusParameters() {
        ObjectNode m = connect("sendonly", server.createMultistreamChannel());
        m.putObject("audio").put("codec_type", "OPUS").put("bit_rate", 64).putObject("opus_params").put("stereo", true);
        JsonNode offer = offerFor(m);
        MediaDescription audio = sdpOf(offer).media(offer.get("mid").get("audio").asText()).orElseThrow();
        assertThat(audio.toString()).contains("maxaveragebitrate=64000", "stereo=1");

        ObjectNode plain = connect("sendonly", server.createMultistreamChannel());
        JsonNode byDefault = offerFor(plain);
        MediaDescription defaultAudio = sdpOf(byDefault).media(byDefault.get("mid").get("audio").asText()).orElseThrow();
        assertThat(defaultAudio.toString()).contains("stereo=1").doesNotContain("maxaveragebitrate");

        ObjectNode monoAsked = connect("sendonly", server.createMultistreamChannel());
        monoAsked.putObject("audio").putObject("opus_params").put("stereo", false);
        JsonNode mono = offerFor(monoAsked);
        MediaDescription monoAudio = sdpOf(mono).media(mono.get("mid").get("audio").asText()).orElseThrow();
        assertThat(monoAudio.toString()).doesNotContain("stereo=1");
    }

    @Test
    void imageFluxSampleSenderIsAccepted() {
        // the sample sender page of the ImageFlux Live Streaming API documentation
        ObjectNode m = connect("sendonly", server.createMultistreamChannel());
        m.putObject("metadata");
        m.putObject("audio").put("codec_type", "OPUS").put("bit_rate", 96);
        m.putObject("video").put("codec_type", "H264").put("bit_rate", 2000);
        JsonNode offer = offerFor(m);
        MediaDescription video = sdpOf(offer).media(offer.get("mid").get("video").asText()).orElseThrow();
        assertThat(encodings(video)).containsExactlyInAnyOrder("H264", "rtx");
        assertThat(bandwidths(video)).containsEntry("AS", 2000L);
    }

    @Test
    void audioOnlyAndVideoOnlySendersGetOneSection() {
        ObjectNode audioOnly = connect("sendonly", server.createMultistreamChannel()).put("video", false);
        JsonNode a = offerFor(audioOnly);
        assertThat(names(a.get("mid"))).containsExactly("audio");
        assertThat(sdpOf(a).media()).extracting(MediaDescription::media).containsExactly("audio");

        ObjectNode videoOnly = connect("sendonly", server.createMultistreamChannel()).put("audio", false);
        JsonNode v = offerFor(videoOnly);
        assertThat(names(v.get("mid"))).containsExactly("video");
        assertThat(sdpOf(v).media()).extracting(MediaDescription::media).containsExactly("video");
    }

    @Test
    void sendrecvOnAMultistreamChannelReceivesItsMedia() {
        JsonNode offer = offerFor(connect("sendrecv", server.createMultistreamChannel()));
        assertThat(names(offer.get("mid"))).containsExactlyInAnyOrder("audio", "video");
        assertThat(sdpOf(offer).media()).extracting(MediaDescription::media).containsExactly("audio", "video");
    }

    // ---------------------------------------------------------------- legacy roles, receivers

    @Test
    void legacyUpstreamRoleIsASender() {
        JsonNode offer = offerFor(connect("upstream", server.createMultistreamChannel()));
        assertThat(names(offer.get("mid"))).containsExactlyInAnyOrder("audio", "video");
        assertThat(sdpOf(offer).media()).allSatisfy(m -> assertThat(m.direction()).isEqualTo(Direction.RECVONLY));
    }

    @Test
    void legacyDownstreamRoleIsAReceiver() {
        JsonNode offer = offerFor(connect("downstream", server.createMultistreamChannel()));
        assertThat(offer.get("mid").isObject()).isTrue();
        assertThat(offer.get("mid").size()).isZero();
        assertThat(sdpOf(offer).media()).isNotEmpty();
    }

    @Test
    void recvonlyOnAnEmptyChannelStillGetsASectionToConnectWith() {
        JsonNode offer = offerFor(connect("recvonly", server.createMultistreamChannel()));
        assertThat(offer.get("mid").isObject()).as("Android decodes mid as non-null: {} for a receiver").isTrue();
        assertThat(offer.get("mid").size()).isZero();
        SessionDescription sdp = sdpOf(offer);
        assertThat(sdp.media()).as("at least one section so ICE and DTLS can start").isNotEmpty();
        MediaDescription first = sdp.media().getFirst();
        assertThat(first.isRejected()).isFalse();
        assertThat(first.candidates()).isNotEmpty();
        assertThat(first.fingerprints()).isNotEmpty();
        assertThat(sdp.bundleMids()).containsExactlyElementsOf(sdp.mids());
        assertThat(sdp.iceLite()).isTrue();
    }

    @Test
    void singleStreamChannelTakesASenderAndReceivers() {
        String channel = server.createSingleStreamChannel();
        try (SignalingClient sender = server.client(); SignalingClient viewer = server.client()) {
            ObjectNode android = connect("sendonly", channel).put("multistream", false);
            sender.send(android);
            JsonNode offer = sender.offer();
            assertThat(offer.get("multistream").booleanValue()).as("a legacy single-stream channel").isFalse();
            viewer.send(connect("recvonly", channel));
            assertThat(viewer.offer().get("channel_id").asText()).isEqualTo(channel);
        }
    }

    @Test
    void oldSdksWithoutSdpOrMediaFlagsAreAccepted() {
        // sora-cpp-sdk / Rust / Android send no sdp; Rust may omit audio and video
        ObjectNode m = SignalingMessages.JSON.createObjectNode();
        m.put("type", "connect").put("role", "sendonly").put("channel_id", server.createMultistreamChannel());
        m.put("sora_client", "Sora C++ SDK 2025.1.0").put("libwebrtc", "m132");
        JsonNode offer = offerFor(m);
        assertThat(names(offer.get("mid"))).containsExactlyInAnyOrder("audio", "video");
    }

    @Test
    void thetaStyleConnectIsAccepted() {
        // the 2018 RICOH THETA plugin: upstream, access_token metadata, plan_b, top-level bit_rate
        ObjectNode m = SignalingMessages.JSON.createObjectNode();
        m.put("type", "connect").put("role", "upstream").put("channel_id", server.createMultistreamChannel());
        m.putObject("metadata").put("access_token", "eyJhbGciOiJIUzI1NiJ9.e30.x");
        m.put("plan_b", true);
        m.putObject("video").put("codec_type", "VP8");
        m.put("bit_rate", 3000);
        m.putObject("audio").put("codec_type", "OPUS");
        JsonNode offer = offerFor(m);
        assertThat(offer.get("client_id").isTextual()).isTrue();
        assertThat(offer.get("config").get("iceTransportPolicy").isTextual()).isTrue();
        MediaDescription video = sdpOf(offer).media(offer.get("mid").get("video").asText()).orElseThrow();
        assertThat(encodings(video)).containsExactlyInAnyOrder("VP8", "rtx");
        assertThat(bandwidths(video)).containsEntry("AS", 3000L);
    }

    @Test
    void aChannelsIceTransportPolicyReplacesTheServersInItsOffers() {
        String relayChannel = server.createMultistreamChannel("{\"ice_transport_policy\":\"relay\"}");
        assertThat(offerFor(connect("sendonly", relayChannel)).get("config").get("iceTransportPolicy").asText())
                .isEqualTo("relay");
        assertThat(offerFor(connect("recvonly", server.createMultistreamChannel())).get("config")
                .get("iceTransportPolicy").asText()).as("the server's media.ice_transport_policy").isEqualTo("all");
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Map<String, Long> bandwidths(MediaDescription m) {
        return m.bandwidths().stream().collect(Collectors.toMap(b -> b.type(), b -> b.value()));
    }
}
