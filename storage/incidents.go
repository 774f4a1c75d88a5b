package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/lib/pq"

	"github.com/tact-bot/tact/ledger"
)

// Incidents: what a difficult client did. Deleting one only stamps
// deleted_at, so a mistaken delete can be recovered by hand and the numbers
// people were shown stay explainable.

// Incident sources, as stored.
const (
	SourceCommand  = "command"
	SourceModal    = "modal"
	SourceShortcut = "shortcut"
)

const (
	insertIncidentQuery = `
INSERT INTO incidents (team_id, client_id, category, severity, description, evidence, occurred_on, reported_by, source,
                       amount_minor, days_late)
SELECT c.team_id, c.id, $3, $4, $5, $6, $7::date, $8, $9, $10, $11
FROM clients c WHERE c.team_id = $1 AND c.id = $2
RETURNING id`

	incidentQuery = `
SELECT i.id, i.team_id, i.client_id, c.name AS client_name, i.category, i.severity, i.description,
       i.evidence, i.occurred_on, i.reported_by, i.reported_at, i.source, i.updated_at, i.amount_minor, i.days_late
FROM incidents i JOIN clients c ON c.id = i.client_id
WHERE i.team_id = $1 AND i.id = $2 AND i.deleted_at IS NULL`

	incidentForUpdateQuery = incidentQuery + `
FOR UPDATE OF i`

	updateIncidentQuery = `
UPDATE incidents i
SET client_id = c.id, category = $4, severity = $5, description = $6, evidence = $7,
    occurred_on = $8::date, amount_minor = $9, days_late = $10, updated_at = now()
FROM clients c
WHERE i.team_id = $1 AND i.id = $2 AND i.deleted_at IS NULL AND c.team_id = $1 AND c.id = $3`

	keepIncidentVersionQuery = `
INSERT INTO incident_versions (team_id, incident_id, category, severity, description, evidence, occurred_on, replaced_by)
SELECT team_id, id, category, severity, description, evidence, occurred_on, $3
FROM incidents WHERE team_id = $1 AND id = $2`

	incidentVersionsQuery = `
SELECT v.category, v.severity, v.description, v.evidence, v.occurred_on, v.replaced_by, v.replaced_at
FROM incident_versions v JOIN incidents i ON i.id = v.incident_id
WHERE v.team_id = $1 AND v.incident_id = $2 AND i.deleted_at IS NULL
ORDER BY v.replaced_at DESC, v.id DESC`

	deleteIncidentQuery = `
UPDATE incidents SET deleted_at = now()
WHERE team_id = $1 AND id = $2 AND deleted_at IS NULL`

	countIncidentsQuery = `
SELECT count(*) FROM incidents
WHERE team_id = $1 AND client_id = $2 AND deleted_at IS NULL
  AND ($3::date IS NULL OR occurred_on >= $3::date) AND ($4::date IS NULL OR occurred_on <= $4::date)`
)

// IncidentInput is what a person logs or edits.
type IncidentInput struct {
	ClientID    int64
	Category    ledger.Category
	Severity    ledger.Severity
	Description string
	Evidence    []string
	OccurredOn  time.Time // calendar day (see ledger.Date)
	Source      string    // SourceCommand, SourceModal or SourceShortcut; ignored by EditIncident
	Payment     ledger.Payment
}

// LoggedIncident is what LogIncident or EditIncident stored, with the
// count its reply shows beside it.
type LoggedIncident struct {
	Incident Incident
	Recent   int // the client's incidents within the span asked for
}

// ErrIncidentGone is the ErrNotFound of an edit whose incident is deleted
// or unknown, told apart from a client that went.
var ErrIncidentGone = fmt.Errorf("%w: incident deleted", ErrNotFound)

// Incident is a stored incident with its client's name.
type Incident struct {
	ID          int64
	TeamID      string
	ClientID    int64
	ClientName  string
	Category    ledger.Category
	Severity    ledger.Severity
	Description string
	Evidence    []string
	OccurredOn  time.Time // calendar day, 00:00 UTC
	ReportedBy  string
	ReportedAt  time.Time
	Source      string
	UpdatedAt   time.Time // zero when never edited
	Payment     ledger.Payment
}

type incidentRow struct {
	ID          int64          `db:"id"`
	TeamID      string         `db:"team_id"`
	ClientID    int64          `db:"client_id"`
	ClientName  string         `db:"client_name"`
	Category    string         `db:"category"`
	Severity    string         `db:"severity"`
	Description string         `db:"description"`
	Evidence    pq.StringArray `db:"evidence"`
	OccurredOn  time.Time      `db:"occurred_on"`
	ReportedBy  string         `db:"reported_by"`
	ReportedAt  time.Time      `db:"reported_at"`
	Source      string         `db:"source"`
	UpdatedAt   *time.Time     `db:"updated_at"`
	AmountMinor sql.NullInt64  `db:"amount_minor"`
	DaysLate    sql.NullInt32  `db:"days_late"`
}

func (r incidentRow) incident() Incident {
	inc := Incident{
		ID: r.ID, TeamID: r.TeamID, ClientID: r.ClientID, ClientName: r.ClientName,
		Category: ledger.Category(r.Category), Severity: ledger.Severity(r.Severity),
		Description: r.Description, Evidence: []string(r.Evidence),
		OccurredOn: ledger.Date(r.OccurredOn), ReportedBy: r.ReportedBy, ReportedAt: r.ReportedAt.UTC(),
		Source:  r.Source,
		Payment: ledger.Payment{AmountMinor: r.AmountMinor.Int64, DaysLate: int(r.DaysLate.Int32)},
	}
	if r.UpdatedAt != nil {
		inc.UpdatedAt = r.UpdatedAt.UTC()
	}
	return inc
}

// fromDayArg and toDayArg are a span's ends as dates, an open end as
// -infinity or infinity: "day BETWEEN $from AND $to" then always lets
// an index serve the range, even in a generic plan.
func fromDayArg(s ledger.Span) string {
	if s.From.IsZero() {
		return "-infinity"
	}
	return ledger.Date(s.From).Format(time.DateOnly)
}

func toDayArg(s ledger.Span) string {
	if s.To.IsZero() {
		return "infinity"
	}
	return ledger.Date(s.To).Format(time.DateOnly)
}

// calendarDayArg passes a calendar day as a date literal, so the session's time
// zone can never shift it to the day before.
func calendarDayArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ledger.Date(t).Format(time.DateOnly)
}

// paymentArgs stores a late payment's details, NULL where not given (and
// for every other category).
func paymentArgs(p ledger.Payment) (amount, days any) {
	if p.AmountMinor > 0 {
		amount = p.AmountMinor
	}
	if p.DaysLate > 0 {
		days = p.DaysLate
	}
	return amount, days
}

func evidenceArray(links []string) pq.StringArray {
	if links == nil {
		return pq.StringArray{}
	}
	return pq.StringArray(links)
}

// LogIncident stores a new incident reported by d.UserID and counts the
// client's incidents within recent, in one transaction claimed by d's key:
// a redelivery fails with ErrAlreadyClaimed and writes nothing. A client
// that is not the team's yields ErrNotFound.
func (db *DB) LogIncident(ctx context.Context, d Delivery, in IncidentInput, recent ledger.Span) (LoggedIncident, error) {
	var logged LoggedIncident
	err := db.deliveryTx(ctx, d, func(tx *Tx) error {
		var id int64
		amount, days := paymentArgs(in.Payment)
		err := tx.GetContext(ctx, &id, insertIncidentQuery, d.TeamID, in.ClientID, string(in.Category), string(in.Severity),
			in.Description, evidenceArray(in.Evidence), calendarDayArg(in.OccurredOn), d.UserID, in.Source, amount, days)
		if err != nil {
			return fmt.Errorf("inserting the incident: %w", MapError(err))
		}
		logged, err = loggedIncident(ctx, tx, d.TeamID, id, recent)
		return err
	})
	if err != nil {
		return LoggedIncident{}, fmt.Errorf("logging an incident for client %d: %w", in.ClientID, err)
	}
	return logged, nil
}

// EditIncident replaces what can be edited of incident id (client,
// category, severity, description, evidence and the day it happened) and
// counts the client's incidents within recent, in one transaction claimed
// by d's key. The incident is locked first and handed to allow, so the
// permission check and the change see the same row; an error from allow
// is returned as is and nothing changes. A deleted or unknown incident
// yields ErrIncidentGone; a client that is not the team's, ErrNotFound.
func (db *DB) EditIncident(ctx context.Context, d Delivery, id int64, in IncidentInput, recent ledger.Span, allow func(before Incident) error) (LoggedIncident, error) {
	var logged LoggedIncident
	err := db.deliveryTx(ctx, d, func(tx *Tx) error {
		before, err := getIncident(ctx, tx, incidentForUpdateQuery, d.TeamID, id)
		if errors.Is(err, ErrNotFound) {
			return ErrIncidentGone
		} else if err != nil {
			return err
		}
		if err := allow(before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, keepIncidentVersionQuery, d.TeamID, id, d.UserID); err != nil {
			return fmt.Errorf("keeping the earlier version: %w", MapError(err))
		}
		amount, days := paymentArgs(in.Payment)
		n, err := execRows(ctx, tx, updateIncidentQuery, d.TeamID, id, in.ClientID, string(in.Category), string(in.Severity),
			in.Description, evidenceArray(in.Evidence), calendarDayArg(in.OccurredOn), amount, days)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("client %d: %w", in.ClientID, ErrNotFound)
		}
		if logged, err = loggedIncident(ctx, tx, d.TeamID, id, recent); err != nil {
			return err
		}
		if before.ReportedBy == d.UserID {
			return nil // one's own incident: no manager action
		}
		after := incidentValues(logged.Incident)
		if before.Description != logged.Incident.Description || !slices.Equal(before.Evidence, logged.Incident.Evidence) {
			after["text_edited"] = true
		}
		return tx.audit(ctx, d, Change{Action: AuditIncidentEdit, ClientID: logged.Incident.ClientID, Subject: strconv.FormatInt(id, 10),
			Before: incidentValues(before), After: after})
	})
	if err != nil {
		return LoggedIncident{}, fmt.Errorf("editing incident %d: %w", id, err)
	}
	return logged, nil
}

func loggedIncident(ctx context.Context, tx *Tx, teamID string, id int64, recent ledger.Span) (LoggedIncident, error) {
	inc, err := tx.Incident(ctx, teamID, id)
	if err != nil {
		return LoggedIncident{}, err
	}
	n, err := tx.CountIncidents(ctx, teamID, inc.ClientID, recent)
	return LoggedIncident{Incident: inc, Recent: n}, err
}

// DeleteIncident soft-deletes an incident, in one transaction claimed by
// d's key; ErrNotFound when it is unknown or already deleted.
func (db *DB) DeleteIncident(ctx context.Context, d Delivery, id int64) error {
	err := db.deliveryTx(ctx, d, func(tx *Tx) error {
		before, err := getIncident(ctx, tx, incidentForUpdateQuery, d.TeamID, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, deleteIncidentQuery, d.TeamID, id); err != nil {
			return MapError(err)
		}
		if before.ReportedBy == d.UserID {
			return nil
		}
		return tx.audit(ctx, d, Change{Action: AuditIncidentDelete, ClientID: before.ClientID, Subject: strconv.FormatInt(id, 10),
			Before: incidentValues(before)})
	})
	if err != nil {
		return fmt.Errorf("deleting incident %d: %w", id, err)
	}
	return nil
}

// incidentValues is what the audit log keeps of an incident: its kind,
// weight and day, never its text, which quotes people.
func incidentValues(in Incident) map[string]any {
	return map[string]any{"category": string(in.Category), "severity": string(in.Severity), "day": in.OccurredOn.Format(time.DateOnly)}
}

// Incident loads one incident that is not deleted; ErrNotFound otherwise.
func (c conn) Incident(ctx context.Context, teamID string, id int64) (Incident, error) {
	return getIncident(ctx, c.q, incidentQuery, teamID, id)
}

// CountIncidents counts a client's incidents that happened within span
// (by the day they happened), deleted ones excluded.
func (c conn) CountIncidents(ctx context.Context, teamID string, clientID int64, span ledger.Span) (int, error) {
	var n int
	if err := c.q.GetContext(ctx, &n, countIncidentsQuery, teamID, clientID, calendarDayArg(span.From), calendarDayArg(span.To)); err != nil {
		return 0, fmt.Errorf("counting incidents of client %d: %w", clientID, MapError(err))
	}
	return n, nil
}

func getIncident(ctx context.Context, q queryer, query, teamID string, id int64) (Incident, error) {
	var row incidentRow
	if err := q.GetContext(ctx, &row, query, teamID, id); err != nil {
		err = MapError(err)
		if errors.Is(err, ErrNotFound) {
			return Incident{}, fmt.Errorf("incident %d: %w", id, ErrNotFound)
		}
		return Incident{}, fmt.Errorf("loading incident %d: %w", id, err)
	}
	return row.incident(), nil
}

// IncidentVersion is what an edit replaced: the incident as it was, who
// replaced it and when.
type IncidentVersion struct {
	Category    ledger.Category
	Severity    ledger.Severity
	Description string
	Evidence    []string
	OccurredOn  time.Time
	ReplacedBy  string
	ReplacedAt  time.Time
}

type incidentVersionRow struct {
	Category    string         `db:"category"`
	Severity    string         `db:"severity"`
	Description string         `db:"description"`
	Evidence    pq.StringArray `db:"evidence"`
	OccurredOn  time.Time      `db:"occurred_on"`
	ReplacedBy  string         `db:"replaced_by"`
	ReplacedAt  time.Time      `db:"replaced_at"`
}

// IncidentVersions are an incident's earlier versions, newest first; none
// for an incident never edited, deleted or not the team's.
func (db *DB) IncidentVersions(ctx context.Context, teamID string, id int64) ([]IncidentVersion, error) {
	var rows []incidentVersionRow
	if err := db.x.SelectContext(ctx, &rows, incidentVersionsQuery, teamID, id); err != nil {
		return nil, fmt.Errorf("loading the history of incident %d: %w", id, MapError(err))
	}
	out := make([]IncidentVersion, len(rows))
	for i, r := range rows {
		out[i] = IncidentVersion{Category: ledger.Category(r.Category), Severity: ledger.Severity(r.Severity), Description: r.Description,
			Evidence: []string(r.Evidence), OccurredOn: ledger.Date(r.OccurredOn), ReplacedBy: r.ReplacedBy, ReplacedAt: r.ReplacedAt.UTC()}
	}
	return out, nil
}
