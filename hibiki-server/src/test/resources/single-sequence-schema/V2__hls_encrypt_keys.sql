-- AES-128 keys of encrypted HLS outputs (channels created with encrypt_key_uri), one per playlist.
-- Players get a key through the customer's server, which asks GetEncryptKey with the owner's token.
CREATE TABLE hls_encrypt_keys (
    kid            VARCHAR(64) PRIMARY KEY,
    owner_token_id VARCHAR(32) NOT NULL REFERENCES access_tokens (id),
    channel_id     VARCHAR(64) NOT NULL REFERENCES channels (id),
    -- 16 bytes as 32 lowercase hex characters, as GetEncryptKey returns it
    encrypt_key    CHAR(32)    NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX hls_encrypt_keys_by_channel ON hls_encrypt_keys (channel_id);
