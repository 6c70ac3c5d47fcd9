package dev.hibiki.ricoh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.live.signaling.ConnectGate;
import dev.hibiki.live.signaling.Role;
import dev.hibiki.live.signaling.SignalingException;

/**
 * Signaling's check of a RICOH client's {@code connect}: a {@code channel_id} that names a room, or a ticket of one
 * (the document shows both), joins the room's channel only with that room's unused, unexpired ticket for the role
 * in {@code metadata.access_token}. Any other channel id is not the RICOH API's business.
 */
final class RoomTicketGate implements ConnectGate {

    private final RoomService rooms;
    private final TicketService tickets;

    RoomTicketGate(RoomService rooms, TicketService tickets) {
        this.rooms = rooms;
        this.tickets = tickets;
    }

    @Override
    public Admission admit(String channelId, Role role, JsonNode metadata) throws SignalingException {
        if (!rooms.namesRoomOrTicket(channelId)) return null;
        JsonNode token = metadata == null ? null : metadata.get("access_token");
        if (token == null || !token.isTextual()) {
            throw new SignalingException("INVALID-TICKET: a room takes connections with a ticket: send"
                    + " metadata.access_token from POST /v1/rooms/{id}/tickets");
        }
        try {
            // The document's client answers no ping; its media's ICE consent tells when it is gone.
            return new Admission(tickets.redeem(channelId, token.textValue(), role).channelId(), false);
        } catch (TicketRefusedException e) {
            throw new SignalingException("INVALID-TICKET: " + e.getMessage());
        }
    }
}
