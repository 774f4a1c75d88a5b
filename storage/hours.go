package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// Time entries: minutes a person spent on a client, in a department, on a
// day. Undo only stamps deleted_at; undone entries are never counted.

const (
	timeEntryQuery = `
SELECT t.id, t.team_id, t.client_id, c.name AS client_name, t.user_id, d.name AS department,
       t.minutes, t.worked_on, t.note, t.outside_contract, t.created_at
FROM time_entries t
JOIN clients c ON c.id = t.client_id
JOIN departments d ON d.id = t.department_id
WHERE t.team_id = $1 AND t.id = $2 AND t.deleted_at IS NULL`

	undoTimeEntryQuery = `
UPDATE time_entries SET deleted_at = now()
WHERE team_id = $1 AND id = $2 AND deleted_at IS NULL`

	userClientMinutesQuery = `
SELECT COALESCE(sum(minutes), 0) FROM time_entries
WHERE team_id = $1 AND user_id = $2 AND client_id = $3 AND deleted_at IS NULL
  AND worked_on BETWEEN $4::date AND $5::date`
)

// TimeEntryInput is one stretch of work to log, by the person the
// delivery names.
type TimeEntryInput struct {
	ClientID   int64
	Department string // a known department's stored name
	Minutes    int
	WorkedOn   time.Time // calendar day (see ledger.Date)
	Note       string
	// OutsideContract marks work the contract does not cover.
	OutsideContract bool
}

// LoggedHours is what LogHours stored, with what its reply shows beside it.
type LoggedHours struct {
	Entry       TimeEntry
	Week        ledger.Span   // the span WeekMinutes totals
	WeekMinutes int           // the person's minutes on the client over Week
	Rates       []ledger.Rate // the team's rate history, to price the entry
}

// TimeEntry is a stored time entry with its client's and department's names.
type TimeEntry struct {
	ID         int64
	TeamID     string
	ClientID   int64
	ClientName string
	UserID     string
	Department string
	Minutes    int
	WorkedOn   time.Time // calendar day, 00:00 UTC
	Note       string
	// OutsideContract marks work the contract does not cover.
	OutsideContract bool
	CreatedAt       time.Time
}

type timeEntryRow struct {
	ID         int64     `db:"id"`
	TeamID     string    `db:"team_id"`
	ClientID   int64     `db:"client_id"`
	ClientName string    `db:"client_name"`
	UserID     string    `db:"user_id"`
	Department string    `db:"department"`
	Minutes    int       `db:"minutes"`
	WorkedOn   time.Time `db:"worked_on"`
	Note       string    `db:"note"`
	Outside    bool      `db:"outside_contract"`
	CreatedAt  time.Time `db:"created_at"`
}

func (r timeEntryRow) entry() TimeEntry {
	return TimeEntry{
		ID: r.ID, TeamID: r.TeamID, ClientID: r.ClientID, ClientName: r.ClientName, UserID: r.UserID,
		Department: r.Department, Minutes: r.Minutes, WorkedOn: ledger.Date(r.WorkedOn), Note: r.Note,
		OutsideContract: r.Outside, CreatedAt: r.CreatedAt.UTC(),
	}
}

// LogHours logs time for d.UserID and totals their minutes on the client
// over week (a ledger.WeekOf), claimed by d's key: a redelivery fails
// with ErrAlreadyClaimed and writes nothing. A client or department that is not the team's
// yields ErrNotFound, and claims nothing. One statement does it all (one
// round trip, atomic like any statement); the rates the reply prices the
// entry with come from the workspace's facts in memory, at the version
// the statement read.
func (db *DB) LogHours(ctx context.Context, d Delivery, in TimeEntryInput, week ledger.Span) (LoggedHours, error) {
	if w := ledger.WeekOf(week.From); !w.From.Equal(week.From) || !w.To.Equal(week.To) {
		return LoggedHours{}, fmt.Errorf("logging hours: totals are kept by weeks from Monday, not %v to %v", week.From, week.To)
	}
	var row loggedRow
	stmt, err := db.prepared(ctx, logHoursQuery)
	if err != nil {
		return LoggedHours{}, err
	}
	err = stmt.GetContext(ctx, &row, d.TeamID, in.ClientID, d.UserID, in.Department,
		in.Minutes, calendarDayArg(in.WorkedOn), in.Note, in.OutsideContract, d.Key,
		fromDayArg(week), toDayArg(week))
	switch err = MapError(err); {
	case err != nil:
	case !row.Found:
		err = fmt.Errorf("client %d or department %q: %w", in.ClientID, in.Department, ErrNotFound)
	case !row.ID.Valid:
		err = fmt.Errorf("claiming delivery %q: %w", d.Key, ErrAlreadyClaimed)
	}
	if err != nil {
		return LoggedHours{}, fmt.Errorf("logging %d minutes on client %d in %q: %w", in.Minutes, in.ClientID, in.Department, err)
	}
	logged := LoggedHours{Week: week, WeekMinutes: row.WeekMinutes, Entry: TimeEntry{
		ID: row.ID.Int64, TeamID: d.TeamID, ClientID: in.ClientID, ClientName: row.ClientName, UserID: d.UserID,
		Department: row.Department, Minutes: in.Minutes, WorkedOn: ledger.Date(in.WorkedOn), Note: in.Note,
		OutsideContract: in.OutsideContract, CreatedAt: row.CreatedAt.Time.UTC(),
	}}
	f, err := db.facts(ctx, d.TeamID, row.Version)
	if err != nil {
		return LoggedHours{}, err
	}
	logged.Rates = f.rates
	return logged, nil
}

// logHoursQuery: target is the client and department (none: not found);
// claim takes the delivery key only for a target; the entry is inserted
// only when the claim was taken; the week's total is what was there
// before plus this entry: the total kept in week_minutes (00018), read in
// the statement's snapshot, which the insert's trigger has not yet
// changed. $9 is the delivery key; $10 and $11 the week's Monday and
// Sunday.
const logHoursQuery = `
WITH target AS (
    SELECT c.team_id, c.id AS client_id, c.name AS client_name, d.id AS department_id, d.name AS department
    FROM clients c JOIN departments d ON d.team_id = c.team_id AND d.name = $4
    WHERE c.team_id = $1 AND c.id = $2
), claim AS (
    INSERT INTO delivery_keys (team_id, key) SELECT $1, $9 FROM target
    ON CONFLICT (team_id, key) DO NOTHING RETURNING 1
), entry AS (
    INSERT INTO time_entries (team_id, client_id, user_id, department_id, minutes, worked_on, note, outside_contract)
    SELECT t.team_id, t.client_id, $3, t.department_id, $5, $6::date, $7, $8 FROM target t, claim
    RETURNING id, created_at
)
SELECT t.client_id IS NOT NULL AS found, COALESCE(t.client_name, '') AS client_name, COALESCE(t.department, '') AS department,
       e.id, e.created_at,
       COALESCE((SELECT minutes FROM week_minutes
                 WHERE team_id = $1 AND user_id = $3 AND client_id = $2 AND week = $10::date), 0)
       + CASE WHEN $6::date BETWEEN $10::date AND $11::date THEN $5 ELSE 0 END
         AS week_minutes,
       COALESCE((SELECT version FROM team_versions WHERE team_id = $1), 0) AS version
FROM (SELECT 1) one LEFT JOIN target t ON true LEFT JOIN entry e ON true`

type loggedRow struct {
	Found       bool          `db:"found"`
	ClientName  string        `db:"client_name"`
	Department  string        `db:"department"`
	ID          sql.NullInt64 `db:"id"`
	CreatedAt   sql.NullTime  `db:"created_at"`
	WeekMinutes int           `db:"week_minutes"`
	Version     int64         `db:"version"` // the workspace's, for its rates
}

// UndoHours soft-deletes an entry, in one transaction claimed by d's key;
// ErrNotFound when it is unknown or already undone.
func (db *DB) UndoHours(ctx context.Context, d Delivery, id int64) error {
	if err := db.softDelete(ctx, d, undoTimeEntryQuery, id); err != nil {
		return fmt.Errorf("undoing time entry %d: %w", id, err)
	}
	return nil
}

// TimeEntry loads one entry; ErrNotFound when it is unknown or undone.
func (c conn) TimeEntry(ctx context.Context, teamID string, id int64) (TimeEntry, error) {
	var row timeEntryRow
	if err := c.q.GetContext(ctx, &row, timeEntryQuery, teamID, id); err != nil {
		err = MapError(err)
		if errors.Is(err, ErrNotFound) {
			return TimeEntry{}, fmt.Errorf("time entry %d: %w", id, ErrNotFound)
		}
		return TimeEntry{}, fmt.Errorf("loading time entry %d: %w", id, err)
	}
	return row.entry(), nil
}

// UserClientMinutes totals the minutes a person logged on a client on the
// days of span.
func (c conn) UserClientMinutes(ctx context.Context, teamID, userID string, clientID int64, span ledger.Span) (int, error) {
	var n int
	err := c.q.GetContext(ctx, &n, userClientMinutesQuery, teamID, userID, clientID, fromDayArg(span), toDayArg(span))
	if err != nil {
		return 0, fmt.Errorf("totalling %s's minutes on client %d: %w", userID, clientID, MapError(err))
	}
	return n, nil
}
