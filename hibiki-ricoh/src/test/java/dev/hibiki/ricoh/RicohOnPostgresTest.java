package dev.hibiki.ricoh;

import dev.hibiki.live.testing.SignalingClient;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.platform.config.DatabaseSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import static dev.hibiki.ricoh.RicohServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RICOH API's SQL on PostgreSQL (the other tests use the embedded H2): token, the room limit's row lock, tickets
 * and their redemption through signaling, listing and deleting. bin/test starts PostgreSQL and passes its admin URL
 * in HIBIKI_TEST_PG_URL; each run gets a database of its own.
 */
class RicohOnPostgresTest {

    @TempDir
    static Path dataDir;
    static RicohServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new RicohServer(dataDir, RicohSettings.DEFAULT, List.of(), freshPostgres());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void theWholeFlowRunsOnPostgres() throws Exception {
        IssuedClient client = server.newClient(1);
        String auth = server.bearer(client);
        String room = json(server.request("POST", "/v1/rooms", auth, null)).get("id").asText();
        var second = server.request("POST", "/v1/rooms", auth, null);
        assertThat(second.statusCode()).isEqualTo(403);
        assertThat(json(second).get("error").get("code").asText()).isEqualTo("ROOM_LIMIT_REACHED");

        JsonNode down = json(server.request("POST", "/v1/rooms/" + room + "/tickets", auth, "{\"direction\":\"down\"}"));
        try (SignalingClient viewer = new SignalingClient(down.get("url").asText())) {
            viewer.send("{\"type\":\"connect\",\"role\":\"downstream\",\"channel_id\":\"" + down.get("id").asText()
                    + "\",\"metadata\":{\"access_token\":\"" + down.get("access_token").asText() + "\"}}");
            assertThat(viewer.next("offer").get("channel_id").asText()).isEqualTo(room);
        }
        JsonNode listed = json(server.request("GET", "/v1/rooms", auth, null));
        assertThat(listed).extracting(r -> r.get("id").asText()).containsExactly(room);
        assertThat(server.request("DELETE", "/v1/rooms/" + room, auth, null).statusCode()).isEqualTo(204);
        assertThat(server.request("GET", "/v1/rooms/" + room, auth, null).statusCode()).isEqualTo(404);
        assertThat(server.request("POST", "/v1/rooms", auth, null).statusCode()).as("the deleted room frees the plan")
                .isEqualTo(200);
    }

    private static DatabaseSettings freshPostgres() throws Exception {
        String admin = System.getenv("HIBIKI_TEST_PG_URL");
        if (admin == null || admin.isBlank()) {
            if (System.getenv("CI") != null) throw new IllegalStateException("HIBIKI_TEST_PG_URL is not set: run bin/test");
            Assumptions.abort("HIBIKI_TEST_PG_URL not set; run bin/test to include the PostgreSQL tests");
        }
        String name = "hibiki_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new DatabaseSettings(admin.replaceFirst("/postgres(\\?|$)", "/" + name + "$1"), "", "", 4, false);
    }
}
