package dev.hibiki.ricoh;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.hibiki.ricoh.RicohServer.basic;
import static dev.hibiki.ricoh.RicohServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/** /v1/rooms and their tickets, as the document's curl flow calls them, and every error they answer. */
class RoomsApiTest {

    @TempDir
    static Path dataDir;
    static RicohServer server;

    @BeforeAll
    static void start() {
        server = new RicohServer(dataDir, RicohSettings.DEFAULT);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static JsonNode createRoom(String auth) {
        HttpResponse<String> r = server.request("POST", "/v1/rooms", auth, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static String errorCode(HttpResponse<String> r) {
        return json(r).get("error").get("code").asText();
    }

    @Test
    void aRoomIsCreatedDescribedListedAndDeleted() {
        String auth = server.bearer(server.newClient(5));
        JsonNode room = createRoom(auth);
        String id = room.get("id").asText();
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(room.get("up_count").asInt()).isZero();
        assertThat(room.get("down_count").asInt()).isZero();
        assertThat(room.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        HttpResponse<String> described = server.request("GET", "/v1/rooms/" + id, auth, null);
        assertThat(described.statusCode()).isEqualTo(200);
        assertThat(json(described)).isEqualTo(room);

        JsonNode second = createRoom(auth);
        HttpResponse<String> listed = server.request("GET", "/v1/rooms", auth, null);
        assertThat(listed.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(listed).forEach(r -> ids.add(r.get("id").asText()));
        assertThat(ids).containsExactly(id, second.get("id").asText());

        HttpResponse<String> deleted = server.request("DELETE", "/v1/rooms/" + id, auth, null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        HttpResponse<String> gone = server.request("GET", "/v1/rooms/" + id, auth, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(errorCode(gone)).isEqualTo("NOT_FOUND");
        assertThat(server.request("DELETE", "/v1/rooms/" + id, auth, null).statusCode()).isEqualTo(404);
    }

    @Test
    void anotherClientsRoomIsLikeOneThatDoesNotExist() {
        String mine = server.bearer(server.newClient(5));
        String theirs = server.bearer(server.newClient(5));
        String id = createRoom(theirs).get("id").asText();
        for (HttpResponse<String> r : List.of(
                server.request("GET", "/v1/rooms/" + id, mine, null),
                server.request("DELETE", "/v1/rooms/" + id, mine, null),
                server.request("POST", "/v1/rooms/" + id + "/tickets", mine, "{\"direction\":\"down\"}"))) {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(errorCode(r)).isEqualTo("NOT_FOUND");
        }
        assertThat(json(server.request("GET", "/v1/rooms", mine, null))).isEmpty();
        assertThat(server.request("GET", "/v1/rooms/" + id, theirs, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownRoomIsNotFound() {
        String auth = server.bearer(server.newClient(5));
        HttpResponse<String> r = server.request("GET", "/v1/rooms/a39jcbc5-053c-4873-a7c0-0b20c3948472", auth, null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(errorCode(r)).isEqualTo("NOT_FOUND");
        assertThat(json(r).get("error").get("message").asText()).contains("no room");
        HttpResponse<String> t = server.request("POST", "/v1/rooms/unknown/tickets", auth, "{\"direction\":\"up\"}");
        assertThat(t.statusCode()).isEqualTo(404);
    }

    @Test
    void aClientOwnsAtMostItsPlansRooms() {
        String auth = server.bearer(server.newClient(2));
        String first = createRoom(auth).get("id").asText();
        createRoom(auth);
        HttpResponse<String> over = server.request("POST", "/v1/rooms", auth, null);
        assertThat(over.statusCode()).isEqualTo(403);
        assertThat(errorCode(over)).isEqualTo("ROOM_LIMIT_REACHED");
        assertThat(json(over).get("error").get("message").asText()).contains("at most 2 rooms");
        assertThat(server.request("DELETE", "/v1/rooms/" + first, auth, null).statusCode()).isEqualTo(204);
        createRoom(auth);
    }

    @Test
    void concurrentCreationsStopAtTheLimit() throws Exception {
        String auth = server.bearer(server.newClient(3));
        List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                statuses.add(pool.submit(() -> server.request("POST", "/v1/rooms", auth, null).statusCode()));
            }
        }
        List<Integer> codes = new ArrayList<>();
        for (var f : statuses) codes.add(f.get());
        assertThat(codes).filteredOn(c -> c == 200).hasSize(3);
        assertThat(codes).filteredOn(c -> c == 403).hasSize(5);
        assertThat(json(server.request("GET", "/v1/rooms", auth, null))).hasSize(3);
    }

    @Test
    void upAndDownTicketsCarryATokenAnIdAndTheSignalingUrl() {
        IssuedClient client = server.newClient(5);
        String auth = server.bearer(client);
        String room = createRoom(auth).get("id").asText();
        HttpResponse<String> up = server.request("POST", "/v1/rooms/" + room + "/tickets", auth, "{\"direction\":\"up\"}");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
        JsonNode ticket = json(up);
        assertThat(ticket.get("access_token").asText()).isNotBlank();
        assertThat(ticket.get("id").asText()).isNotBlank().isNotEqualTo(room);
        assertThat(ticket.get("url").asText()).startsWith("ws://").endsWith("/signaling");
        // The document's down-ticket example authenticates with Basic client credentials.
        HttpResponse<String> down = server.request("POST", "/v1/rooms/" + room + "/tickets", basic(client),
                "{\"direction\":\"down\"}");
        assertThat(down.statusCode()).as(down.body()).isEqualTo(200);
        assertThat(json(down).get("access_token").asText()).isNotEqualTo(ticket.get("access_token").asText());
    }

    @Test
    void aBadOrMissingDirectionIsRefused() {
        String auth = server.bearer(server.newClient(5));
        String room = createRoom(auth).get("id").asText();
        HttpResponse<String> sideways = server.request("POST", "/v1/rooms/" + room + "/tickets", auth, "{\"direction\":\"sideways\"}");
        assertThat(sideways.statusCode()).isEqualTo(400);
        assertThat(errorCode(sideways)).isEqualTo("INVALID_PARAMETER");
        HttpResponse<String> number = server.request("POST", "/v1/rooms/" + room + "/tickets", auth, "{\"direction\":1}");
        assertThat(errorCode(number)).isEqualTo("INVALID_PARAMETER");
        HttpResponse<String> missing = server.request("POST", "/v1/rooms/" + room + "/tickets", auth, "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(errorCode(missing)).isEqualTo("MISSING_PARAMETER");
        HttpResponse<String> notJson = server.request("POST", "/v1/rooms/" + room + "/tickets", auth, "direction=up");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(errorCode(notJson)).isEqualTo("INVALID_JSON");
    }

    @Test
    void basicCredentialsWorkOnEveryRoomsEndpointButAWrongSecretDoesNot() {
        IssuedClient client = server.newClient(5);
        HttpResponse<String> created = server.request("POST", "/v1/rooms", basic(client), null);
        assertThat(created.statusCode()).isEqualTo(200);
        IssuedClient wrong = new IssuedClient(client.client(), "wrong");
        HttpResponse<String> refused = server.request("GET", "/v1/rooms", basic(wrong), null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(errorCode(refused)).isEqualTo("INVALID_TOKEN");
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    }
}
