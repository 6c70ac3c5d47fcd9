-- The same SQL runs on H2 and PostgreSQL: keep to types and syntax both understand.
-- The RICOH Live Streaming API: API clients (OAuth 2.0 client credentials), their access tokens, their rooms (each
-- one live channel) and the signaling tickets of a room. Secrets and tokens are stored as SHA-256 hashes only.

CREATE TABLE api_clients (
    id             VARCHAR(64)  PRIMARY KEY,
    name           VARCHAR(200) NOT NULL,
    secret_hash    VARCHAR(64)  NOT NULL,
    max_rooms      INTEGER      NOT NULL,
    -- The platform access token that owns the client's channels: revoking the client revokes it, which also
    -- refuses new connections to its rooms' channels.
    owner_token_id VARCHAR(32)  NOT NULL REFERENCES access_tokens (id),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at     TIMESTAMP WITH TIME ZONE
);

CREATE TABLE client_tokens (
    hash       VARCHAR(64) PRIMARY KEY,
    client_id  VARCHAR(64) NOT NULL REFERENCES api_clients (id),
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX client_tokens_by_expiry ON client_tokens (expires_at);

-- A room's live channel has the room's id.
CREATE TABLE rooms (
    id         VARCHAR(64) PRIMARY KEY,
    client_id  VARCHAR(64) NOT NULL REFERENCES api_clients (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Deleted rooms stay as tombstones so that their ids are never handed out again.
    deleted_at TIMESTAMP WITH TIME ZONE
);

CREATE INDEX rooms_by_client ON rooms (client_id, deleted_at);

CREATE TABLE tickets (
    id         VARCHAR(64) PRIMARY KEY,
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    room_id    VARCHAR(64) NOT NULL REFERENCES rooms (id),
    direction  VARCHAR(8)  NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE
);

CREATE INDEX tickets_by_room ON tickets (room_id);
