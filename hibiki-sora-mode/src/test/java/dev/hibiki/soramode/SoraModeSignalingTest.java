package dev.hibiki.soramode;

import dev.hibiki.live.testing.SignalingClient;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sora mode with a secret key: any channel id opens on connect, admitted by the key itself or an HS256 JWT signed
 * with it (its claims are payouts: metadata reaches the offer); everything else closes with 4490.
 */
class SoraModeSignalingTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    static Path dataDir;
    static SoraModeServer server;

    @BeforeAll
    static void start() {
        server = new SoraModeServer(dataDir, new SoraModeSettings(true, SECRET, null, null, false),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static String jwt(String secret, String claims) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String connect(String channelId, String accessToken) {
        String metadata = accessToken == null ? "" : ",\"metadata\":{\"access_token\":\"" + accessToken + "\"}";
        return "{\"type\":\"connect\",\"role\":\"sendrecv\",\"channel_id\":\"" + channelId + "\"" + metadata + "}";
    }

    private static JsonNode offer(String connect) throws Exception {
        try (SignalingClient c = new SignalingClient(server.signalingUrl())) {
            c.send(connect);
            return c.next("offer");
        }
    }

    private static String refusal(String connect) throws Exception {
        try (SignalingClient c = new SignalingClient(server.signalingUrl())) {
            c.send(connect);
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).as(closed.reason()).isEqualTo(4490);
            return closed.reason();
        }
    }

    @Test
    void theSecretKeyOpensAnyChannel() throws Exception {
        JsonNode offer = offer(connect("sora", SECRET));
        assertThat(offer.get("channel_id").asText()).isEqualTo("sora");
        assertThat(offer.get("multistream").asBoolean()).isTrue();
        assertThat(offer.get("metadata").isNull()).isTrue();
    }

    @Test
    void aJwtSignedWithTheKeyOpensItsChannelAndItsClaimsArePayouts() throws Exception {
        long exp = NOW.getEpochSecond() + 60;
        String token = jwt(SECRET, "{\"channel_id\":\"room-1\",\"exp\":" + exp + ",\"metadata\":{\"name\":\"alice\"},"
                + "\"client_id\":\"alice-phone\"}");
        JsonNode offer = offer(connect("room-1", token));
        assertThat(offer.get("metadata").get("name").asText()).isEqualTo("alice");
        assertThat(offer.get("client_id").asText()).isEqualTo("alice-phone");
        assertThat(offer.get("metadata").has("exp")).isFalse();
        assertThat(offer.get("config").get("iceTransportPolicy").asText()).as("the server's").isEqualTo("all");

        String relay = jwt(SECRET, "{\"exp\":" + exp + ",\"ice_transport_policy\":\"relay\"}");
        assertThat(offer(connect("room-1b", relay)).get("config").get("iceTransportPolicy").asText())
                .as("a claim overrides it as an auth webhook's answer would").isEqualTo("relay");
    }

    @Test
    void badTokensAreRefusedWithTheReason() throws Exception {
        long exp = NOW.getEpochSecond() + 60;
        assertThat(refusal(connect("room-2", null))).startsWith("INVALID-ACCESS-TOKEN").contains("required");
        assertThat(refusal(connect("room-2", "not-the-key"))).contains("neither the key nor a JWT");
        assertThat(refusal(connect("room-2", jwt("another-secret-another-secret-xx", "{\"exp\":" + exp + "}"))))
                .contains("signature does not match");
        assertThat(refusal(connect("room-2", jwt(SECRET, "{\"exp\":" + (NOW.getEpochSecond() - 1) + "}"))))
                .contains("expired");
        assertThat(refusal(connect("room-2", jwt(SECRET, "{\"channel_id\":\"room-3\",\"exp\":" + exp + "}"))))
                .contains("another channel_id");
        assertThat(refusal(connect("room-2", jwt(SECRET, "{\"nbf\":" + (NOW.getEpochSecond() + 30) + "}"))))
                .contains("not valid yet");
    }

    @Test
    void twoPeersShareAChannelThatLivesWhileTheyAreConnected() throws Exception {
        try (SignalingClient alice = new SignalingClient(server.signalingUrl());
             SignalingClient bob = new SignalingClient(server.signalingUrl())) {
            alice.send(connect("meeting", SECRET));
            String aliceSession = alice.next("offer").get("session_id").asText();
            bob.send(connect("meeting", SECRET));
            assertThat(bob.next("offer").get("session_id").asText()).as("one channel, one session").isEqualTo(aliceSession);
        }
    }
}
