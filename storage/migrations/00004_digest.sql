-- Weekly digest: one row per digest posted (or being posted) to the digest
-- channel. The scheduled digest of a week is claimed here BEFORE it is
-- posted, so replicas and restarts post it once; a manual post (/digest
-- post) gets a row of its own and never uses up the scheduled one.

-- +goose Up
CREATE TABLE digest_posts (
    id            bigserial   PRIMARY KEY,
    team_id       text        NOT NULL,
    week_start    date        NOT NULL,   -- the Monday of the week the digest reports
    kind          text        NOT NULL CHECK (kind IN ('scheduled', 'manual')),
    channel_id    text        NOT NULL,
    -- claimed: someone is posting it (or died doing so: retried once stale);
    -- failed: the post was refused, nothing is in the channel, free to retry;
    -- posted: the message is in the channel (message_ts), its thread may be
    -- unfinished; done: message, thread replies and chart are all there.
    status        text        NOT NULL DEFAULT 'claimed'
                  CHECK (status IN ('claimed', 'failed', 'posted', 'done')),
    requested_by  text,                   -- who asked, for manual posts
    attempts      integer     NOT NULL DEFAULT 1,
    claimed_at    timestamptz NOT NULL DEFAULT now(),
    message_ts    text,
    thread_posted integer     NOT NULL DEFAULT 0, -- thread replies already posted
    chart_file_id text,
    posted_at     timestamptz,
    done_at       timestamptz,
    last_error    text
);
-- Exactly one scheduled digest per workspace and week.
CREATE UNIQUE INDEX digest_posts_scheduled_idx ON digest_posts (team_id, week_start) WHERE kind = 'scheduled';

-- The digest reads revenue for the whole workspace at once.
CREATE INDEX client_revenue_team_idx ON client_revenue (team_id, client_id, effective_from, id);

-- +goose Down
DROP INDEX client_revenue_team_idx;
DROP TABLE digest_posts;
