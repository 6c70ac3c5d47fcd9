CREATE TABLE test_feature_notes (
    id   VARCHAR(32) PRIMARY KEY,
    note VARCHAR(200) NOT NULL
);
