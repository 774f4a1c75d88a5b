-- /hours answers with the person's minutes on the client this week, from
-- a prepared statement. Its generic plan, made once per connection, read
-- the whole workspace's entries through time_entries_team_day_idx and
-- filtered them, because nothing else could answer the sum alone. With
-- the client and the minutes in the person's index, that index answers
-- it (index-only where the pages are all visible) whatever the
-- statistics say, and so does the personal digest.

-- +goose Up
DROP INDEX time_entries_user_day_idx;
CREATE INDEX time_entries_user_day_idx ON time_entries (team_id, user_id, worked_on)
    INCLUDE (client_id, minutes) WHERE deleted_at IS NULL;

-- +goose Down
DROP INDEX time_entries_user_day_idx;
CREATE INDEX time_entries_user_day_idx ON time_entries (team_id, user_id, worked_on) WHERE deleted_at IS NULL;
