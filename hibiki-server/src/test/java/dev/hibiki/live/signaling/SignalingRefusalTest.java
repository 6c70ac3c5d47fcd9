package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.hibiki.live.signaling.SignalingMessages.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything the server refuses ends like Sora ends it (Sora's signaling close codes): WebSocket close 4490 with a
 * non-empty, human-readable reason, no JSON error message, and for a refused {@code connect} no offer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalingRefusalTest {

    private static final int REFUSED = 4490;

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

    /** Sends one text frame on a fresh connection; expects 4490 with a reason starting with {@code reasonPrefix}. */
    private SignalingClient.Closed refusedBeforeOffer(String firstMessage, String reasonPrefix) {
        try (SignalingClient c = server.client()) {
            c.send(firstMessage);
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).as("close code, reason %s", closed.reason()).isEqualTo(REFUSED);
            assertThat(closed.reason()).isNotBlank().startsWith(reasonPrefix);
            assertThat(c.received()).as("no offer and no JSON error message before the close").isEmpty();
            return closed;
        }
    }

    static Stream<Arguments> refusedConnects() {
        return Stream.<Object[]>of(
                new Object[]{"first message is not connect", (Function<LiveServer, String>) s ->
                        "{\"type\":\"answer\",\"sdp\":\"v=0\"}", "INVALID-MESSAGE"},
                new Object[]{"first message is a pong", (Function<LiveServer, String>) s ->
                        "{\"type\":\"pong\"}", "INVALID-MESSAGE"},
                new Object[]{"invalid JSON", (Function<LiveServer, String>) s ->
                        "{\"type\":\"connect\",\"role\":\"sendonly\",", "INVALID-JSON"},
                new Object[]{"not JSON at all", (Function<LiveServer, String>) s -> "hello", "INVALID-JSON"},
                new Object[]{"empty text frame", (Function<LiveServer, String>) s -> "", "INVALID-JSON"},
                new Object[]{"JSON array", (Function<LiveServer, String>) s ->
                        "[" + connect("sendonly", s.createMultistreamChannel()) + "]", "INVALID-JSON"},
                new Object[]{"JSON string", (Function<LiveServer, String>) s -> "\"connect\"", "INVALID-JSON"},
                new Object[]{"JSON null", (Function<LiveServer, String>) s -> "null", "INVALID-JSON"},
                new Object[]{"missing type", (Function<LiveServer, String>) s ->
                        connect("sendonly", s.createMultistreamChannel()).without("type").toString(), "MISSING-TYPE"},
                new Object[]{"type is not a string", (Function<LiveServer, String>) s ->
                        connect("sendonly", s.createMultistreamChannel()).put("type", 1).toString(), "MISSING-TYPE"},
                new Object[]{"unknown role", (Function<LiveServer, String>) s ->
                        connect("publisher", s.createMultistreamChannel()).toString(), "INVALID-ROLE"},
                new Object[]{"missing role", (Function<LiveServer, String>) s ->
                        connect("x", s.createMultistreamChannel()).without("role").toString(), "INVALID-ROLE"},
                new Object[]{"upper-case role", (Function<LiveServer, String>) s ->
                        connect("SENDONLY", s.createMultistreamChannel()).toString(), "INVALID-ROLE"},
                new Object[]{"missing channel_id", (Function<LiveServer, String>) s ->
                        connect("sendonly", "x").without("channel_id").toString(), "MISSING-CHANNEL-ID"},
                new Object[]{"empty channel_id", (Function<LiveServer, String>) s ->
                        connect("sendonly", "").toString(), "MISSING-CHANNEL-ID"},
                new Object[]{"numeric channel_id", (Function<LiveServer, String>) s ->
                        connect("sendonly", "x").put("channel_id", 42).toString(), "MISSING-CHANNEL-ID"},
                new Object[]{"channel_id of 256 ASCII bytes", (Function<LiveServer, String>) s ->
                        connect("sendonly", "a".repeat(256)).toString(), "INVALID-CHANNEL-ID"},
                new Object[]{"channel_id of 86 characters but 258 UTF-8 bytes", (Function<LiveServer, String>) s ->
                        connect("sendonly", "\u3042".repeat(86)).toString(), "INVALID-CHANNEL-ID"},
                new Object[]{"channel_id with a NUL", (Function<LiveServer, String>) s ->
                        "{\"type\":\"connect\",\"role\":\"sendonly\",\"channel_id\":\"a\\u0000b\"}",
                        "INVALID-CHANNEL-ID"},
                new Object[]{"unknown channel", (Function<LiveServer, String>) s ->
                        connect("sendonly", "0123456789abcdefghjkmnpqrs").toString(), "CHANNEL-NOT-FOUND"},
                new Object[]{"unknown channel with a 255-byte multi-byte id", (Function<LiveServer, String>) s ->
                        connect("sendonly", "\u3042".repeat(85)).toString(), "CHANNEL-NOT-FOUND"},
                new Object[]{"deleted channel", (Function<LiveServer, String>) s -> {
                    String id = s.createMultistreamChannel();
                    s.deleteChannel(id);
                    return connect("sendonly", id).toString();
                }, "CHANNEL-NOT-FOUND"},
                new Object[]{"H265", (Function<LiveServer, String>) s -> {
                    ObjectNode m = connect("sendonly", s.createMultistreamChannel());
                    m.putObject("video").put("codec_type", "H265");
                    return m.toString();
                }, "INVALID-VIDEO-CODEC-TYPE"},
                new Object[]{"lower-case codec", (Function<LiveServer, String>) s -> {
                    ObjectNode m = connect("sendonly", s.createMultistreamChannel());
                    m.putObject("video").put("codec_type", "vp9");
                    return m.toString();
                }, "INVALID-VIDEO-CODEC-TYPE"},
                new Object[]{"audio codec PCMU", (Function<LiveServer, String>) s -> {
                    ObjectNode m = connect("sendonly", s.createMultistreamChannel());
                    m.putObject("audio").put("codec_type", "PCMU");
                    return m.toString();
                }, "INVALID-AUDIO-CODEC-TYPE"},
                new Object[]{"video bit_rate 0", (Function<LiveServer, String>) s -> {
                    ObjectNode m = connect("sendonly", s.createMultistreamChannel());
                    m.putObject("video").put("bit_rate", 0);
                    return m.toString();
                }, "INVALID-BIT-RATE"},
                new Object[]{"video is a string", (Function<LiveServer, String>) s ->
                        connect("sendonly", s.createMultistreamChannel()).put("video", "VP9").toString(), "INVALID-VIDEO"},
                new Object[]{"audio:false and video:false", (Function<LiveServer, String>) s ->
                        connect("sendonly", s.createMultistreamChannel()).put("audio", false).put("video", false)
                                .toString(), "INVALID-MEDIA"},
                new Object[]{"sendrecv on a single-stream channel", (Function<LiveServer, String>) s ->
                        connect("sendrecv", s.createSingleStreamChannel()).toString(), "INVALID-ROLE"},
                new Object[]{"multistream:false on a multistream channel", (Function<LiveServer, String>) s ->
                        connect("sendonly", s.createMultistreamChannel()).put("multistream", false).toString(),
                        "INVALID-MULTISTREAM"}
        ).map(a -> Arguments.of(a));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedConnects")
    void refusedConnectClosesWith4490AndNoOffer(String name, Function<LiveServer, String> message, String reasonPrefix) {
        refusedBeforeOffer(message.apply(server), reasonPrefix);
    }

    @Test
    void closeReasonsFitInAControlFrame() {
        // RFC 6455 5.5: a close reason has at most 123 bytes. An unknown 255-byte channel id makes the longest reason.
        SignalingClient.Closed closed = refusedBeforeOffer(connect("sendonly", "\u3042".repeat(85)).toString(),
                "CHANNEL-NOT-FOUND");
        assertThat(closed.reason().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
        assertThat(closed.reason()).doesNotContain("\uFFFD");
    }

    @Test
    void binaryFrameIsRefused() {
        try (SignalingClient c = server.client()) {
            c.sendBinary(connect("sendonly", server.createMultistreamChannel()).toString().getBytes(StandardCharsets.UTF_8));
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(REFUSED);
            assertThat(closed.reason()).isNotBlank().startsWith("INVALID-MESSAGE");
            assertThat(c.received()).isEmpty();
        }
    }

    @Test
    void binaryFrameAfterTheOfferIsRefused() {
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", server.createMultistreamChannel()));
            c.offer();
            c.sendBinary(new byte[]{1, 2, 3});
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(REFUSED);
            assertThat(closed.reason()).isNotBlank();
        }
    }

    @Test
    void secondSenderOnASingleStreamChannelIsRefusedAndTheFirstKeepsItsSocket() {
        String channel = server.createSingleStreamChannel();
        try (SignalingClient first = server.client(); SignalingClient second = server.client()) {
            first.send(connect("sendonly", channel));
            JsonNode firstOffer = first.offer();

            second.send(connect("sendonly", channel));
            SignalingClient.Closed closed = second.awaitClose();
            assertThat(closed.code()).isEqualTo(REFUSED);
            assertThat(closed.reason()).isNotBlank().startsWith("SENDER-ALREADY-CONNECTED");
            assertThat(second.received()).isEmpty();

            first.assertStaysOpen(Duration.ofMillis(500));
            assertThat(firstOffer.get("multistream").booleanValue()).isFalse();
            // the first sender's session is intact: it still answers and disconnects normally
            first.send("{\"type\":\"disconnect\",\"reason\":\"NO-ERROR\"}");
            assertThat(first.awaitClose()).isEqualTo(new SignalingClient.Closed(1000, "TYPE-DISCONNECT"));
        }
        // receivers are still welcome on that channel, and once the sender left another one may join
        try (SignalingClient viewer = server.client(); SignalingClient next = server.client()) {
            viewer.send(connect("recvonly", channel));
            viewer.offer();
            next.send(connect("upstream", channel));
            next.offer();
        }
    }

    @Test
    void answerWithGarbageSdpIsRefused() {
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", server.createMultistreamChannel()));
            c.offer();
            c.send("{\"type\":\"answer\",\"sdp\":\"this is not an SDP\"}");
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(REFUSED);
            assertThat(closed.reason()).startsWith("INVALID-ANSWER").hasSizeGreaterThan("INVALID-ANSWER".length());
        }
    }

    @Test
    void answerThatDoesNotMatchTheOfferIsRefused() {
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", server.createMultistreamChannel()));
            c.offer();
            // a well-formed answer to some other offer: one section instead of two
            c.send(SignalingMessages.JSON.createObjectNode().put("type", "answer")
                    .put("sdp", SignalingMessages.answerFor(SignalingMessages.CHROME_CONNECT_SDP
                            .replaceAll("(?s)m=video.*", "").replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0"))));
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(REFUSED);
            assertThat(closed.reason()).startsWith("INVALID-ANSWER");
        }
    }

    @Test
    void answerWithoutSdpIsRefused() {
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", server.createMultistreamChannel()));
            c.offer();
            c.send("{\"type\":\"answer\"}");
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(REFUSED);
            assertThat(closed.reason()).startsWith("INVALID-ANSWER");
        }
    }

    @Test
    void secondAnswerIsRefused() {
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", server.createMultistreamChannel()));
            String answer = SignalingMessages.answerFor(c.offer().get("sdp").asText());
            ObjectNode message = SignalingMessages.JSON.createObjectNode().put("type", "answer").put("sdp", answer);
            c.send(message);
            c.assertStaysOpen(Duration.ofMillis(300));
            c.send(message);
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(REFUSED);
            assertThat(closed.reason()).startsWith("INVALID-ANSWER");
        }
    }

    @Test
    void secondConnectIsRefused() {
        String channel = server.createMultistreamChannel();
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", channel));
            c.offer();
            c.send(connect("sendonly", channel));
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(REFUSED);
            assertThat(closed.reason()).isNotBlank().startsWith("INVALID-MESSAGE");
            assertThat(c.receivedOfType("offer")).as("no second offer").hasSize(1);
        }
    }

    @Test
    void refusedSenderDoesNotOccupyASingleStreamChannel() {
        // a sender refused for its parameters must not count as the channel's one sender
        String channel = server.createSingleStreamChannel();
        ObjectNode h265 = connect("sendonly", channel);
        h265.putObject("video").put("codec_type", "H265");
        refusedBeforeOffer(h265.toString(), "INVALID-VIDEO-CODEC-TYPE");
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", channel));
            c.offer();
        }
    }
}
