-- The same SQL runs on H2 and PostgreSQL: keep to types and syntax both understand.
-- Runs after the platform's migrations: channels belong to an access token.

CREATE TABLE channels (
    id                VARCHAR(64)   PRIMARY KEY,
    owner_token_id    VARCHAR(32)   NOT NULL REFERENCES access_tokens (id),
    kind              VARCHAR(32)   NOT NULL,
    playlist_key      VARCHAR(64),
    auth_webhook_url  VARCHAR(2048),
    event_webhook_url VARCHAR(2048),
    encrypt_key_uri   VARCHAR(2048),
    environment       INTEGER,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Deleted channels stay as tombstones so that their ids are never handed out again.
    deleted_at        TIMESTAMP WITH TIME ZONE
);

CREATE INDEX channels_by_owner ON channels (owner_token_id, deleted_at);

CREATE TABLE channel_renditions (
    channel_id             VARCHAR(64)      NOT NULL REFERENCES channels (id),
    position               INTEGER          NOT NULL,
    duration_seconds       DOUBLE PRECISION NOT NULL,
    start_time_offset      DOUBLE PRECISION,
    video_width            INTEGER          NOT NULL,
    video_height           INTEGER          NOT NULL,
    video_fps              INTEGER          NOT NULL,
    video_bps              BIGINT           NOT NULL,
    video_codec            VARCHAR(32),
    audio_bps              INTEGER          NOT NULL,
    archive_destination_id VARCHAR(128),
    PRIMARY KEY (channel_id, position)
);
