-- Anonymity as a property of the data. After a poll or pulse closes only its
-- tally (answers per score, per client for a pulse) and its comments remain,
-- and the comments are rewritten by the closing transaction, so no surviving
-- row was written by a voter's transaction (PostgreSQL's hidden xmin would
-- otherwise pair it with whatever else that transaction wrote). While open,
-- votes and comments sit under keyed hashes, with no timestamp, written in
-- transactions that write nothing else: votes, pulse answers and comments take
-- no delivery key or envelope claim (upserting by the voter's key is
-- idempotent already).

-- +goose Up
ALTER TABLE strain_polls
    -- Answers per score 1..5, kept at close when the result is shown.
    ADD COLUMN tally integer[] CHECK (tally IS NULL OR cardinality(tally) = 5),
    -- Who may chat.update the message: one renderer at a time, with no
    -- transaction open while Slack is called. Cleared when the lease ends.
    ADD COLUMN render_until timestamptz,
    -- The count the live message shows, so a renderer knows to look again.
    ADD COLUMN shown_answers integer NOT NULL DEFAULT 0,
    DROP COLUMN dirty;

-- One comment per voter while the poll is open: a new one replaces the old.
-- The key is scoped apart from the vote's (strain.VoterKey with another
-- scope), so it does not tie the words to a score. Emptied at close.
ALTER TABLE strain_comments
    ADD COLUMN voter_key text CHECK (voter_key IS NULL OR char_length(voter_key) = 64);
CREATE UNIQUE INDEX strain_comments_voter_idx ON strain_comments (poll_id, voter_key);

CREATE TABLE strain_pulse_tallies (
    team_id   text      NOT NULL,
    pulse_id  bigint    NOT NULL REFERENCES strain_pulses (id) ON DELETE CASCADE,
    client_id bigint    NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    tally     integer[] NOT NULL CHECK (cardinality(tally) = 5),
    PRIMARY KEY (pulse_id, client_id)
);
CREATE INDEX strain_pulse_tallies_client_idx ON strain_pulse_tallies (team_id, client_id);

-- Closed polls and pulses become tallies; their per-voter rows go.
UPDATE strain_polls p SET tally = ARRAY(
    SELECT (SELECT count(*) FROM strain_votes v WHERE v.poll_id = p.id AND v.score = s)::integer
    FROM generate_series(1, 5) s ORDER BY s)
WHERE p.closed_at IS NOT NULL
  AND (SELECT count(*) FROM strain_votes v WHERE v.poll_id = p.id) >= 3;
DELETE FROM strain_votes v USING strain_polls p WHERE v.poll_id = p.id AND p.closed_at IS NOT NULL;
DELETE FROM strain_comments c USING strain_polls p
WHERE c.poll_id = p.id AND p.closed_at IS NOT NULL AND p.tally IS NULL;
WITH gone AS (
    DELETE FROM strain_comments c USING strain_polls p
    WHERE c.poll_id = p.id AND p.closed_at IS NOT NULL
    RETURNING c.team_id, c.poll_id, c.body)
INSERT INTO strain_comments (team_id, poll_id, body)
SELECT team_id, poll_id, body FROM gone ORDER BY random();

INSERT INTO strain_pulse_tallies (team_id, pulse_id, client_id, tally)
SELECT a.team_id, a.pulse_id, a.client_id, ARRAY[
    count(*) FILTER (WHERE a.score = 1), count(*) FILTER (WHERE a.score = 2),
    count(*) FILTER (WHERE a.score = 3), count(*) FILTER (WHERE a.score = 4),
    count(*) FILTER (WHERE a.score = 5)]::integer[]
FROM strain_pulse_answers a JOIN strain_pulses u ON u.id = a.pulse_id
WHERE u.closed_at IS NOT NULL
GROUP BY a.team_id, a.pulse_id, a.client_id
HAVING count(*) >= 3;
DELETE FROM strain_pulse_answers a USING strain_pulses u WHERE a.pulse_id = u.id AND u.closed_at IS NOT NULL;

-- The keys voters' clicks and submissions left behind. Votes are told by
-- their action id; pulse and comment submissions cannot be told from other
-- modals' (view:<id>:<hash>), so every view key goes: Slack redelivers within
-- minutes, long past for all of them. Envelope claims are only for Slack's
-- retry window anyway.
DELETE FROM delivery_keys WHERE key LIKE 'action:%:strain.%' OR key LIKE 'view:%';
DELETE FROM envelope_claims;

-- +goose Down
DROP TABLE strain_pulse_tallies;
DROP INDEX strain_comments_voter_idx;
ALTER TABLE strain_comments DROP COLUMN voter_key;
ALTER TABLE strain_polls
    DROP COLUMN tally,
    DROP COLUMN render_until,
    DROP COLUMN shown_answers,
    ADD COLUMN dirty boolean NOT NULL DEFAULT false;
