package dev.hibiki.live.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static dev.hibiki.live.signaling.SignalingMessages.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signaling on PostgreSQL (bin/test provides one; skipped without it): the channel lookup behind {@code connect}
 * copes with every channel_id a client can send, including what PostgreSQL text cannot hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignalingPostgresTest {

    @TempDir
    static Path dataDir;
    private LiveServer server;

    @BeforeAll
    void start() {
        server = LiveServer.start(dataDir, TestDatabases.freshPostgres());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    @Test
    void connectGetsAnOffer() {
        String channel = server.createMultistreamChannel();
        try (SignalingClient c = server.client()) {
            c.send(connect("sendonly", channel));
            JsonNode offer = c.offer();
            assertThat(offer.get("channel_id").asText()).isEqualTo(channel);
        }
    }

    /** channel_id values as JSON string literals (escapes included, so lone surrogates reach the server). */
    @ParameterizedTest
    @ValueSource(strings = {"a\\u0000b", "\\u0000", "\\ud800", "x\\udc00y", "\\udfff\\ud800", "' OR '1'='1", "%",
            "_________________________", "\u3042\u3042\u3042", "\uD83D\uDE00", "\\t\\r\\n", "\u007f", "\\u0085",
            "a\\\\b"})
    void hostileChannelIdsAreRefusedCleanly(String channelIdLiteral) {
        try (SignalingClient c = server.client()) {
            c.send("{\"type\":\"connect\",\"role\":\"sendonly\",\"channel_id\":\"" + channelIdLiteral + "\"}");
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(4490);
            assertThat(closed.reason()).as("a refusal, not a database failure")
                    .matches("(?s)(CHANNEL-NOT-FOUND|INVALID-CHANNEL-ID): .+");
            assertThat(c.received()).isEmpty();
        }
    }
}
