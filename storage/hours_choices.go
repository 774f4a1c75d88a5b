package storage

import (
	"context"
	"fmt"

	"github.com/tact-bot/tact/ledger"
)

// HoursChoices is what logging hours reads first, in one round trip: the
// workspace's active clients and departments, to resolve the names
// typed, and the person's default department.
type HoursChoices struct {
	Clients          []ledger.Client
	Departments      []string
	PersonDepartment string // "" when none is set
}

// One statement, three kinds of row: c (a client), d (a department), p
// (the person's department).
const hoursChoicesQuery = `
SELECT 'c' AS kind, id, team_id, name, status, cac_minor, status_until, created_by, created_at, lower(name) AS sort
FROM clients WHERE team_id = $1 AND status <> 'archived'
UNION ALL
SELECT 'd', 0, '', name, '', NULL, NULL, '', 'epoch', name FROM departments WHERE team_id = $1
UNION ALL
SELECT 'p', 0, '', COALESCE(d.name, ''), '', NULL, NULL, '', 'epoch', ''
FROM people p LEFT JOIN departments d ON d.id = p.department_id
WHERE p.team_id = $1 AND p.user_id = $2
ORDER BY kind, sort`

type choiceRow struct {
	Kind string `db:"kind"`
	clientRow
	Sort string `db:"sort"`
}

// HoursChoices reads the clients, departments and the person's department.
func (db *DB) HoursChoices(ctx context.Context, teamID, userID string) (HoursChoices, error) {
	var rows []choiceRow
	stmt, err := db.prepared(ctx, hoursChoicesQuery)
	if err == nil {
		err = stmt.SelectContext(ctx, &rows, teamID, userID)
	}
	if err != nil {
		return HoursChoices{}, fmt.Errorf("reading clients and departments: %w", MapError(err))
	}
	var c HoursChoices
	for _, r := range rows {
		switch r.Kind {
		case "c":
			c.Clients = append(c.Clients, r.client())
		case "d":
			c.Departments = append(c.Departments, r.Name)
		case "p":
			c.PersonDepartment = r.Name
		}
	}
	return c, nil
}
