-- One schema for SQLite and PostgreSQL: portable types only. Times are epoch milliseconds, JSON is text.
CREATE TABLE conversations (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    domain      TEXT,
    metadata    TEXT         NOT NULL,
    last_seq    BIGINT       NOT NULL,
    created_at  BIGINT       NOT NULL,
    updated_at  BIGINT       NOT NULL
);
CREATE INDEX conversations_by_created ON conversations (created_at, id);

-- Metadata again as rows, so "list where key=value" is an indexed join in both databases.
CREATE TABLE conversation_metadata (
    conversation_id VARCHAR(64)  NOT NULL,
    meta_key        VARCHAR(200) NOT NULL,
    meta_value      VARCHAR(1000) NOT NULL,
    PRIMARY KEY (conversation_id, meta_key)
);
CREATE INDEX conversation_metadata_by_pair ON conversation_metadata (meta_key, meta_value);

-- The append-only log: (conversation_id, seq) is unique, which also rejects a racing second writer.
CREATE TABLE conversation_events (
    conversation_id VARCHAR(64)  NOT NULL,
    seq             BIGINT       NOT NULL,
    turn            INTEGER      NOT NULL,
    type            VARCHAR(40)  NOT NULL,
    payload         TEXT         NOT NULL,
    created_at      BIGINT       NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);
