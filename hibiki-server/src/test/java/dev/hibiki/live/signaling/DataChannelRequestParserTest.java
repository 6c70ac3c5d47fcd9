package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data channel keys of {@code connect}, as sora-js-sdk sends them, and their refusals (4490). */
class DataChannelRequestParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConnectRequest parse(String json) throws SignalingException {
        return ConnectRequestParserTest.parse(json);
    }

    @Test
    void readsTheMessagingPageOfSoraJsSdk() throws Exception {
        ConnectRequest r = parse("""
                {"type":"connect","role":"sendrecv","channel_id":"c","audio":false,"video":false,
                 "data_channel_signaling":true,"ignore_disconnect_websocket":true,
                 "data_channels":[{"label":"#example","direction":"sendrecv","compress":true,
                                   "header":[{"type":"sender_connection_id"}]},
                                  {"label":"#lossy","direction":"recvonly","ordered":false,"max_retransmits":0,
                                   "protocol":"chat"}]}""");
        DataChannelPlan plan = r.dataChannels();
        assertThat(plan.signaling()).isTrue();
        assertThat(plan.ignoreDisconnectWebSocket()).isTrue();
        assertThat(plan.any()).isTrue();
        assertThat(plan.messaging()).containsExactly(
                new DataChannelPlan.MessagingLabel("#example", "sendrecv", true, null, null, "", true, true),
                new DataChannelPlan.MessagingLabel("#lossy", "recvonly", false, null, 0, "chat", false, false));
        assertThat(plan.label("#lossy").sends()).isFalse();
        assertThat(plan.label("#lossy").receives()).isTrue();
        assertThat(r.audio()).isFalse();
        assertThat(r.video()).isFalse();
    }

    @Test
    void withoutTheKeysThereAreNoDataChannels() throws Exception {
        ConnectRequest r = parse("{\"type\":\"connect\",\"role\":\"sendonly\",\"channel_id\":\"c\"}");
        assertThat(r.dataChannels()).isEqualTo(DataChannelPlan.NONE);
        assertThat(r.dataChannels().any()).isFalse();
    }

    @Test
    void theServersDefaultsApplyWhereTheConnectIsSilent() throws Exception {
        DataChannelPlan.Defaults both = new DataChannelPlan.Defaults(true, true);
        DataChannelPlan silent = ConnectRequestParser.parse(JSON.readTree(
                "{\"type\":\"connect\",\"role\":\"sendonly\",\"channel_id\":\"c\"}"), both).dataChannels();
        assertThat(silent.signaling()).isTrue();
        assertThat(silent.ignoreDisconnectWebSocket()).isTrue();

        DataChannelPlan off = ConnectRequestParser.parse(JSON.readTree(
                "{\"type\":\"connect\",\"role\":\"sendonly\",\"channel_id\":\"c\",\"data_channel_signaling\":false}"),
                both).dataChannels();
        assertThat(off.signaling()).as("the connect's own word wins").isFalse();
        assertThat(off.ignoreDisconnectWebSocket()).as("the default cannot apply without data channel signaling").isFalse();
        assertThat(off.any()).isFalse();
    }

    @Test
    void anAuthWebhookAnswerOrJwtClaimsMaySetTheDataChannels() throws Exception {
        ConnectRequest asked = parse("{\"type\":\"connect\",\"role\":\"sendrecv\",\"channel_id\":\"c\"}");
        ConnectRequest admitted = AuthOverrides.apply(asked, (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("""
                {"allowed":true,"data_channel_signaling":true,"ignore_disconnect_websocket":true,
                 "data_channels":[{"label":"#ops","direction":"recvonly"}]}"""));
        assertThat(admitted.dataChannels()).isEqualTo(new DataChannelPlan(true, true,
                java.util.List.of(new DataChannelPlan.MessagingLabel("#ops", "recvonly", true, null, null, "", false, false))));

        assertThatThrownBy(() -> AuthOverrides.apply(asked, (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                "{\"allowed\":true,\"data_channels\":[{\"label\":\"ops\"}]}")))
                .isInstanceOf(SignalingException.class)
                .hasMessageStartingWith("INVALID-AUTH-WEBHOOK-RESPONSE: INVALID-DATA-CHANNELS: data_channels[0].label must start with #");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"data_channel_signaling\":\"yes\"                                  | data_channel_signaling must be true or false",
            "\"ignore_disconnect_websocket\":true                                | ignore_disconnect_websocket needs data_channel_signaling: true",
            "\"data_channels\":{}                                                | data_channels must be an array",
            "\"data_channels\":[1]                                               | data_channels[0] must be an object",
            "\"data_channels\":[{\"label\":\"signaling\"}]                       | data_channels[0].label must start with #",
            "\"data_channels\":[{\"label\":\"#\"}]                               | data_channels[0].label must start with #",
            "\"data_channels\":[{\"label\":\"#a\",\"direction\":\"both\"}]       | data_channels[0].direction must be sendrecv, sendonly or recvonly",
            "\"data_channels\":[{\"label\":\"#a\",\"max_retransmits\":-1}]       | data_channels[0].max_retransmits must be an integer from 0 to 65535",
            "\"data_channels\":[{\"label\":\"#a\",\"max_retransmits\":1,\"max_packet_life_time\":5}] | data_channels[0] may have max_packet_life_time or max_retransmits, not both",
            "\"data_channels\":[{\"label\":\"#a\",\"header\":[{\"type\":\"x\"}]}] | data_channels[0].header entries must be",
            "\"data_channels\":[{\"label\":\"#a\"},{\"label\":\"#a\"}]           | data_channels has the label #a twice",
    })
    void refusesWhatItCannotHonour(String keys, String message) {
        assertThatThrownBy(() -> parse("{\"type\":\"connect\",\"role\":\"sendrecv\",\"channel_id\":\"c\"," + keys + "}"))
                .isInstanceOf(SignalingException.class)
                .hasMessageStartingWith("INVALID-DATA-CHANNELS: " + message)
                .satisfies(e -> assertThat(((SignalingException) e).closeCode()).isEqualTo(4490));
    }

    @Test
    void aLabelLongerThan32CharactersIsRefused() {
        String label = "#" + "a".repeat(32);
        assertThatThrownBy(() -> parse("{\"type\":\"connect\",\"role\":\"sendrecv\",\"channel_id\":\"c\","
                + "\"data_channels\":[{\"label\":\"" + label + "\"}]}"))
                .hasMessageContaining("2 to 32 characters");
    }

    @Test
    void noMediaNeedsMessaging() {
        assertThatThrownBy(() -> parse("{\"type\":\"connect\",\"role\":\"sendrecv\",\"channel_id\":\"c\","
                + "\"audio\":false,\"video\":false,\"data_channel_signaling\":true}"))
                .hasMessageStartingWith("INVALID-MEDIA");
    }

    @Test
    void compressedMessagesRoundTripAndBombsAreRefused() {
        byte[] text = "hello ".repeat(1000).getBytes(StandardCharsets.UTF_8);
        byte[] deflated = ZlibMessages.deflate(text);
        assertThat(deflated.length).isLessThan(text.length);
        assertThat(deflated[0]).as("zlib header (RFC 1950), as CompressionStream('deflate') writes").isEqualTo((byte) 0x78);
        assertThat(ZlibMessages.inflate(deflated)).isEqualTo(text);

        byte[] bomb = ZlibMessages.deflate(new byte[ZlibMessages.MAX_MESSAGE + 1]);
        assertThat(ZlibMessages.inflate(bomb)).as("inflates beyond max-message-size").isNull();
        assertThat(ZlibMessages.inflate("not zlib".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(ZlibMessages.inflate(java.util.Arrays.copyOf(deflated, deflated.length / 2))).as("truncated").isNull();
    }
}
