package dev.hibiki.ricoh;

import java.time.OffsetDateTime;

/**
 * A room of the RICOH API, owned by one API client. The room is a multistream channel of the live feature whose id
 * is the room's id, so that signaling, its notifies and the SFU name the room as its clients know it.
 */
public record Room(String id, String clientId, OffsetDateTime createdAt) {

    /** The live channel that carries the room's media. */
    public String channelId() {
        return id;
    }
}
