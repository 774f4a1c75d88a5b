package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// The farewell reminders: claimed when due, exactly once across replicas.

const (
	// Claiming sets sent_at (the claim's time) in the same statement that
	// finds the due reminders: a concurrent run skips the rows this one
	// holds and, once it commits, no longer sees them as due. A claim not
	// delivered within the stale window ($3 seconds) was its run's last
	// act: it is claimed again. Only reminders whose moment still holds are
	// claimed: the client still parting on that day, still under its
	// boundaries, or let go, for the check-ins after.
	claimRemindersQuery = `
WITH due AS (
    SELECT r.id
    FROM farewell_reminders r
    JOIN farewell_decisions d ON d.id = r.decision_id
    JOIN clients c ON c.id = d.client_id
    WHERE r.team_id = $1 AND r.delivered_at IS NULL AND r.due_on <= $2
      AND (r.sent_at IS NULL OR r.sent_at < now() - make_interval(secs => $3))
      AND CASE r.kind
          WHEN 'boundaries_review' THEN c.status = 'boundaries' AND c.status_until = d.end_on
          -- Staying in touch follows a parting that went ahead: the client
          -- was let go (parting, archived), not kept after all.
          WHEN 'touch_3m' THEN d.path IN ('part_ways', 'soften') AND c.status IN ('parting', 'archived')
          WHEN 'touch_6m' THEN d.path IN ('part_ways', 'soften') AND c.status IN ('parting', 'archived')
          ELSE c.status = 'parting' AND c.status_until = d.end_on
      END
    FOR UPDATE OF r SKIP LOCKED
)
UPDATE farewell_reminders r SET sent_at = now()
FROM due, farewell_decisions d, clients c
WHERE r.id = due.id AND d.id = r.decision_id AND c.id = d.client_id
RETURNING r.id, r.team_id, r.kind, r.due_on, d.id AS decision_id, d.client_id, d.manager, d.lang,
          d.end_on, d.drafts, c.name AS client_name, d.created_at AS decided_at`

	releaseReminderQuery = `UPDATE farewell_reminders SET sent_at = NULL WHERE id = $1 AND delivered_at IS NULL`

	deliveredReminderQuery = `UPDATE farewell_reminders SET delivered_at = now() WHERE id = $1`
)

// Reminder kinds.
const (
	ReminderWeekBefore = "week_before"
	ReminderEndDate    = "end_date"
	// ReminderBoundariesReview asks, on the boundaries' review day, keep
	// them or move to parting; while the client still has them.
	ReminderBoundariesReview = "boundaries_review"
	// ReminderTouch3m and ReminderTouch6m suggest a warm check-in 3 and 6
	// months after a parting's last day.
	ReminderTouch3m = "touch_3m"
	ReminderTouch6m = "touch_6m"
)

// FarewellReminder is a claimed reminder, with what its message needs.
type FarewellReminder struct {
	ID         int64
	TeamID     string
	Kind       string
	DueOn      time.Time
	DecisionID int64
	ClientID   int64
	ClientName string
	Manager    string
	Lang       string // the drafts' language
	EndOn      time.Time
	Drafts     FarewellDrafts
	DecidedAt  time.Time // when the decision was saved
	// Review is, for a boundaries review, the client's figures before and
	// after the boundaries were set; loaded by the caller (BoundaryReview).
	Review *BoundaryReview
}

// ClaimDueFarewellReminders claims the workspace's reminders due by today
// (a calendar day) whose client is still parting on that end date, and
// returns them. A caller delivers each and says so with
// FarewellReminderDone, or gives it back with
// ReleaseFarewellReminder; one claimed longer than stale ago and neither
// (its process died) is claimed again.
func (db *DB) ClaimDueFarewellReminders(ctx context.Context, teamID string, today time.Time, stale time.Duration) ([]FarewellReminder, error) {
	var rows []struct {
		ID         int64     `db:"id"`
		TeamID     string    `db:"team_id"`
		Kind       string    `db:"kind"`
		DueOn      time.Time `db:"due_on"`
		DecisionID int64     `db:"decision_id"`
		ClientID   int64     `db:"client_id"`
		Manager    string    `db:"manager"`
		Lang       string    `db:"lang"`
		EndOn      time.Time `db:"end_on"`
		Drafts     []byte    `db:"drafts"`
		ClientName string    `db:"client_name"`
		DecidedAt  time.Time `db:"decided_at"`
	}
	if err := db.x.SelectContext(ctx, &rows, claimRemindersQuery, teamID, ledger.Date(today), stale.Seconds()); err != nil {
		return nil, fmt.Errorf("claiming farewell reminders: %w", MapError(err))
	}
	out := make([]FarewellReminder, len(rows))
	for i, r := range rows {
		out[i] = FarewellReminder{
			ID: r.ID, TeamID: r.TeamID, Kind: r.Kind, DueOn: ledger.Date(r.DueOn), DecisionID: r.DecisionID,
			ClientID: r.ClientID, ClientName: r.ClientName, Manager: r.Manager, Lang: r.Lang, EndOn: ledger.Date(r.EndOn),
			DecidedAt: r.DecidedAt.UTC(),
		}
		// Drafts only add the checklist to the message; unreadable ones
		// leave it out rather than lose the reminder.
		_ = json.Unmarshal(r.Drafts, &out[i].Drafts)
	}
	return out, nil
}

// ReleaseFarewellReminder gives back a claimed reminder that could not be
// delivered, so a later run sends it.
func (db *DB) ReleaseFarewellReminder(ctx context.Context, id int64) error {
	if _, err := execRows(ctx, db.x, releaseReminderQuery, id); err != nil {
		return fmt.Errorf("releasing farewell reminder %d: %w", id, err)
	}
	return nil
}

// FarewellReminderDone records that a claimed reminder is finished with:
// its DM went out, or its day passed unsent.
func (db *DB) FarewellReminderDone(ctx context.Context, id int64) error {
	if _, err := execRows(ctx, db.x, deliveredReminderQuery, id); err != nil {
		return fmt.Errorf("recording farewell reminder %d as delivered: %w", id, err)
	}
	return nil
}
