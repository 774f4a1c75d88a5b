package storage

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// Departments: their hourly rates (with history, so hours are costed at the
// rate in force on the day worked) and people's default departments.

const (
	// The insert's row is invisible to the second SELECT of the same
	// statement, so exactly one branch answers.
	ensureDepartmentQuery = `
WITH ins AS (
    INSERT INTO departments (team_id, name) VALUES ($1, $2)
    ON CONFLICT (team_id, name) DO NOTHING
    RETURNING id
)
SELECT id, true AS created FROM ins
UNION ALL
SELECT id, false AS created FROM departments WHERE team_id = $1 AND name = $2
LIMIT 1`

	departmentIDQuery = `SELECT id FROM departments WHERE team_id = $1 AND name = $2`

	departmentRatesQuery = `
SELECT per_hour_minor, effective_from FROM department_rates
WHERE team_id = $1 AND department_id = $2
ORDER BY effective_from, id
FOR UPDATE`

	deleteSameDayRateQuery = `
DELETE FROM department_rates WHERE team_id = $1 AND department_id = $2 AND effective_from = $3`

	insertRateQuery = `
INSERT INTO department_rates (team_id, department_id, per_hour_minor, effective_from, set_by)
VALUES ($1, $2, $3, $4, $5)`

	upsertPersonQuery = `
WITH old AS (
    SELECT COALESCE(d.name, '') AS name FROM people p LEFT JOIN departments d ON d.id = p.department_id
    WHERE p.team_id = $1 AND p.user_id = $2
), up AS (
    INSERT INTO people (team_id, user_id, department_id) VALUES ($1, $2, $3)
    ON CONFLICT (team_id, user_id) DO UPDATE SET department_id = EXCLUDED.department_id, updated_at = now()
)
SELECT COALESCE((SELECT name FROM old), '')`

	peopleQuery = `
SELECT d.name AS department, p.user_id
FROM people p JOIN departments d ON d.id = p.department_id
WHERE p.team_id = $1
ORDER BY d.name, p.user_id`
)

// RateChange is what SetRate did.
type RateChange struct {
	Department string // stored form
	Created    bool   // the department did not exist before
	// Prev is the rate that was in force on the change's day before it;
	// HadPrev is false when there was none.
	Prev    int64
	HadPrev bool
}

// SetRate sets what an hour of dept (normalised with
// ledger.NormalizeDepartment) costs from the day from on, creating the
// department on first use. Another change the same day replaces this one.
func (db *DB) SetRate(ctx context.Context, d Delivery, dept string, perHourMinor int64, from time.Time) (RateChange, error) {
	day := ledger.Date(from)
	ch := RateChange{Department: dept}
	err := db.deliveryTx(ctx, d, func(tx *Tx) error {
		id, created, err := ensureDepartment(ctx, tx, d.TeamID, dept)
		if err != nil {
			return err
		}
		ch.Created = created
		var rows []rateRow
		if err := tx.SelectContext(ctx, &rows, departmentRatesQuery, d.TeamID, id); err != nil {
			return fmt.Errorf("reading rate history: %w", MapError(err))
		}
		history := make([]ledger.Rate, len(rows))
		for i, r := range rows {
			history[i] = ledger.Rate{Department: dept, PerHourMinor: r.PerHourMinor, From: ledger.Date(r.From)}
		}
		ch.Prev, ch.HadPrev = ledger.RateOn(history, dept, day)
		if _, err := tx.ExecContext(ctx, deleteSameDayRateQuery, d.TeamID, id, day); err != nil {
			return fmt.Errorf("replacing the day's rate: %w", MapError(err))
		}
		if _, err := tx.ExecContext(ctx, insertRateQuery, d.TeamID, id, perHourMinor, day, d.UserID); err != nil {
			return fmt.Errorf("inserting rate: %w", MapError(err))
		}
		c := Change{Action: AuditRate, Subject: dept, After: map[string]any{"per_hour_minor": perHourMinor, "from": day.Format(time.DateOnly)}}
		if ch.HadPrev {
			c.Before = map[string]any{"per_hour_minor": ch.Prev}
		}
		return tx.audit(ctx, d, c)
	})
	if err != nil {
		return RateChange{}, fmt.Errorf("setting the rate of %s: %w", dept, err)
	}
	return ch, nil
}

func ensureDepartment(ctx context.Context, tx *Tx, teamID, dept string) (id int64, created bool, err error) {
	var row struct {
		ID      int64 `db:"id"`
		Created bool  `db:"created"`
	}
	if err := tx.GetContext(ctx, &row, ensureDepartmentQuery, teamID, dept); err != nil {
		return 0, false, fmt.Errorf("creating department %s: %w", dept, MapError(err))
	}
	return row.ID, row.Created, nil
}

// PersonChange is what SetPersonDepartment did.
type PersonChange struct {
	Created bool   // the department was created for this
	Prev    string // the person's department before, "" if none
}

// SetPersonDepartment makes dept userID's default department. With create
// the department is created on first use; without, a department that does
// not exist fails with ErrNotFound.
func (db *DB) SetPersonDepartment(ctx context.Context, d Delivery, userID, dept string, create bool) (PersonChange, error) {
	var ch PersonChange
	err := db.deliveryTx(ctx, d, func(tx *Tx) error {
		var id int64
		var err error
		if create {
			id, ch.Created, err = ensureDepartment(ctx, tx, d.TeamID, dept)
		} else if err = tx.GetContext(ctx, &id, departmentIDQuery, d.TeamID, dept); err != nil {
			err = fmt.Errorf("finding department %s: %w", dept, MapError(err))
		}
		if err != nil {
			return err
		}
		if err := tx.GetContext(ctx, &ch.Prev, upsertPersonQuery, d.TeamID, userID, id); err != nil {
			return fmt.Errorf("saving %s's department: %w", userID, MapError(err))
		}
		if userID == d.UserID {
			return nil // one's own department is no manager action
		}
		return tx.audit(ctx, d, Change{Action: AuditDepartment, Subject: userID,
			Before: map[string]any{"department": ch.Prev}, After: map[string]any{"department": dept}})
	})
	if err != nil {
		return PersonChange{}, fmt.Errorf("setting %s's department to %s: %w", userID, dept, err)
	}
	return ch, nil
}

// Department is one department as /tact departments shows it.
type Department struct {
	Name string
	// The rate in force on the day asked about; HasRate false when none is.
	PerHourMinor int64
	HasRate      bool
	RateFrom     time.Time
	People       []string // user ids, sorted
}

// Departments lists the workspace's departments by name, each with the rate
// in force on day and the people who belong to it.
func (db *DB) Departments(ctx context.Context, teamID string, day time.Time) ([]Department, error) {
	names, err := db.DepartmentNames(ctx, teamID)
	if err != nil {
		return nil, err
	}
	rates, err := db.Rates(ctx, teamID)
	if err != nil {
		return nil, err
	}
	var members []struct {
		Department string `db:"department"`
		UserID     string `db:"user_id"`
	}
	if err := db.x.SelectContext(ctx, &members, peopleQuery, teamID); err != nil {
		return nil, fmt.Errorf("listing people's departments: %w", MapError(err))
	}
	out := make([]Department, len(names))
	index := make(map[string]int, len(names))
	for i, n := range names {
		out[i] = Department{Name: n}
		index[n] = i
		out[i].PerHourMinor, out[i].RateFrom, out[i].HasRate = ledger.RateSince(rates, n, day)
	}
	for _, m := range members {
		if i, ok := index[m.Department]; ok {
			out[i].People = append(out[i].People, m.UserID)
		}
	}
	for i := range out {
		sort.Strings(out[i].People)
	}
	return out, nil
}
