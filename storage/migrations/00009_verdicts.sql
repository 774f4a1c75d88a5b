-- What the verdicts need beyond counts and hours: the workspace's own lines
-- for the money rules, a late payment's amount and days overdue, hours
-- worked outside the contract, and incidents that record our own misses.
-- And what the farewell wizard follows up with: a fourth path (soften the
-- blow), the reviewer's confirmation, the lessons written down after a
-- parting, and reminders to stay in touch and to review boundaries.

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
-- The digest sums hours per client, department, day and contract: the
-- index serves it alone (an index-only scan), as it did before.
DROP INDEX time_entries_team_day_idx;
CREATE INDEX time_entries_team_day_idx ON time_entries (team_id, worked_on)
    INCLUDE (client_id, department_id, minutes, outside_contract) WHERE deleted_at IS NULL;

ALTER TABLE farewell_decisions
    -- The independent reviewer named in the wizard, and when they confirmed.
    ADD COLUMN reviewer    text,
    ADD COLUMN reviewed_at timestamptz,
    -- The three answers written down after a parting (farewell.Lessons).
    ADD COLUMN lessons     jsonb,
    DROP CONSTRAINT farewell_decisions_path_check,
    ADD CONSTRAINT farewell_decisions_path_check CHECK (path IN ('back_to_start', 'boundaries', 'part_ways', 'soften'));

ALTER TABLE farewell_reminders
    DROP CONSTRAINT farewell_reminders_kind_check,
    ADD CONSTRAINT farewell_reminders_kind_check
        CHECK (kind IN ('week_before', 'end_date', 'touch_3m', 'touch_6m', 'boundaries_review'));

-- +goose Down
DROP INDEX time_entries_team_day_idx;
CREATE INDEX time_entries_team_day_idx ON time_entries (team_id, worked_on)
    INCLUDE (client_id, department_id, minutes) WHERE deleted_at IS NULL;
DELETE FROM farewell_reminders WHERE kind IN ('touch_3m', 'touch_6m', 'boundaries_review');
ALTER TABLE farewell_reminders
    DROP CONSTRAINT farewell_reminders_kind_check,
    ADD CONSTRAINT farewell_reminders_kind_check CHECK (kind IN ('week_before', 'end_date'));
DELETE FROM farewell_decisions WHERE path = 'soften';
ALTER TABLE farewell_decisions
    DROP COLUMN reviewer,
    DROP COLUMN reviewed_at,
    DROP COLUMN lessons,
    DROP CONSTRAINT farewell_decisions_path_check,
    ADD CONSTRAINT farewell_decisions_path_check CHECK (path IN ('back_to_start', 'boundaries', 'part_ways'));
ALTER TABLE time_entries DROP COLUMN outside_contract;
DELETE FROM incidents WHERE category = 'our-miss';
ALTER TABLE incidents
    DROP COLUMN amount_minor,
    DROP COLUMN days_late,
    DROP CONSTRAINT incidents_category_check,
    ADD CONSTRAINT incidents_category_check CHECK (category IN ('complaints', 'disrespect', 'late-payment', 'threats',
        'scope-creep', 'micromanagement', 'attention', 'devaluation', 'other'));
DROP TABLE team_settings;
