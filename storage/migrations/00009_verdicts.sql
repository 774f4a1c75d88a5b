-- What the verdicts need beyond counts and hours: the workspace's own lines
-- for the money rules, a late payment's amount and days overdue, hours
-- worked outside the contract, and incidents that record our own misses.

-- +goose Up
-- One row per workspace; a NULL figure is unset.
CREATE TABLE team_settings (
    team_id     text        PRIMARY KEY,
    -- What winning a typical new client costs, minor units (/tact cac).
    cac_minor   bigint      CHECK (cac_minor >= 1),
    -- The lowest effective hourly rate the team accepts (/tact floor).
    floor_minor bigint      CHECK (floor_minor >= 1),
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE incidents
    ADD COLUMN amount_minor bigint  CHECK (amount_minor >= 1),
    ADD COLUMN days_late    integer CHECK (days_late BETWEEN 1 AND 3650),
    DROP CONSTRAINT incidents_category_check,
    ADD CONSTRAINT incidents_category_check CHECK (category IN ('complaints', 'disrespect', 'late-payment', 'threats',
        'scope-creep', 'micromanagement', 'attention', 'devaluation', 'our-miss', 'other'));

ALTER TABLE time_entries
    ADD COLUMN outside_contract boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE time_entries DROP COLUMN outside_contract;
DELETE FROM incidents WHERE category = 'our-miss';
ALTER TABLE incidents
    DROP COLUMN amount_minor,
    DROP COLUMN days_late,
    DROP CONSTRAINT incidents_category_check,
    ADD CONSTRAINT incidents_category_check CHECK (category IN ('complaints', 'disrespect', 'late-payment', 'threats',
        'scope-creep', 'micromanagement', 'attention', 'devaluation', 'other'));
DROP TABLE team_settings;
