-- Imports: hours and invoices brought in from the tools teams already use.
-- An import is one unit, written in one transaction and undone as one.
-- Every imported row keeps its source identity (the vendor's id, else a
-- hash of the row) under a unique index, so a file imported twice, or two
-- overlapping exports, add nothing twice.

-- +goose Up
CREATE TABLE imports (
    id          bigserial   PRIMARY KEY,
    team_id     text        NOT NULL,
    short_id    text        NOT NULL CHECK (short_id ~ '^[a-z0-9]{6}$'), -- what people type: /tact import undo k3x9qa
    kind        text        NOT NULL CHECK (kind IN ('hours', 'invoices')),
    format      text        NOT NULL,
    file_name   text        NOT NULL,
    channel_id  text        NOT NULL,   -- where the summary went
    imported_by text        NOT NULL,
    delivery    text        NOT NULL,   -- the confirming submission: a redelivery imports nothing
    added       integer     NOT NULL,
    present     integer     NOT NULL,   -- already there from an earlier import
    skipped     integer     NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    undone_at   timestamptz,
    undone_by   text,
    UNIQUE (team_id, short_id),
    UNIQUE (team_id, delivery)
);

ALTER TABLE time_entries
    ADD COLUMN import_id bigint REFERENCES imports (id),
    ADD COLUMN source_id text,
    -- The tool's name for someone Slack does not know: user_id is '' then.
    ADD COLUMN person    text;
CREATE UNIQUE INDEX time_entries_source_idx ON time_entries (team_id, source_id)
    WHERE source_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX time_entries_import_idx ON time_entries (import_id) WHERE import_id IS NOT NULL;
-- Imported hours before a department's first rate are costed at it: the
-- digest reads whether a row is imported from the index too.
DROP INDEX time_entries_team_day_idx;
CREATE INDEX time_entries_team_day_idx ON time_entries (team_id, worked_on)
    INCLUDE (client_id, department_id, minutes, outside_contract, import_id) WHERE deleted_at IS NULL;

-- Invoices as money facts: what was billed and what is still owed.
CREATE TABLE invoices (
    id                bigserial   PRIMARY KEY,
    team_id           text        NOT NULL,
    client_id         bigint      NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    import_id         bigint      NOT NULL REFERENCES imports (id),
    source_id         text        NOT NULL,
    number            text        NOT NULL,
    amount_minor      bigint      NOT NULL CHECK (amount_minor >= 0),
    outstanding_minor bigint      NOT NULL CHECK (outstanding_minor >= 0),
    issued_on         date        NOT NULL,
    due_on            date        NOT NULL,
    deleted_at        timestamptz
);
CREATE UNIQUE INDEX invoices_source_idx ON invoices (team_id, source_id) WHERE deleted_at IS NULL;
CREATE INDEX invoices_client_idx ON invoices (team_id, client_id, issued_on) WHERE deleted_at IS NULL;
CREATE INDEX invoices_import_idx ON invoices (import_id);

-- The preview's choices, remembered for the next import: which client a
-- name in a file means, and how to count someone Slack does not know.
CREATE TABLE import_choices (
    team_id    text        NOT NULL,
    kind       text        NOT NULL CHECK (kind IN ('client', 'person')),
    name_key   text        NOT NULL,   -- imports.Key of the name, or the e-mail
    client_id  bigint      REFERENCES clients (id) ON DELETE CASCADE,
    department text,
    skip       boolean     NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, kind, name_key)
);

-- How a workspace's generic CSVs map to fields, per header signature
-- (imports.Header), so the next export from the same source needs no step.
CREATE TABLE import_mappings (
    team_id    text        NOT NULL,
    signature  text        NOT NULL,
    mapping    jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, signature)
);

-- +goose Down
DROP TABLE import_mappings;
DROP TABLE import_choices;
DROP TABLE invoices;
DROP INDEX time_entries_team_day_idx;
CREATE INDEX time_entries_team_day_idx ON time_entries (team_id, worked_on)
    INCLUDE (client_id, department_id, minutes, outside_contract) WHERE deleted_at IS NULL;
DELETE FROM time_entries WHERE import_id IS NOT NULL;
ALTER TABLE time_entries
    DROP COLUMN import_id,
    DROP COLUMN source_id,
    DROP COLUMN person;
DROP TABLE imports;
