package dev.hibiki.ricoh;

import java.time.OffsetDateTime;

/** A room of the RICOH API: one multistream channel of the live feature, owned by one API client. */
public record Room(String id, String clientId, String channelId, OffsetDateTime createdAt) {
}
