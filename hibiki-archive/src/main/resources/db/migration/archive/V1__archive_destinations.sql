-- The same SQL runs on H2 and PostgreSQL: keep to types and syntax both understand.
-- Archive destinations (ImageFlux_20190205.CreateArchiveDestination): where a token's channels archive their HLS
-- output. The credentials are sealed with the server key (SecretBox), never stored in the clear.

CREATE TABLE archive_destinations (
    id                 VARCHAR(64)   PRIMARY KEY,
    owner_token_id     VARCHAR(32)   NOT NULL REFERENCES access_tokens (id),
    bucket_uri         VARCHAR(2048) NOT NULL,
    aws_region         VARCHAR(64),
    s3_endpoint        VARCHAR(2048),
    sealed_credentials VARCHAR(16384),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Deleted destinations stay as tombstones so that their ids are never handed out again.
    deleted_at         TIMESTAMP WITH TIME ZONE
);

CREATE INDEX archive_destinations_by_owner ON archive_destinations (owner_token_id, deleted_at);
