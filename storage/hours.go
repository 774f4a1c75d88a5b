package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tact-bot/tact/ledger"
)

// Time entries: minutes a person spent on a client, in a department, on a
// day. Undo only stamps deleted_at; undone entries are never counted.

const (
	insertTimeEntryQuery = `
INSERT INTO time_entries (team_id, client_id, user_id, department_id, minutes, worked_on, note)
SELECT c.team_id, c.id, $3, d.id, $5, $6::date, $7
FROM clients c JOIN departments d ON d.team_id = c.team_id AND d.name = $4
WHERE c.team_id = $1 AND c.id = $2
RETURNING id`

	timeEntryQuery = `
SELECT t.id, t.team_id, t.client_id, c.name AS client_name, t.user_id, d.name AS department,
       t.minutes, t.worked_on, t.note, t.created_at
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
  AND ($4::date IS NULL OR worked_on >= $4::date) AND ($5::date IS NULL OR worked_on <= $5::date)`
)

// TimeEntryInput is one stretch of work to log.
type TimeEntryInput struct {
	ClientID   int64
	UserID     string
	Department string // a known department's stored name
	Minutes    int
	WorkedOn   time.Time // calendar day (see ledger.Date)
	Note       string
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
	CreatedAt  time.Time
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
	CreatedAt  time.Time `db:"created_at"`
}

func (r timeEntryRow) entry() TimeEntry {
	return TimeEntry{
		ID: r.ID, TeamID: r.TeamID, ClientID: r.ClientID, ClientName: r.ClientName, UserID: r.UserID,
		Department: r.Department, Minutes: r.Minutes, WorkedOn: ledger.Date(r.WorkedOn), Note: r.Note,
		CreatedAt: r.CreatedAt.UTC(),
	}
}

// InsertTimeEntry logs time and returns the entry. A client or department
// that is not the team's yields ErrNotFound.
func (tx *Tx) InsertTimeEntry(ctx context.Context, teamID string, in TimeEntryInput) (TimeEntry, error) {
	var id int64
	err := tx.GetContext(ctx, &id, insertTimeEntryQuery, teamID, in.ClientID, in.UserID, in.Department,
		in.Minutes, calendarDayArg(in.WorkedOn), in.Note)
	if err != nil {
		return TimeEntry{}, fmt.Errorf("logging %d minutes on client %d in %q: %w", in.Minutes, in.ClientID, in.Department, MapError(err))
	}
	return getTimeEntry(ctx, tx, teamID, id)
}

// UndoTimeEntry soft-deletes an entry; ErrNotFound when it is unknown or
// already undone.
func (tx *Tx) UndoTimeEntry(ctx context.Context, teamID string, id int64) error {
	n, err := execRows(ctx, tx, undoTimeEntryQuery, teamID, id)
	if err != nil {
		return fmt.Errorf("undoing time entry %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("undoing time entry %d: %w", id, ErrNotFound)
	}
	return nil
}

// TimeEntry loads one entry within the transaction; ErrNotFound when it is
// unknown or undone.
func (tx *Tx) TimeEntry(ctx context.Context, teamID string, id int64) (TimeEntry, error) {
	return getTimeEntry(ctx, tx, teamID, id)
}

// UserClientMinutes totals the minutes a person logged on a client on the
// days of span.
func (tx *Tx) UserClientMinutes(ctx context.Context, teamID, userID string, clientID int64, span ledger.Span) (int, error) {
	return userClientMinutes(ctx, tx, teamID, userID, clientID, span)
}

// TimeEntry loads one entry; ErrNotFound when it is unknown or undone.
func (db *DB) TimeEntry(ctx context.Context, teamID string, id int64) (TimeEntry, error) {
	return getTimeEntry(ctx, db.x, teamID, id)
}

// UserClientMinutes totals the minutes a person logged on a client on the
// days of span.
func (db *DB) UserClientMinutes(ctx context.Context, teamID, userID string, clientID int64, span ledger.Span) (int, error) {
	return userClientMinutes(ctx, db.x, teamID, userID, clientID, span)
}

func getTimeEntry(ctx context.Context, q sqlx.QueryerContext, teamID string, id int64) (TimeEntry, error) {
	var row timeEntryRow
	if err := sqlx.GetContext(ctx, q, &row, timeEntryQuery, teamID, id); err != nil {
		err = MapError(err)
		if errors.Is(err, ErrNotFound) {
			return TimeEntry{}, fmt.Errorf("time entry %d: %w", id, ErrNotFound)
		}
		return TimeEntry{}, fmt.Errorf("loading time entry %d: %w", id, err)
	}
	return row.entry(), nil
}

func userClientMinutes(ctx context.Context, q sqlx.QueryerContext, teamID, userID string, clientID int64, span ledger.Span) (int, error) {
	var n int
	err := sqlx.GetContext(ctx, q, &n, userClientMinutesQuery, teamID, userID, clientID, calendarDayArg(span.From), calendarDayArg(span.To))
	if err != nil {
		return 0, fmt.Errorf("totalling %s's minutes on client %d: %w", userID, clientID, MapError(err))
	}
	return n, nil
}
