package dev.hibiki.ricoh;

import dev.hibiki.live.signaling.Role;
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

    /** The room as the API created it; issuing a ticket needs only its id. */
    private static Room roomOf(IssuedClient c, String id) {
        return new Room(id, c.client().id(), null);
    }

    private static IssuedTicket ticket(Room room, Direction direction) {
        return server.ricoh.tickets().issue(room, direction);
    }

    @Test
    void anUpTicketConnectsUpstreamOnceByRoomIdOrTicketId() {
        Room room = newRoom();
        IssuedTicket up = ticket(room, Direction.UP);
        Room joined = server.ricoh.tickets().redeem(room.id(), up.token(), Role.SENDONLY);
        assertThat(joined.id()).isEqualTo(room.id());
        assertThat(joined.channelId()).as("the room's channel has the room's id").isEqualTo(room.id());

        IssuedTicket down = ticket(room, Direction.DOWN);
        assertThat(server.ricoh.tickets().redeem(down.id(), down.token(), Role.RECVONLY).id()).isEqualTo(room.id());
        IssuedTicket sora = ticket(room, Direction.DOWN);
        assertThat(server.ricoh.tickets().redeem(room.id(), sora.token(), Role.RECVONLY).id()).isEqualTo(room.id());
    }

    @Test
    void aReusedTicketIsRefused() {
        Room room = newRoom();
        IssuedTicket down = ticket(room, Direction.DOWN);
        server.ricoh.tickets().redeem(room.id(), down.token(), Role.RECVONLY);
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(room.id(), down.token(), Role.RECVONLY))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("used already");
    }

    @Test
    void anExpiredTicketIsRefused() {
        Room room = newRoom();
        IssuedTicket down = ticket(room, Direction.DOWN);
        server.clock.advance(Duration.ofSeconds(301));
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(room.id(), down.token(), Role.RECVONLY))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("expired");
    }

    @Test
    void aTicketOfTheWrongRoleIsRefused() {
        Room room = newRoom();
        IssuedTicket down = ticket(room, Direction.DOWN);
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(room.id(), down.token(), Role.SENDONLY))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("down ticket cannot connect as sendonly; use role downstream");
        IssuedTicket up = ticket(room, Direction.UP);
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(room.id(), up.token(), Role.SENDRECV))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("up ticket");
        // A refusal for the role does not use the ticket up.
        assertThat(server.ricoh.tickets().redeem(room.id(), up.token(), Role.SENDONLY).id()).isEqualTo(room.id());
    }

    @Test
    void aTicketForAnotherRoomOrAnUnknownTokenIsRefused() {
        Room room = newRoom();
        Room other = newRoom();
        IssuedTicket down = ticket(room, Direction.DOWN);
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(other.id(), down.token(), Role.RECVONLY))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("not for this channel_id");
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(room.id(), "made-up", Role.RECVONLY))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("unknown ticket");
    }

    @Test
    void aTicketOfADeletedRoomIsRefused() {
        IssuedClient c = server.newClient(5);
        String id = RicohServer.json(server.request("POST", "/v1/rooms", RicohServer.basic(c), null)).get("id").asText();
        Room room = roomOf(c, id);
        IssuedTicket down = ticket(room, Direction.DOWN);
        assertThat(server.request("DELETE", "/v1/rooms/" + id, RicohServer.basic(c), null).statusCode()).isEqualTo(204);
        assertThatThrownBy(() -> server.ricoh.tickets().redeem(id, down.token(), Role.RECVONLY))
                .isInstanceOf(TicketRefusedException.class).hasMessageContaining("deleted");
    }
}
