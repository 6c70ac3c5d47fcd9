package dev.hibiki.platform.token;

import java.time.OffsetDateTime;

/** An API access token as stored: everything but the secret, which only its holder knows. */
public record AccessToken(String id, String name, OffsetDateTime createdAt, OffsetDateTime revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
