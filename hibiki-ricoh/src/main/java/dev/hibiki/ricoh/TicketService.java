package dev.hibiki.ricoh;

import dev.hibiki.live.signaling.ChannelConnections;
import dev.hibiki.live.signaling.Role;
import dev.hibiki.platform.persistence.RandomIds;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Single-use signaling tickets of a room. The API issues them; the signaling side redeems one when a client sends
 * its {@code connect} message with the ticket token in {@code metadata.access_token}.
 */
public final class TicketService {

    private final Jdbi jdbi;
    private final RoomService rooms;
    private final ChannelConnections connections;
    private final Duration ttl;
    private final Clock clock;

    public TicketService(Jdbi jdbi, RoomService rooms, ChannelConnections connections, Duration ttl, Clock clock) {
        this.jdbi = jdbi;
        this.rooms = rooms;
        this.connections = connections;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * Issues a ticket for the room; expired tickets of the room are swept on the way.
     *
     * @throws TicketRefusedException for an up ticket while the room already has its broadcaster
     */
    public IssuedTicket issue(Room room, Direction direction) {
        if (direction == Direction.UP && hasBroadcaster(room)) {
            throw new TicketRefusedException("the room already has a broadcaster; one up ticket is in use per room");
        }
        String id = UUID.randomUUID().toString();
        String token = RandomIds.base64Url(32);
        OffsetDateTime now = Times.now(clock);
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM tickets WHERE room_id = :room AND used_at IS NULL AND expires_at <= :now")
                    .bind("room", room.id()).bind("now", now).execute();
            h.createUpdate("""
                            INSERT INTO tickets (id, token_hash, room_id, direction, expires_at)
                            VALUES (:id, :hash, :room, :direction, :exp)""")
                    .bind("id", id).bind("hash", SecretHash.of(token)).bind("room", room.id())
                    .bind("direction", direction.apiName()).bind("exp", now.plus(ttl)).execute();
        });
        return new IssuedTicket(id, token, room, direction);
    }

    /**
     * Uses up the ticket whose token this is, for a connection to {@code channelId} (the room id, or the ticket id
     * as the document's example sends) in {@code role}.
     *
     * @return the room, whose channel the connection joins
     * @throws TicketRefusedException with the reason when the ticket is unknown, for another room or role, used,
     *                                expired, its room is gone, or the room already has its broadcaster
     */
    public Room redeem(String channelId, String token, Role role) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            throw new TicketRefusedException("metadata.access_token must be a ticket token from POST /v1/rooms/{id}/tickets");
        }
        record Stored(String id, String roomId, String direction, OffsetDateTime expiresAt, OffsetDateTime usedAt) {
        }
        Stored ticket = jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, room_id, direction, expires_at, used_at FROM tickets WHERE token_hash = :hash")
                .bind("hash", SecretHash.of(token))
                .map((rs, ctx) -> new Stored(rs.getString("id"), rs.getString("room_id"), rs.getString("direction"),
                        rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("used_at", OffsetDateTime.class)))
                .findOne())
                .orElseThrow(() -> new TicketRefusedException("unknown ticket token"));
        if (!ticket.roomId().equals(channelId) && !ticket.id().equals(channelId)) {
            throw new TicketRefusedException("the ticket is not for this channel_id (send the room id or the ticket id)");
        }
        Direction direction = Direction.fromApi(ticket.direction()).orElseThrow();
        if (!direction.admits(role)) {
            throw new TicketRefusedException("a " + direction.apiName() + " ticket cannot connect as " + role.wire()
                    + "; use role " + direction.roleName());
        }
        if (ticket.usedAt() != null) throw new TicketRefusedException("the ticket was used already; tickets are single-use");
        OffsetDateTime now = Times.now(clock);
        if (!ticket.expiresAt().isAfter(now)) throw new TicketRefusedException("the ticket expired; create a new one");
        Room room = rooms.findLive(ticket.roomId())
                .orElseThrow(() -> new TicketRefusedException("the ticket's room was deleted"));
        if (direction == Direction.UP && hasBroadcaster(room)) {
            throw new TicketRefusedException("the room already has a broadcaster");
        }
        int claimed = jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE tickets SET used_at = :now WHERE id = :id AND used_at IS NULL")
                .bind("now", now).bind("id", ticket.id()).execute());
        if (claimed == 0) throw new TicketRefusedException("the ticket was used already; tickets are single-use");
        return room;
    }

    /** A broadcaster counts from the moment it joins, so that a second up ticket cannot slip in while it connects. */
    private boolean hasBroadcaster(Room room) {
        return connections.joined(room.channelId(), Role.SENDONLY) > 0;
    }
}
