package dev.hibiki.ricoh;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the signaling side will ask when a client connects with a ticket: the right room (by room id or ticket id)
 * and role, once, before it expires.
 */
class TicketRedemptionTest {

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

    private static Room newRoom() {
        IssuedClient c = server.newClient(5);
        String id = RicohServer.json(server.request("POST", "/v1/rooms", RicohServer.basic(c), null)).get("id").asText();
        return roomOf(c, id);
    }

    /** The room as the API created it; issuing a ticket needs only its id (and its channel for the counts). */
    private static Room roomOf(IssuedClient c, String id) {
        return new Room(id, c.client().id(), "unused", null);
    }

    private static IssuedTicket ticket(Room room, Direction direction) {
        return server.ricoh.tickets().issue(room, direction);
    }

    @Test
    void anUpTicketConnectsUpstreamOnceByRoomIdOrTicketId() {
        Room room = newRoom();
        IssuedTicket up = ticket(room, Direction.UP);
        Room joined = server.ricoh.tickets().redeem(room.id(), up.token(), "upstream");
        assertThat(joined.id()).isEqualTo(room.id());
        assertThat(joined.channelId()).isNotBlank();

        IssuedTicket down = ticket(room, Direction.DOWN);
        assertThat(server.ricoh.tickets().redeem(down.id(), down.token(), "downstream").id()).isEqualTo(room.id());
        IssuedTicket legacy = ticket(room, Direction.DOWN);
        assertThat(server.ricoh.tickets().redeem(room.id(), legacy.token(), "recvonly").id()).isEqualTo(room.id());
    }

    @Test
    void aReusedTicketIsRefused() {
        Room room = newRoom();
        IssuedTicket down = ticket(room, Direction.DOWN);
        server.ricoh.tickets().redeem(room.id(), down.token(), "downstream");
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(room.id(), down.token(), "downstream"))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("used already");
    }

    @Test
    void anExpiredTicketIsRefused() {
        Room room = newRoom();
        IssuedTicket down = ticket(room, Direction.DOWN);
        server.clock.advance(Duration.ofSeconds(301));
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(room.id(), down.token(), "downstream"))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("expired");
    }

    @Test
    void aTicketOfTheWrongRoleIsRefused() {
        Room room = newRoom();
        IssuedTicket down = ticket(room, Direction.DOWN);
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(room.id(), down.token(), "upstream"))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("down ticket cannot connect as upstream");
        IssuedTicket up = ticket(room, Direction.UP);
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(room.id(), up.token(), "sendrecv"))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("up ticket");
        // A refusal for the role does not use the ticket up.
        assertThat(server.ricoh.tickets().redeem(room.id(), up.token(), "sendonly").id()).isEqualTo(room.id());
    }

    @Test
    void aTicketForAnotherRoomOrAnUnknownTokenIsRefused() {
        Room room = newRoom();
        Room other = newRoom();
        IssuedTicket down = ticket(room, Direction.DOWN);
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(other.id(), down.token(), "downstream"))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("not for this channel_id");
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(room.id(), "made-up", "downstream"))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("unknown ticket");
    }

    @Test
    void aTicketOfADeletedRoomIsRefused() {
        IssuedClient c = server.newClient(5);
        String id = RicohServer.json(server.request("POST", "/v1/rooms", RicohServer.basic(c), null)).get("id").asText();
        Room room = roomOf(c, id);
        IssuedTicket down = ticket(room, Direction.DOWN);
        assertThat(server.request("DELETE", "/v1/rooms/" + id, RicohServer.basic(c), null).statusCode()).isEqualTo(204);
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(id, down.token(), "downstream"))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("deleted");
    }
}
