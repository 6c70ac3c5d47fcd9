-- Usage records for ImageFlux_20180601.Stats (billing): one row per finished connection, and HLS bytes served per
-- channel and hour. Rows keep the owner so usage of deleted channels still counts. (V2 is left to the HLS keys.)

CREATE TABLE connection_usage (
    connection_id   VARCHAR(64)  PRIMARY KEY,
    channel_id      VARCHAR(64)  NOT NULL,
    owner_token_id  VARCHAR(32)  NOT NULL,
    role            VARCHAR(16)  NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    bytes_received  BIGINT       NOT NULL,
    bytes_sent      BIGINT       NOT NULL
);

CREATE INDEX connection_usage_by_owner ON connection_usage (owner_token_id, ended_at);

CREATE TABLE hls_usage (
    channel_id      VARCHAR(64)  NOT NULL,
    owner_token_id  VARCHAR(32)  NOT NULL,
    hour_start      TIMESTAMP WITH TIME ZONE NOT NULL,
    bytes_served    BIGINT       NOT NULL,
    PRIMARY KEY (channel_id, hour_start)
);

CREATE INDEX hls_usage_by_owner ON hls_usage (owner_token_id, hour_start);
