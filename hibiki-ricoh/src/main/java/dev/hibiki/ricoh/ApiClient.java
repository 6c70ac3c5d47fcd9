package dev.hibiki.ricoh;

import java.time.OffsetDateTime;

/**
 * A program allowed to use the RICOH API, with its OAuth 2.0 client credentials.
 *
 * @param maxRooms     rooms it may own at once (its "plan")
 * @param ownerTokenId the platform access token that owns its rooms' channels
 * @param revokedAt    null while the client may get tokens
 */
public record ApiClient(String id, String name, int maxRooms, String ownerTokenId, OffsetDateTime createdAt,
                        OffsetDateTime revokedAt) {
}
