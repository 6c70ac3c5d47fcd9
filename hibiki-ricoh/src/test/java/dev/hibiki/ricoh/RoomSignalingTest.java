package dev.hibiki.ricoh;

import dev.hibiki.live.testing.SignalingClient;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static dev.hibiki.ricoh.RicohServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The document's connect message on live's signaling WebSocket: a ticket admits its room and role once, by room id
 * or ticket id; everything else closes the socket with 4490 and a reason. Media is not set up here (no answer is
 * sent): the browser test does that.
 */
class RoomSignalingTest {

    @TempDir
    static Path dataDir;
    static RicohServer server;
    static IssuedClient client;
    static String auth;

    @BeforeAll
    static void start() {
        server = new RicohServer(dataDir, RicohSettings.DEFAULT);
        client = server.newClient(50);
        auth = server.bearer(client);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static String newRoom() {
        return json(server.request("POST", "/v1/rooms", auth, null)).get("id").asText();
    }

    private static JsonNode ticket(String roomId, String direction) {
        var r = server.request("POST", "/v1/rooms/" + roomId + "/tickets", auth, "{\"direction\":\"" + direction + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    /** The document's connect message, verbatim in shape. */
    private static String connect(String role, String channelId, String accessToken) {
        return """
                {"type":"connect","role":"%s","channel_id":"%s","metadata":{"access_token":"%s"}}"""
                .formatted(role, channelId, accessToken);
    }

    private static SignalingClient open(JsonNode ticket) {
        return new SignalingClient(ticket.get("url").asText());
    }

    @Test
    void anUpTicketByRoomIdAndADownTicketByTicketIdGetOffersForTheRoom() throws Exception {
        String room = newRoom();
        JsonNode up = ticket(room, "up");
        assertThat(up.get("url").asText()).isEqualTo(server.server.urls().signalingUrl());
        try (SignalingClient broadcaster = open(up); SignalingClient viewer = open(ticket(room, "down"))) {
            broadcaster.send(connect("upstream", room, up.get("access_token").asText()));
            JsonNode offer = broadcaster.next("offer");
            assertThat(offer.get("channel_id").asText()).isEqualTo(room);
            assertThat(offer.get("sdp").asText()).contains("m=audio").contains("m=video");
            assertThat(offer.get("config").get("iceServers").isArray())
                    .as("the document's client reads msg.config and sets its certificates").isTrue();

            JsonNode down = ticket(room, "down");
            // Keys of older clients, such as plan_b, are ignored.
            viewer.send(connect("downstream", down.get("id").asText(), down.get("access_token").asText())
                    .replace("{\"type\"", "{\"plan_b\":true,\"type\""));
            assertThat(viewer.next("offer").get("channel_id").asText()).isEqualTo(room);
        }
    }

    @Test
    void aRoomRefusesAConnectWithoutATicket() throws Exception {
        String room = newRoom();
        try (SignalingClient c = open(ticket(room, "down"))) {
            c.send("{\"type\":\"connect\",\"role\":\"downstream\",\"channel_id\":\"" + room + "\"}");
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(4490);
            assertThat(closed.reason()).startsWith("INVALID-TICKET").contains("metadata.access_token");
        }
    }

    @Test
    void aReusedExpiredWrongRoleOrOtherRoomsTicketClosesWith4490() throws Exception {
        String room = newRoom();
        JsonNode down = ticket(room, "down");
        String token = down.get("access_token").asText();
        try (SignalingClient first = open(down)) {
            first.send(connect("downstream", room, token));
            first.next("offer");
            assertThat(refusal(connect("downstream", room, token))).contains("used already");
        }
        assertThat(refusal(connect("upstream", room, ticket(room, "down").get("access_token").asText())))
                .contains("down ticket cannot connect as sendonly; use role downstream");
        assertThat(refusal(connect("downstream", newRoom(), ticket(room, "down").get("access_token").asText())))
                .contains("not for this channel_id");
        JsonNode late = ticket(room, "down");
        server.clock.advance(Duration.ofMinutes(6));
        assertThat(refusal(connect("downstream", room, late.get("access_token").asText()))).contains("expired");
    }

    @Test
    void aSecondBroadcasterIsRefusedWhileTheFirstIsInTheRoom() throws Exception {
        String room = newRoom();
        JsonNode first = ticket(room, "up");
        JsonNode second = ticket(room, "up");
        try (SignalingClient broadcaster = open(first)) {
            broadcaster.send(connect("upstream", room, first.get("access_token").asText()));
            broadcaster.next("offer");
            assertThat(refusal(connect("upstream", room, second.get("access_token").asText())))
                    .contains("already has a broadcaster");
            var third = server.request("POST", "/v1/rooms/" + room + "/tickets", auth, "{\"direction\":\"up\"}");
            assertThat(third.statusCode()).isEqualTo(409);
            assertThat(json(third).get("error").get("message").asText()).contains("already has a broadcaster");
        }
    }

    @Test
    void deletingTheRoomClosesItsConnections() throws Exception {
        String room = newRoom();
        JsonNode down = ticket(room, "down");
        try (SignalingClient viewer = open(down)) {
            viewer.send(connect("downstream", room, down.get("access_token").asText()));
            viewer.next("offer");
            assertThat(server.request("DELETE", "/v1/rooms/" + room, auth, null).statusCode()).isEqualTo(204);
            SignalingClient.Closed closed = viewer.awaitClose();
            assertThat(closed.code()).isEqualTo(1000);
            assertThat(closed.reason()).isEqualTo("DISCONNECTED-API");
        }
    }

    @Test
    void aChannelThatIsNoRoomIsNotTheRoomGatesBusiness() throws Exception {
        try (SignalingClient c = new SignalingClient(server.server.urls().signalingUrl())) {
            c.send(connect("downstream", "no-such-channel-or-room", "x"));
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).isEqualTo(4490);
            assertThat(closed.reason()).startsWith("CHANNEL-NOT-FOUND");
        }
    }

    /** The close reason of a connect that must be refused. */
    private static String refusal(String connect) throws Exception {
        try (SignalingClient c = new SignalingClient(server.server.urls().signalingUrl())) {
            c.send(connect);
            SignalingClient.Closed closed = c.awaitClose();
            assertThat(closed.code()).as(closed.reason()).isEqualTo(4490);
            assertThat(closed.reason()).startsWith("INVALID-TICKET: ");
            return closed.reason();
        }
    }
}
