-- Foundation: idempotency and exactly-once bookkeeping shared by every feature.
-- Every table carries the Slack team_id; all times are timestamptz (UTC).

-- +goose Up

-- Delivery keys are claimed inside the same transaction as a write, so a
-- redelivered Slack envelope can never commit the same write twice. Kept forever:
-- rows are tiny and a late redelivery must still be recognised.
CREATE TABLE delivery_keys (
    team_id    text        NOT NULL,
    key        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, key)
);

-- Envelope claims dedupe envelopes across replicas at the runtime level; they are
-- only useful for Slack's retry window, so they are pruned by created_at.
CREATE TABLE envelope_claims (
    team_id    text        NOT NULL,
    key        text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, key)
);
CREATE INDEX envelope_claims_created_at_idx ON envelope_claims (created_at);

-- One row per scheduled job run and period: the primary key makes a run happen
-- once across replicas. done_at stays NULL while running (or if the run died).
CREATE TABLE job_runs (
    team_id    text        NOT NULL,
    job        text        NOT NULL,
    period     text        NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    done_at    timestamptz,
    PRIMARY KEY (team_id, job, period)
);

-- +goose Down
DROP TABLE job_runs;
DROP TABLE envelope_claims;
DROP TABLE delivery_keys;
