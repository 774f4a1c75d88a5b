-- Workspace settings chosen in Slack (/tact settings). NULL is unset: the
-- environment's default applies, so a new workspace runs on the defaults
-- and a value changed here takes effect on every replica at its next read.

-- +goose Up
ALTER TABLE team_settings
    ADD COLUMN digest_channel text     CHECK (digest_channel ~ '^[CG][A-Z0-9]{2,}$'),
    -- ISO weekday (1 Monday … 7 Sunday) and minutes after midnight, in the
    -- workspace's zone.
    ADD COLUMN digest_weekday smallint CHECK (digest_weekday BETWEEN 1 AND 7),
    ADD COLUMN digest_minute  smallint CHECK (digest_minute BETWEEN 0 AND 1439),
    -- User ids (U…, W…) and user-group ids (S…).
    ADD COLUMN managers       text[]   CHECK (cardinality(managers) BETWEEN 1 AND 50),
    ADD COLUMN currency       text     CHECK (currency ~ '^[A-Z]{3}$'),
    ADD COLUMN time_zone      text     CHECK (length(time_zone) BETWEEN 1 AND 64),
    ADD COLUMN language       text     CHECK (language IN ('en', 'ru')),
    ADD COLUMN pulse_on       boolean,
    ADD COLUMN pulse_weekday  smallint CHECK (pulse_weekday BETWEEN 1 AND 7),
    ADD COLUMN poll_hours     integer  CHECK (poll_hours BETWEEN 1 AND 720),
    -- Never below 3: fewer answers could be traced to the people who gave them.
    ADD COLUMN min_answers    integer  CHECK (min_answers BETWEEN 3 AND 1000);

-- +goose Down
ALTER TABLE team_settings
    DROP COLUMN digest_channel, DROP COLUMN digest_weekday, DROP COLUMN digest_minute,
    DROP COLUMN managers, DROP COLUMN currency, DROP COLUMN time_zone, DROP COLUMN language,
    DROP COLUMN pulse_on, DROP COLUMN pulse_weekday, DROP COLUMN poll_hours, DROP COLUMN min_answers;
