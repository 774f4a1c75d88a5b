-- The audit log: every manager action, with who, when and what changed
-- (before → after), written in the same transaction as the change. It
-- names clients by id, never by name, and holds no incident text, so an
-- erasure leaves nothing personal in it. Tact only ever appends to it.

-- And an incident's earlier versions.

-- +goose Up
CREATE TABLE audit_log (
    id        bigserial   PRIMARY KEY,
    team_id   text        NOT NULL,
    actor     text        NOT NULL,             -- the Slack user who did it
    action    text        NOT NULL,             -- storage.Audit* constants
    client_id bigint,                           -- no foreign key: the entry outlives the client
    subject   text        NOT NULL DEFAULT '',  -- a department, an import's id, a setting's name
    before    jsonb,
    after     jsonb,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_team_idx ON audit_log (team_id, at DESC, id DESC);
CREATE INDEX audit_log_client_idx ON audit_log (team_id, client_id, at DESC, id DESC) WHERE client_id IS NOT NULL;

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- An incident's earlier versions: each edit keeps what it replaced, who
-- replaced it and when (the card's History button shows them).
CREATE TABLE incident_versions (
    id           bigserial   PRIMARY KEY,
    team_id      text        NOT NULL,
    incident_id  bigint      NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    category     text        NOT NULL,
    severity     text        NOT NULL,
    description  text        NOT NULL,
    evidence     text[]      NOT NULL DEFAULT '{}',
    occurred_on  date        NOT NULL,
    replaced_by  text        NOT NULL,
    replaced_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_versions_incident_idx ON incident_versions (incident_id, replaced_at, id);

-- +goose Down
DROP TABLE incident_versions;
DROP TABLE audit_log;
DROP FUNCTION audit_log_append_only();
