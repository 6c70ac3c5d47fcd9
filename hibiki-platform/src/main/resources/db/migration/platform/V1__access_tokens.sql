-- The same SQL runs on H2 and PostgreSQL: keep to types and syntax both understand.

CREATE TABLE access_tokens (
    id          VARCHAR(32)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    -- SHA-256 (hex) of the token: the token itself is never stored.
    token_hash  CHAR(64)     NOT NULL UNIQUE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);

-- Small facts about this installation, such as whether the first access token was already issued.
CREATE TABLE server_state (
    state_key   VARCHAR(64)   PRIMARY KEY,
    state_value VARCHAR(1024) NOT NULL
);
