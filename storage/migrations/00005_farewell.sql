-- The farewell wizard: its state between steps, the decisions it stores with
-- their drafts, and the reminders it schedules for the manager. The client's
-- new status (parting with its end date, boundaries, recovery) is written to
-- clients.status and clients.status_until (00002), where the card, the digest
-- and Home read it.

-- +goose Up

-- What an open wizard has gathered so far, keyed by the modal's view id (it
-- stays the same across views.update): the evidence it opened with and the
-- answers given, too big for private_metadata. Deleted on submit or close;
-- abandoned rows are pruned by age.
CREATE TABLE farewell_wizards (
    team_id    text        NOT NULL,
    view_id    text        NOT NULL,
    user_id    text        NOT NULL,
    client_id  bigint      NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    state      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, view_id)
);
CREATE INDEX farewell_wizards_updated_idx ON farewell_wizards (updated_at);

-- A decision taken in the wizard, with the drafts as the manager saved them
-- (edited or not). end_on is the last working day when parting and the
-- "done by" day when going back to the start.
CREATE TABLE farewell_decisions (
    id           bigserial   PRIMARY KEY,
    team_id      text        NOT NULL,
    client_id    bigint      NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    manager      text        NOT NULL,
    path         text        NOT NULL CHECK (path IN ('back_to_start', 'boundaries', 'part_ways')),
    client_group text        NOT NULL CHECK (client_group IN ('hostile', 'negotiating', 'wants_to_negotiate')),
    end_on       date,
    decision     jsonb       NOT NULL,
    drafts       jsonb       NOT NULL,
    lang         text        NOT NULL CHECK (lang IN ('en', 'ru')),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX farewell_decisions_client_idx ON farewell_decisions (team_id, client_id, created_at DESC);

-- Reminders to the manager before and on the end date. The unique key makes
-- a decision's reminder exist once; sent_at, set by the claiming UPDATE, makes
-- it go out once across replicas and repeated runs.
CREATE TABLE farewell_reminders (
    id          bigserial   PRIMARY KEY,
    team_id     text        NOT NULL,
    decision_id bigint      NOT NULL REFERENCES farewell_decisions (id) ON DELETE CASCADE,
    kind        text        NOT NULL CHECK (kind IN ('week_before', 'end_date')),
    due_on      date        NOT NULL,
    sent_at     timestamptz,
    UNIQUE (decision_id, kind)
);
CREATE INDEX farewell_reminders_due_idx ON farewell_reminders (due_on) WHERE sent_at IS NULL;

-- +goose Down
DROP TABLE farewell_reminders;
DROP TABLE farewell_decisions;
DROP TABLE farewell_wizards;
