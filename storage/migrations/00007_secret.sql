-- The fingerprint of the secret anonymous votes are keyed with, so a start
-- with another secret (a replica configured differently, a lost secret file
-- regenerated) is refused instead of silently keying votes anew. One row for
-- the whole database, not per team: the secret is the installation's.

-- +goose Up
CREATE TABLE secret_fingerprint (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    -- HMAC-SHA256 of a fixed label under the secret; says nothing of it.
    fingerprint bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE secret_fingerprint;
