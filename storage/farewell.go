package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/tact-bot/tact/ledger"
)

// The farewell wizard: the facts its evidence step is built from, its state
// between steps, the decisions it stores and the reminders it schedules.

const (
	farewellIncidentsQuery = `
SELECT category, severity, description, evidence, occurred_on
FROM incidents
WHERE team_id = $1 AND client_id = $2 AND occurred_on BETWEEN $3 AND $4 AND deleted_at IS NULL
ORDER BY occurred_on DESC, id DESC`

	saveWizardQuery = `
INSERT INTO farewell_wizards (team_id, view_id, user_id, client_id, state)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (team_id, view_id) DO UPDATE
SET state = EXCLUDED.state, updated_at = now()
WHERE farewell_wizards.user_id = EXCLUDED.user_id`

	wizardQuery = `
SELECT team_id, view_id, user_id, client_id, state, updated_at
FROM farewell_wizards WHERE team_id = $1 AND view_id = $2`

	deleteWizardQuery = `DELETE FROM farewell_wizards WHERE team_id = $1 AND view_id = $2`

	pruneWizardsQuery = `DELETE FROM farewell_wizards WHERE updated_at < $1`

	insertDecisionQuery = `
INSERT INTO farewell_decisions (team_id, client_id, manager, path, client_group, end_on, decision, drafts, lang)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
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

	// Claiming sets sent_at (the claim's time) in the same statement that
	// finds the due reminders: a concurrent run skips the rows this one
	// holds and, once it commits, no longer sees them as due. A claim not
	// delivered within the stale window ($3 seconds) was its run's last
	// act: it is claimed again. Only reminders whose client is still
	// parting on that day are claimed.
	claimRemindersQuery = `
WITH due AS (
    SELECT r.id
    FROM farewell_reminders r
    JOIN farewell_decisions d ON d.id = r.decision_id
    JOIN clients c ON c.id = d.client_id
    WHERE r.team_id = $1 AND r.delivered_at IS NULL AND r.due_on <= $2
      AND (r.sent_at IS NULL OR r.sent_at < now() - make_interval(secs => $3))
      AND c.status = 'parting' AND c.status_until = d.end_on
    FOR UPDATE OF r SKIP LOCKED
)
UPDATE farewell_reminders r SET sent_at = now()
FROM due, farewell_decisions d, clients c
WHERE r.id = due.id AND d.id = r.decision_id AND c.id = d.client_id
RETURNING r.id, r.team_id, r.kind, r.due_on, d.id AS decision_id, d.client_id, d.manager, d.lang,
          d.end_on, d.drafts, c.name AS client_name`

	releaseReminderQuery = `UPDATE farewell_reminders SET sent_at = NULL WHERE id = $1 AND delivered_at IS NULL`

	draftsSentQuery = `UPDATE farewell_decisions SET drafts_sent_at = now() WHERE team_id = $1 AND id = $2`

	deliveredReminderQuery = `UPDATE farewell_reminders SET delivered_at = now() WHERE id = $1`

	latestDecisionQuery = `
SELECT id, team_id, client_id, manager, path, client_group, end_on, decision, drafts, lang, created_at,
       drafts_sent_at IS NOT NULL AS drafts_sent
FROM farewell_decisions WHERE team_id = $1 AND client_id = $2
ORDER BY created_at DESC, id DESC LIMIT 1`
)

// FarewellIncident is an incident as the wizard's evidence reads it: what
// and when, never who reported it.
type FarewellIncident struct {
	Category    ledger.Category
	Severity    ledger.Severity
	Description string
	Links       []string
	Day         time.Time
}

// FarewellFacts is what the wizard's evidence is computed from.
type FarewellFacts struct {
	Client  ClientDetail
	Revenue []ledger.Revenue // the client's full history, oldest first
	Rates   []ledger.Rate
	Hours   []ledger.Entry     // the client's, within the span
	Recent  []FarewellIncident // the client's, within the span, newest first
	// The team, for "is it only this client?": clients that are not
	// archived, incidents per client within the span, latest strain results.
	Clients       []ledger.Client
	TeamIncidents map[int64]int
	Strain        map[int64]StrainScore
}

// FarewellFacts loads a client's facts over span (the wizard's 12 weeks),
// with the team's for comparison; strain results closed by asOf.
func (db *DB) FarewellFacts(ctx context.Context, teamID string, clientID int64, span ledger.Span, asOf time.Time) (FarewellFacts, error) {
	var f FarewellFacts
	var err error
	wrap := func(err error) error {
		return fmt.Errorf("loading the farewell evidence of client %d: %w", clientID, err)
	}
	if f.Client, err = db.ClientDetail(ctx, teamID, clientID); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Revenue, err = db.RevenueHistory(ctx, teamID, clientID); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Rates, err = db.Rates(ctx, teamID); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Hours, err = db.ClientHours(ctx, teamID, clientID, span); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Recent, err = db.farewellIncidents(ctx, teamID, clientID, span); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Clients, err = db.ListClients(ctx, teamID, false); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.TeamIncidents, err = db.TeamIncidentCounts(ctx, teamID, span); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Strain, err = db.LatestStrain(ctx, teamID, asOf); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	return f, nil
}

func (db *DB) farewellIncidents(ctx context.Context, teamID string, clientID int64, span ledger.Span) ([]FarewellIncident, error) {
	from, to := spanArgs(span)
	var rows []struct {
		Category    string         `db:"category"`
		Severity    string         `db:"severity"`
		Description string         `db:"description"`
		Evidence    pq.StringArray `db:"evidence"`
		OccurredOn  time.Time      `db:"occurred_on"`
	}
	if err := db.x.SelectContext(ctx, &rows, farewellIncidentsQuery, teamID, clientID, from, to); err != nil {
		return nil, fmt.Errorf("reading incidents: %w", MapError(err))
	}
	out := make([]FarewellIncident, len(rows))
	for i, r := range rows {
		out[i] = FarewellIncident{
			Category: ledger.Category(r.Category), Severity: ledger.Severity(r.Severity),
			Description: r.Description, Links: []string(r.Evidence), Day: ledger.Date(r.OccurredOn),
		}
	}
	return out, nil
}

// FarewellWizard is an open wizard's state, keyed by its modal's view id.
// State is the wizard's own JSON.
type FarewellWizard struct {
	TeamID    string
	ViewID    string
	UserID    string
	ClientID  int64
	State     json.RawMessage
	UpdatedAt time.Time
}

// SaveFarewellWizard stores the wizard's state. A row held by another user
// is left alone and reported as ErrConflict.
func (db *DB) SaveFarewellWizard(ctx context.Context, w FarewellWizard) error {
	n, err := execRows(ctx, db.x, saveWizardQuery, w.TeamID, w.ViewID, w.UserID, w.ClientID, []byte(w.State))
	if err != nil {
		return fmt.Errorf("saving farewell wizard %s: %w", w.ViewID, err)
	}
	if n == 0 {
		return fmt.Errorf("saving farewell wizard %s: %w", w.ViewID, ErrConflict)
	}
	return nil
}

// FarewellWizard loads an open wizard; ErrNotFound when it was submitted,
// closed or pruned.
func (db *DB) FarewellWizard(ctx context.Context, teamID, viewID string) (FarewellWizard, error) {
	var row struct {
		TeamID    string    `db:"team_id"`
		ViewID    string    `db:"view_id"`
		UserID    string    `db:"user_id"`
		ClientID  int64     `db:"client_id"`
		State     []byte    `db:"state"`
		UpdatedAt time.Time `db:"updated_at"`
	}
	if err := db.x.GetContext(ctx, &row, wizardQuery, teamID, viewID); err != nil {
		return FarewellWizard{}, fmt.Errorf("loading farewell wizard %s: %w", viewID, MapError(err))
	}
	return FarewellWizard{
		TeamID: row.TeamID, ViewID: row.ViewID, UserID: row.UserID, ClientID: row.ClientID,
		State: row.State, UpdatedAt: row.UpdatedAt.UTC(),
	}, nil
}

// DeleteFarewellWizard forgets a wizard (closed without saving).
func (db *DB) DeleteFarewellWizard(ctx context.Context, teamID, viewID string) error {
	if _, err := execRows(ctx, db.x, deleteWizardQuery, teamID, viewID); err != nil {
		return fmt.Errorf("deleting farewell wizard %s: %w", viewID, err)
	}
	return nil
}

// PruneFarewellWizards deletes wizards untouched since olderThan, in every
// workspace, and returns how many went.
func (db *DB) PruneFarewellWizards(ctx context.Context, olderThan time.Time) (int64, error) {
	n, err := execRows(ctx, db.x, pruneWizardsQuery, olderThan)
	if err != nil {
		return 0, fmt.Errorf("pruning farewell wizards: %w", err)
	}
	return n, nil
}

// Reminder kinds.
const (
	ReminderWeekBefore = "week_before"
	ReminderEndDate    = "end_date"
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
			rec.Group, dayArg(rec.EndOn), []byte(rec.Decision), drafts, rec.Lang); err != nil {
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
		return nil
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
	}
	if err := db.x.GetContext(ctx, &row, latestDecisionQuery, teamID, clientID); err != nil {
		return FarewellDecision{}, fmt.Errorf("loading the farewell decision on client %d: %w", clientID, MapError(err))
	}
	out := FarewellDecision{
		ID: row.ID, TeamID: row.TeamID, ClientID: row.ClientID, Manager: row.Manager, Path: row.Path,
		Group: row.Group, Decision: row.Decision, Lang: row.Lang, CreatedAt: row.CreatedAt.UTC(), DraftsSent: row.Sent,
	}
	if row.EndOn.Valid {
		out.EndOn = ledger.Date(row.EndOn.Time)
	}
	if err := json.Unmarshal(row.Drafts, &out.Drafts); err != nil {
		return FarewellDecision{}, fmt.Errorf("reading the drafts of decision %d: %w", row.ID, err)
	}
	return out, nil
}

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
	}
	if err := db.x.SelectContext(ctx, &rows, claimRemindersQuery, teamID, ledger.Date(today), stale.Seconds()); err != nil {
		return nil, fmt.Errorf("claiming farewell reminders: %w", MapError(err))
	}
	out := make([]FarewellReminder, len(rows))
	for i, r := range rows {
		out[i] = FarewellReminder{
			ID: r.ID, TeamID: r.TeamID, Kind: r.Kind, DueOn: ledger.Date(r.DueOn), DecisionID: r.DecisionID,
			ClientID: r.ClientID, ClientName: r.ClientName, Manager: r.Manager, Lang: r.Lang, EndOn: ledger.Date(r.EndOn),
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

// FarewellDraftsSent records that a decision's drafts reached the manager
// by DM; until then the client's card offers to resend them.
func (db *DB) FarewellDraftsSent(ctx context.Context, teamID string, decisionID int64) error {
	if _, err := execRows(ctx, db.x, draftsSentQuery, teamID, decisionID); err != nil {
		return fmt.Errorf("recording the drafts of decision %d as sent: %w", decisionID, err)
	}
	return nil
}
