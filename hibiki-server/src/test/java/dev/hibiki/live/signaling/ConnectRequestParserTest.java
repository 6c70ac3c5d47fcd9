package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;

import static dev.hibiki.live.signaling.SignalingMessages.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link ConnectRequestParser}: every connect shape the Sora SDKs send is read, everything else refused with 4490. */
class ConnectRequestParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses connect JSON text as the session does; also for the other parser tests. */
    static ConnectRequest parse(String json) throws SignalingException {
        try {
            return ConnectRequestParser.parse(JSON.readTree(json));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ConnectRequest parse(JsonNode msg) throws SignalingException {
        return ConnectRequestParser.parse(msg);
    }

    private static void refused(String json, String reasonPrefix) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(SignalingException.class)
                .hasMessageStartingWith(reasonPrefix)
                .satisfies(e -> assertThat(((SignalingException) e).closeCode()).isEqualTo(4490));
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void soraJsDefaults() throws Exception {
        ConnectRequest r = parse(connect("sendonly", "ch1"));
        assertThat(r.role()).isEqualTo(Role.SENDONLY);
        assertThat(r.channelId()).isEqualTo("ch1");
        assertThat(r.clientId()).isNull();
        assertThat(r.bundleId()).isNull();
        assertThat(r.metadata()).isNotNull();
        assertThat(r.metadata().isNull()).as("metadata:null is kept as a JSON null").isTrue();
        assertThat(r.signalingNotifyMetadata()).isNull();
        assertThat(r.audio()).isTrue();
        assertThat(r.video()).isTrue();
        assertThat(r.videoCodec()).isNull();
        assertThat(r.videoBitRateKbps()).isNull();
        assertThat(r.audioBitRateKbps()).isNull();
        assertThat(r.multistream()).as("absent: treated as multistream by the caller").isNull();
        assertThat(r.soraClient()).isEqualTo(SignalingMessages.SORA_JS_CLIENT);
    }

    @ParameterizedTest
    @CsvSource({"sendrecv,SENDRECV", "sendonly,SENDONLY", "recvonly,RECVONLY", "upstream,SENDONLY",
            "downstream,RECVONLY"})
    void rolesIncludingTheLegacyNames(String wire, Role role) throws Exception {
        assertThat(parse(connect(wire, "c")).role()).isEqualTo(role);
    }

    @Test
    void optionalFieldsAreRead() throws Exception {
        ObjectNode m = connect("sendrecv", "c");
        m.put("client_id", "cl").put("bundle_id", "bu").put("multistream", true);
        m.putObject("metadata").put("access_token", "t");
        m.putObject("signaling_notify_metadata").put("name", "alice");
        m.putObject("audio").put("codec_type", "OPUS").put("bit_rate", 64)
                .putObject("opus_params").put("channels", 2).put("clock_rate", 48000);
        m.putObject("video").put("codec_type", "AV1").put("bit_rate", 15_000)
                .putObject("av1_params").put("profile", 0);
        m.put("data_channel_signaling", false).put("ignore_disconnect_websocket", false);
        m.putArray("data_channels").addObject().put("label", "#chat").put("direction", "sendrecv");
        ConnectRequest r = parse(m);
        assertThat(r.clientId()).isEqualTo("cl");
        assertThat(r.bundleId()).isEqualTo("bu");
        assertThat(r.multistream()).isTrue();
        assertThat(r.metadata().get("access_token").asText()).isEqualTo("t");
        assertThat(r.signalingNotifyMetadata().get("name").asText()).isEqualTo("alice");
        assertThat(r.audio()).isTrue();
        assertThat(r.video()).isTrue();
        assertThat(r.audioBitRateKbps()).isEqualTo(64);
        assertThat(r.videoCodec()).isEqualTo("AV1");
        assertThat(r.videoBitRateKbps()).isEqualTo(15_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "AV1", "H264"})
    void supportedVideoCodecs(String codec) throws Exception {
        ObjectNode m = connect("sendonly", "c");
        m.putObject("video").put("codec_type", codec);
        assertThat(parse(m).videoCodec()).isEqualTo(codec);
    }

    @Test
    void emptyClientAndBundleIdsMeanNone() throws Exception {
        ConnectRequest r = parse(connect("sendonly", "c").put("client_id", "").put("bundle_id", ""));
        assertThat(r.clientId()).isNull();
        assertThat(r.bundleId()).isNull();
    }

    @Test
    void idsOfExactly255BytesAreAccepted() throws Exception {
        String id255 = "\u3042".repeat(85); // 85 × 3 bytes
        ConnectRequest r = parse(connect("sendonly", id255).put("client_id", "c".repeat(255)).put("bundle_id", id255));
        assertThat(r.channelId()).isEqualTo(id255);
        assertThat(r.clientId()).hasSize(255);
        assertThat(r.bundleId()).isEqualTo(id255);
    }

    @Test
    void androidStyleMultistreamFalse() throws Exception {
        // sora-android-sdk always sends multistream (default false), simulcast false, and spotlight possibly as a non-boolean
        ConnectRequest r = parse("""
                {"type":"connect","role":"sendonly","channel_id":"c","multistream":false,"simulcast":false,
                 "spotlight":null,"sora_client":"Sora Android SDK 2023.2.0","libwebrtc":"Shiguredo-build M116",
                 "environment":"Android 14","audio":{"codec_type":"OPUS","opus_params":{"clock_rate":48000}},
                 "video":{"codec_type":"VP9"}}""");
        assertThat(r.multistream()).isFalse();
        assertThat(r.videoCodec()).isEqualTo("VP9");
        assertThat(r.role()).isEqualTo(Role.SENDONLY);
    }

    @Test
    void thetaStyleTopLevelBitRate() throws Exception {
        ConnectRequest r = parse("""
                {"type":"connect","role":"upstream","channel_id":"c","metadata":{"access_token":"tok"},"plan_b":true,
                 "video":{"codec_type":"H264"},"bit_rate":3000,"audio":{"codec_type":"OPUS"}}""");
        assertThat(r.role()).isEqualTo(Role.SENDONLY);
        assertThat(r.videoCodec()).isEqualTo("H264");
        assertThat(r.videoBitRateKbps()).as("THETA puts the video bit rate at the top level").isEqualTo(3000);
    }

    @Test
    void videoObjectBitRateWinsOverTopLevel() throws Exception {
        ConnectRequest r = parse("""
                {"type":"connect","role":"sendonly","channel_id":"c","video":{"bit_rate":800},"bit_rate":3000}""");
        assertThat(r.videoBitRateKbps()).isEqualTo(800);
    }

    @Test
    void oldSdkWithoutSdpOrMediaKeys() throws Exception {
        // sora-cpp-sdk, sora-rust-sdk (audio/video optional), sora-android-sdk: no sdp
        ConnectRequest r = parse("""
                {"type":"connect","role":"recvonly","channel_id":"c","sora_client":"Sora C++ SDK","libwebrtc":"m132"}""");
        assertThat(r.audio()).isTrue();
        assertThat(r.video()).isTrue();
        assertThat(r.metadata()).isNull();
    }

    @Test
    void audioOrVideoMayBeFalseButNotBoth() throws Exception {
        assertThat(parse(connect("sendonly", "c").put("audio", false)).audio()).isFalse();
        assertThat(parse(connect("sendonly", "c").put("video", false)).video()).isFalse();
        ObjectNode nulls = connect("sendonly", "c");
        nulls.putNull("audio");
        nulls.putNull("video");
        assertThat(parse(nulls).audio()).as("null means the default").isTrue();
        refused(connect("sendonly", "c").put("audio", false).put("video", false).toString(), "INVALID-MEDIA");
    }

    @Test
    void falseFlagsAndUnknownKeysAreFine() throws Exception {
        ConnectRequest r = parse(connect("sendonly", "c").put("simulcast", false).put("spotlight", false)
                .put("redirect", true).put("e2ee", false).put("future_option", "x"));
        assertThat(r.channelId()).isEqualTo("c");
    }

    @Test
    void bitRateBoundaries() throws Exception {
        ObjectNode m = connect("sendonly", "c");
        m.putObject("audio").put("bit_rate", 6);
        m.putObject("video").put("bit_rate", 1);
        assertThat(parse(m).audioBitRateKbps()).isEqualTo(6);
        assertThat(parse(m).videoBitRateKbps()).isEqualTo(1);
        ((ObjectNode) m.get("audio")).put("bit_rate", 510);
        ((ObjectNode) m.get("video")).put("bit_rate", 15_000);
        assertThat(parse(m).audioBitRateKbps()).isEqualTo(510);
        assertThat(parse(m).videoBitRateKbps()).isEqualTo(15_000);
    }

    // ---------------------------------------------------------------- refused

    @Test
    void refusesUnknownOrMissingRoles() {
        refused(connect("publisher", "c").toString(), "INVALID-ROLE");
        refused(connect("Sendonly", "c").toString(), "INVALID-ROLE");
        refused(connect("", "c").toString(), "INVALID-ROLE");
        refused(connect("x", "c").put("role", 1).toString(), "INVALID-ROLE");
        refused(connect("x", "c").without("role").toString(), "INVALID-ROLE");
    }

    @Test
    void refusesMissingEmptyOrLongChannelIds() {
        refused(connect("sendonly", "c").without("channel_id").toString(), "MISSING-CHANNEL-ID");
        refused(connect("sendonly", "").toString(), "MISSING-CHANNEL-ID");
        refused(connect("sendonly", "c").putNull("channel_id").toString(), "MISSING-CHANNEL-ID");
        refused(connect("sendonly", "c").put("channel_id", 7).toString(), "MISSING-CHANNEL-ID");
        refused(connect("sendonly", "a".repeat(256)).toString(), "INVALID-CHANNEL-ID");
        refused(connect("sendonly", "\u3042".repeat(85) + "a").toString(), "INVALID-CHANNEL-ID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "\u0000", "tab\there", "line\n", "\u007f", "\u0085"})
    void refusesControlCharactersInChannelIds(String channelId) {
        // PostgreSQL text cannot hold U+0000: the channel lookup would fail as an internal error
        refused(connect("sendonly", channelId).toString(), "INVALID-CHANNEL-ID");
    }

    @Test
    void acceptsPrintableUnicodeChannelIds() throws Exception {
        for (String id : new String[]{"sora", "\u3042\u3044", "\uD83D\uDE00", "a b", "' OR 1=1 --", "\ud800"}) {
            assertThat(parse(connect("sendonly", id)).channelId()).isEqualTo(id);
        }
    }

    @Test
    void refusesLongClientAndBundleIds() {
        refused(connect("sendonly", "c").put("client_id", "x".repeat(256)).toString(), "INVALID-CLIENT-ID");
        refused(connect("sendonly", "c").put("bundle_id", "\u3042".repeat(86)).toString(), "INVALID-BUNDLE-ID");
    }

    @Test
    void readsOpusStereoAndRefusesAMalformedOne() throws Exception {
        ObjectNode m = connect("sendonly", "c");
        m.putObject("audio").putObject("opus_params").put("stereo", true);
        assertThat(ConnectRequestParser.parse(JSON.readTree(m.toString())).opusStereo()).isTrue();
        assertThat(ConnectRequestParser.parse(JSON.readTree(connect("sendonly", "c").toString())).opusStereo())
                .as("stereo unless asked otherwise").isTrue();
        ObjectNode mono = connect("sendonly", "c");
        mono.putObject("audio").putObject("opus_params").put("stereo", false);
        assertThat(ConnectRequestParser.parse(JSON.readTree(mono.toString())).opusStereo()).isFalse();
        ObjectNode bad = connect("sendonly", "c");
        bad.putObject("audio").putObject("opus_params").put("stereo", "yes");
        refused(bad.toString(), "INVALID-AUDIO");
        ObjectNode notObject = connect("sendonly", "c");
        notObject.putObject("audio").put("opus_params", 1);
        refused(notObject.toString(), "INVALID-AUDIO");
    }

    @Test
    void acceptsSimulcastAndSpotlightWithoutServingThem() throws Exception {
        ConnectRequest simulcast = ConnectRequestParser.parse(JSON.readTree(
                connect("sendonly", "c").put("simulcast", true).put("simulcast_rid", "r0").toString()));
        assertThat(simulcast.role()).isEqualTo(Role.SENDONLY);
        ConnectRequest spotlight = ConnectRequestParser.parse(JSON.readTree(
                connect("sendrecv", "c").put("spotlight", true).put("spotlight_number", 2).toString()));
        assertThat(spotlight.role()).isEqualTo(Role.SENDRECV);
    }

    @ParameterizedTest
    @ValueSource(strings = {"H265", "vp9", "VP10", "", "h264"})
    void refusesUnsupportedVideoCodecs(String codec) {
        ObjectNode m = connect("sendonly", "c");
        m.putObject("video").put("codec_type", codec);
        refused(m.toString(), "INVALID-VIDEO-CODEC-TYPE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PCMU", "opus", "AAC"})
    void refusesUnsupportedAudioCodecs(String codec) {
        ObjectNode m = connect("sendonly", "c");
        m.putObject("audio").put("codec_type", codec);
        refused(m.toString(), "INVALID-AUDIO-CODEC-TYPE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"VP9\"", "1", "[]", "\"true\""})
    void refusesMediaThatIsNeitherBooleanNorObject(String value) {
        refused(connect("sendonly", "c").toString().replace("\"video\":true", "\"video\":" + value), "INVALID-VIDEO");
        refused(connect("sendonly", "c").toString().replace("\"audio\":true", "\"audio\":" + value), "INVALID-AUDIO");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "15001", "1.5", "\"1000\"", "true", "1e3", "18446744073709552616",
            "-18446744073709550616", "9223372036854775808"})
    void refusesVideoBitRatesOutOfRangeOrNotIntegers(String value) {
        refused("{\"type\":\"connect\",\"role\":\"sendonly\",\"channel_id\":\"c\",\"video\":{\"bit_rate\":" + value + "}}",
                "INVALID-BIT-RATE");
        refused("{\"type\":\"connect\",\"role\":\"upstream\",\"channel_id\":\"c\",\"bit_rate\":" + value + "}",
                "INVALID-BIT-RATE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "511", "64.0", "\"64\"", "18446744073709551680"})
    void refusesAudioBitRatesOutOfRange(String value) {
        refused("{\"type\":\"connect\",\"role\":\"sendonly\",\"channel_id\":\"c\",\"audio\":{\"bit_rate\":" + value + "}}",
                "INVALID-BIT-RATE");
    }

    @Test
    void refusalReasonsAreReadableAndShort() {
        for (String json : new String[]{
                connect("publisher", "c").toString(),
                connect("sendonly", "").toString(),
                connect("sendonly", "c").put("video", "VP9").toString(),
                connect("sendonly", "c").put("audio", false).put("video", false).toString()}) {
            assertThatThrownBy(() -> parse(json)).satisfies(e -> {
                String reason = e.getMessage();
                assertThat(reason).matches("[A-Z0-9-]+: .+");
                assertThat(reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
            });
        }
    }
}
