package dev.hibiki.ricoh;

import dev.hibiki.live.channel.ChannelKind;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.channel.ChannelSpec;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Rooms, each backed by a multistream channel that the client's platform token owns, so that live's signaling,
 * SFU and webhooks serve it as any other channel. Another client's room behaves exactly like one that does not
 * exist.
 */
public final class RoomService {

    private final Jdbi jdbi;
    private final ChannelService channels;
    private final Clock clock;

    public RoomService(Jdbi jdbi, ChannelService channels, Clock clock) {
        this.jdbi = jdbi;
        this.channels = channels;
        this.clock = clock;
    }

    /** @throws RoomLimitReachedException when the client owns {@code max_rooms} rooms already */
    public Room create(ApiClient client) {
        // Checked first so that a client at its limit creates no channel; checked again under the lock below.
        if (owned(client.id()) >= client.maxRooms()) throw new RoomLimitReachedException(client.maxRooms());
        // The channel is created outside the transaction: ChannelService takes a connection of its own, and holding
        // one while waiting for another would starve the pool under concurrent creations.
        // The document's room ids are UUIDs; 122 random bits are as unguessable as a generated channel id.
        Room room = new Room(UUID.randomUUID().toString(), client.id(), Times.now(clock));
        String channelId = channels.create(client.ownerTokenId(),
                new ChannelSpec(ChannelKind.MULTISTREAM, List.of(), null, null, null, null), room.id()).id();
        try {
            jdbi.useTransaction(h -> {
                // The client's row is the lock that keeps two concurrent creations from both passing the limit.
                int maxRooms = h.createQuery("SELECT max_rooms FROM api_clients WHERE id = :id FOR UPDATE")
                        .bind("id", client.id()).mapTo(Integer.class).one();
                int owned = h.createQuery("SELECT COUNT(*) FROM rooms WHERE client_id = :id AND deleted_at IS NULL")
                        .bind("id", client.id()).mapTo(Integer.class).one();
                if (owned >= maxRooms) throw new RoomLimitReachedException(maxRooms);
                h.createUpdate("""
                                INSERT INTO rooms (id, client_id, created_at)
                                VALUES (:id, :client, :at)""")
                        .bind("id", room.id()).bind("client", room.clientId())
                        .bind("at", room.createdAt()).execute();
            });
        } catch (RuntimeException e) {
            channels.delete(client.ownerTokenId(), channelId);
            throw e;
        }
        return room;
    }

    private int owned(String clientId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM rooms WHERE client_id = :id AND deleted_at IS NULL")
                .bind("id", clientId).mapTo(Integer.class).one());
    }

    /** Whether {@code id} names a room (deleted or not) or a ticket of one: signaling then needs a ticket. */
    public boolean namesRoomOrTicket(String id) {
        if (id == null || id.length() > 64) return false;
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT (SELECT COUNT(*) FROM rooms WHERE id = :id) + (SELECT COUNT(*) FROM tickets WHERE id = :id)")
                .bind("id", id).mapTo(Integer.class).one()) > 0;
    }

    /** The client's rooms, oldest first. */
    public List<Room> list(String clientId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " AND client_id = :client ORDER BY created_at, id")
                .bind("client", clientId).map((rs, ctx) -> read(rs)).list());
    }

    /** The client's room with this id, unless it was deleted. */
    public Optional<Room> find(String clientId, String roomId) {
        return findLive(roomId).filter(r -> r.clientId().equals(clientId));
    }

    /** The room with this id, whoever owns it, unless it was deleted: for signaling, where the ticket decides. */
    public Optional<Room> findLive(String roomId) {
        if (roomId == null || roomId.length() > 64) return Optional.empty();
        return jdbi.withHandle(h -> h.createQuery(SELECT + " AND id = :id")
                .bind("id", roomId).map((rs, ctx) -> read(rs)).findOne());
    }

    /**
     * Deletes the client's room and its channel for good; the ids stay reserved.
     *
     * @return the deleted room, or empty when the client has no such room
     */
    public Optional<Room> delete(ApiClient client, String roomId) {
        Optional<Room> room = find(client.id(), roomId);
        if (room.isEmpty()) return Optional.empty();
        int updated = jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE rooms SET deleted_at = :now WHERE id = :id AND deleted_at IS NULL")
                .bind("now", Times.now(clock)).bind("id", roomId).execute());
        if (updated == 0) return Optional.empty();
        channels.delete(client.ownerTokenId(), room.get().channelId());
        return room;
    }

    private static final String SELECT = "SELECT id, client_id, created_at FROM rooms WHERE deleted_at IS NULL";

    private static Room read(ResultSet rs) throws SQLException {
        return new Room(rs.getString("id"), rs.getString("client_id"), rs.getObject("created_at", OffsetDateTime.class));
    }
}
