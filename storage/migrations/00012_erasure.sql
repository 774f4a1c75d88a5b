-- Erasure on request and retention: an erased client keeps only the
-- anonymous figures the team's medians need, under a neutral label, and can
-- never be restored; the workspace may keep incident texts for a number of
-- months only; an uninstalled workspace's jobs stop.

-- +goose Up
ALTER TABLE clients ADD COLUMN erased_at timestamptz;

ALTER TABLE team_settings
    -- Incident texts and evidence are kept this many months; NULL: forever.
    ADD COLUMN retention_months integer CHECK (retention_months BETWEEN 1 AND 120);

-- A workspace that uninstalled the app (app_uninstalled, tokens_revoked):
-- its jobs stop; its data is erased once the retention has passed.
CREATE TABLE workspace_installs (
    team_id        text        PRIMARY KEY,
    uninstalled_at timestamptz,
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE workspace_installs;
ALTER TABLE team_settings DROP COLUMN retention_months;
ALTER TABLE clients DROP COLUMN erased_at;
