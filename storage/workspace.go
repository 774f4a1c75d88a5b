package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// What every command reads first: the workspace's clients and departments,
// to resolve the names people type.

const (
	listClientsQuery = `
SELECT id, team_id, name, status, cac_minor, status_until, created_by, created_at
FROM clients
WHERE team_id = $1 AND ($2 OR status <> 'archived')
ORDER BY lower(name)`

	departmentNamesQuery = `
SELECT name FROM departments WHERE team_id = $1 ORDER BY name`
)

// clientRow is a clients row as the queries that return a ledger.Client
// select it.
type clientRow struct {
	ID          int64         `db:"id"`
	TeamID      string        `db:"team_id"`
	Name        string        `db:"name"`
	Status      string        `db:"status"`
	CACMinor    sql.NullInt64 `db:"cac_minor"`
	StatusUntil sql.NullTime  `db:"status_until"`
	CreatedBy   string        `db:"created_by"`
	CreatedAt   time.Time     `db:"created_at"`
}

func (r clientRow) client() ledger.Client {
	return ledger.Client{
		ID: r.ID, TeamID: r.TeamID, Name: r.Name, Status: ledger.Status(r.Status),
		CACMinor: r.CACMinor.Int64, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(),
	}
}

// ListClients returns the workspace's clients by name; archived ones only
// when asked for.
func (db *DB) ListClients(ctx context.Context, teamID string, withArchived bool) ([]ledger.Client, error) {
	var rows []clientRow
	if err := db.x.SelectContext(ctx, &rows, listClientsQuery, teamID, withArchived); err != nil {
		return nil, fmt.Errorf("listing clients: %w", MapError(err))
	}
	out := make([]ledger.Client, len(rows))
	for i, r := range rows {
		out[i] = r.client()
	}
	return out, nil
}

// DepartmentNames lists the workspace's departments.
func (db *DB) DepartmentNames(ctx context.Context, teamID string) ([]string, error) {
	var names []string
	if err := db.x.SelectContext(ctx, &names, departmentNamesQuery, teamID); err != nil {
		return nil, fmt.Errorf("listing departments: %w", MapError(err))
	}
	return names, nil
}

const (
	ratesQuery = `
SELECT d.name AS department, r.per_hour_minor, r.effective_from
FROM department_rates r JOIN departments d ON d.id = r.department_id
WHERE r.team_id = $1
ORDER BY d.name, r.effective_from, r.id`
)

type rateRow struct {
	Department   string    `db:"department"`
	PerHourMinor int64     `db:"per_hour_minor"`
	From         time.Time `db:"effective_from"`
}

// Rates returns every department's rate history, oldest first; a later row
// for the same day wins, as the ledger expects.
func (c conn) Rates(ctx context.Context, teamID string) ([]ledger.Rate, error) {
	var rows []rateRow
	if err := c.q.SelectContext(ctx, &rows, ratesQuery, teamID); err != nil {
		return nil, fmt.Errorf("loading rates: %w", MapError(err))
	}
	out := make([]ledger.Rate, len(rows))
	for i, r := range rows {
		out[i] = ledger.Rate{Department: r.Department, PerHourMinor: r.PerHourMinor, From: ledger.Date(r.From)}
	}
	return out, nil
}
