-- Ledger: clients, their revenue history, departments with rate history,
-- people's default departments, incidents and time entries.
-- Money is bigint minor units, durations integer minutes, days are `date`
-- (calendar days in the team's zone), instants timestamptz.

-- +goose Up
CREATE TABLE clients (
    id           bigserial   PRIMARY KEY,
    team_id      text        NOT NULL,
    name         text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
    status       text        NOT NULL DEFAULT 'active'
                 CHECK (status IN ('active', 'archived', 'parting', 'boundaries', 'recovery')),
    status_until date,                   -- the end date while parting
    cac_minor    bigint      CHECK (cac_minor >= 0),
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
-- Names are unique per workspace ignoring case.
CREATE UNIQUE INDEX clients_team_lower_name_idx ON clients (team_id, lower(name));

-- Every value recurring revenue has had, with the day it took effect, so the
-- digest and the wizard can tell when revenue began falling.
CREATE TABLE client_revenue (
    id             bigserial   PRIMARY KEY,
    team_id        text        NOT NULL,
    client_id      bigint      NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    amount_minor   bigint      NOT NULL CHECK (amount_minor >= 0),
    period         text        NOT NULL CHECK (period IN ('week', 'month', 'year')),
    effective_from date        NOT NULL,
    set_by         text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX client_revenue_client_idx ON client_revenue (client_id, effective_from, id);

CREATE TABLE departments (
    id         bigserial   PRIMARY KEY,
    team_id    text        NOT NULL,
    name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 40),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (team_id, name)
);

-- Hours are costed at the rate in force on the day they were worked.
CREATE TABLE department_rates (
    id             bigserial   PRIMARY KEY,
    team_id        text        NOT NULL,
    department_id  bigint      NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    per_hour_minor bigint      NOT NULL CHECK (per_hour_minor >= 0),
    effective_from date        NOT NULL,
    set_by         text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX department_rates_dept_idx ON department_rates (department_id, effective_from, id);

-- A person's default department for /hours.
CREATE TABLE people (
    team_id       text        NOT NULL,
    user_id       text        NOT NULL,
    department_id bigint      REFERENCES departments (id) ON DELETE SET NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
);

CREATE TABLE incidents (
    id          bigserial   PRIMARY KEY,   -- shown to users as the incident's number
    team_id     text        NOT NULL,
    client_id   bigint      NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    category    text        NOT NULL CHECK (category IN ('complaints', 'disrespect', 'late-payment', 'threats',
                            'scope-creep', 'micromanagement', 'attention', 'devaluation', 'other')),
    severity    text        NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    description text        NOT NULL CHECK (char_length(description) BETWEEN 1 AND 3000),
    evidence    text[]      NOT NULL DEFAULT '{}',
    occurred_on date        NOT NULL,      -- when it happened, apart from when it was reported
    reported_by text        NOT NULL,
    reported_at timestamptz NOT NULL DEFAULT now(),
    source      text        NOT NULL CHECK (source IN ('command', 'modal', 'shortcut')),
    updated_at  timestamptz,
    deleted_at  timestamptz
);
CREATE INDEX incidents_client_day_idx ON incidents (team_id, client_id, occurred_on) WHERE deleted_at IS NULL;
CREATE INDEX incidents_team_day_idx ON incidents (team_id, occurred_on) WHERE deleted_at IS NULL;

CREATE TABLE time_entries (
    id            bigserial   PRIMARY KEY,
    team_id       text        NOT NULL,
    client_id     bigint      NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id       text        NOT NULL,
    department_id bigint      NOT NULL REFERENCES departments (id),
    minutes       integer     NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
    worked_on     date        NOT NULL,
    note          text        NOT NULL DEFAULT '' CHECK (char_length(note) <= 1000),
    created_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz                -- undone entries are kept but never counted
);
CREATE INDEX time_entries_client_day_idx ON time_entries (team_id, client_id, worked_on) WHERE deleted_at IS NULL;
CREATE INDEX time_entries_team_day_idx ON time_entries (team_id, worked_on) INCLUDE (client_id, department_id, minutes) WHERE deleted_at IS NULL;
CREATE INDEX time_entries_user_day_idx ON time_entries (team_id, user_id, worked_on) WHERE deleted_at IS NULL;

-- +goose Down
DROP TABLE time_entries;
DROP TABLE incidents;
DROP TABLE people;
DROP TABLE department_rates;
DROP TABLE departments;
DROP TABLE client_revenue;
DROP TABLE clients;
