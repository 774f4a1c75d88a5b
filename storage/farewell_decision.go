package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// The farewell decisions: what a manager saved, with the client's new
// status, its reminders and whether the drafts reached the manager.

const (
	insertDecisionQuery = `
INSERT INTO farewell_decisions (team_id, client_id, manager, path, client_group, end_on, decision, drafts, lang, reviewer)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULLIF($10, ''))
RETURNING id`

	setFarewellStatusQuery = `
UPDATE clients SET status = $3, status_until = $4 WHERE team_id = $1 AND id = $2`

	// A new decision replaces the reminders of the client's earlier ones
	// that have not gone out yet.
	dropPendingRemindersQuery = `
DELETE FROM farewell_reminders r
USING farewell_decisions d
WHERE d.id = r.decision_id AND d.team_id = $1 AND d.client_id = $2 AND r.delivered_at IS NULL`

	insertReminderQuery = `
INSERT INTO farewell_reminders (team_id, decision_id, kind, due_on) VALUES ($1, $2, $3, $4)
ON CONFLICT (decision_id, kind) DO NOTHING`

	draftsSentQuery = `UPDATE farewell_decisions SET drafts_sent_at = now() WHERE team_id = $1 AND id = $2`

	latestDecisionQuery = `
SELECT id, team_id, client_id, manager, path, client_group, end_on, decision, drafts, lang, created_at,
       drafts_sent_at IS NOT NULL AS drafts_sent, COALESCE(reviewer, '') AS reviewer, reviewed_at
FROM farewell_decisions WHERE team_id = $1 AND client_id = $2
ORDER BY created_at DESC, id DESC LIMIT 1`
)

// FarewellDrafts are the drafts as the manager saved them, in the order
// they were shown.
type FarewellDrafts struct {
	Lang string          `json:"lang"`
	Path string          `json:"path"`
	Docs []FarewellDraft `json:"docs"`
}

// FarewellDraft is one saved draft.
type FarewellDraft struct {
	Doc   string `json:"doc"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Body returns the text of doc, "" when it is not among the drafts.
func (d FarewellDrafts) Body(doc string) string {
	for _, x := range d.Docs {
		if x.Doc == doc {
			return x.Text
		}
	}
	return ""
}

// FarewellRecord is a decision to store, with what it changes.
type FarewellRecord struct {
	ClientID int64
	Manager  string
	Path     string
	Group    string
	Lang     string
	EndOn    time.Time       // last working day, or "done by"; zero when none
	Decision json.RawMessage // farewell.Decision as JSON
	Drafts   FarewellDrafts
	// The client's status from now on, with its end date (zero for none).
	Status      ledger.Status
	StatusUntil time.Time
	Reminders   []FarewellReminderPlan
	// ViewID is the wizard whose state is dropped with the save.
	ViewID string
	// Reviewer is the independent reviewer named, "" for none.
	Reviewer string
}

// FarewellReminderPlan is a reminder to schedule.
type FarewellReminderPlan struct {
	Kind  string
	DueOn time.Time
}

// SaveFarewell stores a decision in one transaction claimed by d's key: the
// decision and its drafts, the client's status, the reminders (replacing
// pending ones of earlier decisions on the client) and the end of the
// wizard's state. A repeat of the key fails with ErrAlreadyClaimed and
// writes nothing; a client deleted meanwhile fails with ErrNotFound.
func (db *DB) SaveFarewell(ctx context.Context, d Delivery, rec FarewellRecord) (int64, error) {
	if !rec.Status.Valid() {
		return 0, fmt.Errorf("saving farewell decision: unknown status %q", rec.Status)
	}
	drafts, err := json.Marshal(rec.Drafts)
	if err != nil {
		return 0, fmt.Errorf("saving farewell decision: encoding drafts: %w", err)
	}
	var id int64
	err = db.deliveryTx(ctx, d, func(tx *Tx) error {
		if err := lockClient(ctx, tx, d.TeamID, rec.ClientID); err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &id, insertDecisionQuery, d.TeamID, rec.ClientID, rec.Manager, rec.Path,
			rec.Group, dayArg(rec.EndOn), []byte(rec.Decision), drafts, rec.Lang, rec.Reviewer); err != nil {
			return fmt.Errorf("inserting decision: %w", MapError(err))
		}
		if _, err := tx.ExecContext(ctx, setFarewellStatusQuery, d.TeamID, rec.ClientID, string(rec.Status), dayArg(rec.StatusUntil)); err != nil {
			return fmt.Errorf("setting status: %w", MapError(err))
		}
		if _, err := tx.ExecContext(ctx, dropPendingRemindersQuery, d.TeamID, rec.ClientID); err != nil {
			return fmt.Errorf("dropping pending reminders: %w", MapError(err))
		}
		for _, r := range rec.Reminders {
			if _, err := tx.ExecContext(ctx, insertReminderQuery, d.TeamID, id, r.Kind, ledger.Date(r.DueOn)); err != nil {
				return fmt.Errorf("scheduling reminder %s: %w", r.Kind, MapError(err))
			}
		}
		if rec.ViewID != "" {
			if _, err := tx.ExecContext(ctx, deleteWizardQuery, d.TeamID, rec.ViewID); err != nil {
				return fmt.Errorf("ending the wizard: %w", MapError(err))
			}
		}
		after := statusValues(rec.Status, rec.StatusUntil)
		after["path"] = rec.Path
		return tx.audit(ctx, d, Change{Action: AuditDecision, ClientID: rec.ClientID, After: after})
	})
	if err != nil {
		return 0, fmt.Errorf("saving farewell decision on client %d: %w", rec.ClientID, err)
	}
	return id, nil
}

// dayArg is a calendar day for a nullable date column.
func dayArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ledger.Date(t)
}

// FarewellDecision is a stored decision.
type FarewellDecision struct {
	ID        int64
	TeamID    string
	ClientID  int64
	Manager   string
	Path      string
	Group     string
	EndOn     time.Time // zero when none
	Decision  json.RawMessage
	Drafts    FarewellDrafts
	Lang      string
	CreatedAt time.Time
	// DraftsSent is whether the drafts' DM reached the manager.
	DraftsSent bool
	// The independent reviewer named ("" for none) and when they
	// confirmed the review (zero until then).
	Reviewer   string
	ReviewedAt time.Time
}

// LatestFarewellDecision returns the client's latest decision; ErrNotFound
// when there is none.
func (db *DB) LatestFarewellDecision(ctx context.Context, teamID string, clientID int64) (FarewellDecision, error) {
	var row struct {
		ID        int64        `db:"id"`
		TeamID    string       `db:"team_id"`
		ClientID  int64        `db:"client_id"`
		Manager   string       `db:"manager"`
		Path      string       `db:"path"`
		Group     string       `db:"client_group"`
		EndOn     sql.NullTime `db:"end_on"`
		Decision  []byte       `db:"decision"`
		Drafts    []byte       `db:"drafts"`
		Lang      string       `db:"lang"`
		CreatedAt time.Time    `db:"created_at"`
		Sent      bool         `db:"drafts_sent"`
		Reviewer  string       `db:"reviewer"`
		Reviewed  sql.NullTime `db:"reviewed_at"`
	}
	if err := db.x.GetContext(ctx, &row, latestDecisionQuery, teamID, clientID); err != nil {
		return FarewellDecision{}, fmt.Errorf("loading the farewell decision on client %d: %w", clientID, MapError(err))
	}
	out := FarewellDecision{
		ID: row.ID, TeamID: row.TeamID, ClientID: row.ClientID, Manager: row.Manager, Path: row.Path,
		Group: row.Group, Decision: row.Decision, Lang: row.Lang, CreatedAt: row.CreatedAt.UTC(), DraftsSent: row.Sent,
		Reviewer: row.Reviewer,
	}
	if row.Reviewed.Valid {
		out.ReviewedAt = row.Reviewed.Time.UTC()
	}
	if row.EndOn.Valid {
		out.EndOn = ledger.Date(row.EndOn.Time)
	}
	if err := json.Unmarshal(row.Drafts, &out.Drafts); err != nil {
		return FarewellDecision{}, fmt.Errorf("reading the drafts of decision %d: %w", row.ID, err)
	}
	return out, nil
}

// FarewellDraftsSent records that a decision's drafts reached the manager
// by DM; until then the client's card offers to resend them.
func (db *DB) FarewellDraftsSent(ctx context.Context, teamID string, decisionID int64) error {
	if _, err := execRows(ctx, db.x, draftsSentQuery, teamID, decisionID); err != nil {
		return fmt.Errorf("recording the drafts of decision %d as sent: %w", decisionID, err)
	}
	return nil
}

const markReviewedQuery = `
UPDATE farewell_decisions SET reviewed_at = COALESCE(reviewed_at, now())
WHERE team_id = $1 AND id = $2 AND reviewer = $3
RETURNING client_id, reviewed_at`

// MarkReviewed records that the decision's named reviewer confirmed the
// review; only they can (ErrNotFound for anyone else or an unknown
// decision). A second press keeps the first time.
func (db *DB) MarkReviewed(ctx context.Context, teamID string, decisionID int64, reviewer string) (clientID int64, at time.Time, err error) {
	var row struct {
		ClientID int64     `db:"client_id"`
		At       time.Time `db:"reviewed_at"`
	}
	if err := db.x.GetContext(ctx, &row, markReviewedQuery, teamID, decisionID, reviewer); err != nil {
		return 0, time.Time{}, fmt.Errorf("recording the review of decision %d: %w", decisionID, MapError(err))
	}
	return row.ClientID, row.At.UTC(), nil
}
