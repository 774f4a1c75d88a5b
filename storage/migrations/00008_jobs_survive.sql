-- Scheduled work that survives restarts.
--
-- farewell_reminders.sent_at is set when a run claims a reminder (the name
-- predates this); delivered_at when its DM went out. A reminder claimed
-- but not delivered for longer than the stale window belongs to a run
-- that died, and is claimed again.
--
-- farewell_decisions.drafts_sent_at is when the drafts' DM reached the
-- manager; NULL offers "Resend drafts" on the client's card.

-- +goose Up
ALTER TABLE farewell_reminders ADD COLUMN delivered_at timestamptz;
UPDATE farewell_reminders SET delivered_at = sent_at WHERE sent_at IS NOT NULL;
CREATE INDEX farewell_reminders_undelivered_idx ON farewell_reminders (team_id, due_on) WHERE delivered_at IS NULL;

ALTER TABLE farewell_decisions ADD COLUMN drafts_sent_at timestamptz;
UPDATE farewell_decisions SET drafts_sent_at = created_at;

-- +goose Down
ALTER TABLE farewell_decisions DROP COLUMN drafts_sent_at;
DROP INDEX farewell_reminders_undelivered_idx;
ALTER TABLE farewell_reminders DROP COLUMN delivered_at;
