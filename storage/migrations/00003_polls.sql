-- Strain polls and the monthly pulse: anonymous answers from 1 (the client
-- doesn't strain me at all) to 5 (very much).
--
-- Anonymity is by construction: an answer is stored under voter_key, a keyed
-- hash (strain.VoterKey) of the poll and the person made with a secret that
-- lives outside the database. No table here holds the Slack id of anyone who
-- answered, and answer rows carry no timestamps or serial ids that could be
-- lined up with other records. The poll's creator is kept only while the poll
-- is open, for the Close button's permission check. When a poll (or a
-- client in a pulse) closes with fewer than 3 answers, its answers and
-- comments are deleted: they will never be shown, so they are not kept.

-- +goose Up
CREATE TABLE strain_polls (
    id               bigserial   PRIMARY KEY,
    team_id          text        NOT NULL,
    client_id        bigint      NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    channel_id       text        NOT NULL,
    message_ts       text,                  -- set once the message is posted
    lang             text        NOT NULL,  -- the poster's language: the message stays in it
    created_by       text        NOT NULL,  -- for Close only; emptied when the poll closes
    created_at       timestamptz NOT NULL DEFAULT now(),
    closes_at        timestamptz NOT NULL,
    closed_at        timestamptz,
    -- Who renders the closed message: set with closed_at by the one closer
    -- that wins; re-set by a retry when that closer died before posting.
    close_claimed_at timestamptz,
    final_posted_at  timestamptz,
    answers          integer,               -- the final count, set at close
    -- Set by every vote, cleared by whoever re-renders the live message, so
    -- bursts of votes coalesce into ordered chat.update calls.
    dirty            boolean     NOT NULL DEFAULT false
);
CREATE INDEX strain_polls_due_idx ON strain_polls (team_id, closes_at) WHERE closed_at IS NULL;
CREATE INDEX strain_polls_closed_idx ON strain_polls (team_id, closed_at) WHERE closed_at IS NOT NULL;

CREATE TABLE strain_votes (
    team_id   text     NOT NULL,
    poll_id   bigint   NOT NULL REFERENCES strain_polls (id) ON DELETE CASCADE,
    voter_key text     NOT NULL CHECK (char_length(voter_key) = 64),
    score     smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (poll_id, voter_key)
);

-- "Say why": comments carry no person, not even a voter key (that would tie
-- the words to a score).
CREATE TABLE strain_comments (
    team_id text   NOT NULL,
    poll_id bigint NOT NULL REFERENCES strain_polls (id) ON DELETE CASCADE,
    body    text   NOT NULL CHECK (char_length(body) BETWEEN 1 AND 500)
);
CREATE INDEX strain_comments_poll_idx ON strain_comments (poll_id);

-- One pulse per workspace and month (period "2026-11").
CREATE TABLE strain_pulses (
    id               bigserial   PRIMARY KEY,
    team_id          text        NOT NULL,
    period           text        NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
    channel_id       text        NOT NULL,
    message_ts       text,
    lang             text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    closes_at        timestamptz NOT NULL,
    closed_at        timestamptz,
    close_claimed_at timestamptz,
    final_posted_at  timestamptz,
    UNIQUE (team_id, period)
);
CREATE INDEX strain_pulses_closed_idx ON strain_pulses (team_id, closed_at) WHERE closed_at IS NOT NULL;

-- A pulse answer's voter_key is scoped to the pulse and the client, so one
-- person's answers about different clients cannot be linked to each other.
CREATE TABLE strain_pulse_answers (
    team_id   text     NOT NULL,
    pulse_id  bigint   NOT NULL REFERENCES strain_pulses (id) ON DELETE CASCADE,
    client_id bigint   NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    voter_key text     NOT NULL CHECK (char_length(voter_key) = 64),
    score     smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (pulse_id, client_id, voter_key)
);
CREATE INDEX strain_pulse_answers_client_idx ON strain_pulse_answers (team_id, client_id);

-- +goose Down
DROP TABLE strain_pulse_answers;
DROP TABLE strain_pulses;
DROP TABLE strain_comments;
DROP TABLE strain_votes;
DROP TABLE strain_polls;
