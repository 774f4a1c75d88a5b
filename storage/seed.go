package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/tact-bot/tact/ledger"
)

// Loading a whole workspace at once: `tact demo` fills (and refills) its
// demo team with it, and tests set up histories with it.

// Workspace is a workspace's ledger: clients, rates, people, hours and
// incidents. Hours and incidents name their client (as stored, ignoring
// case) and department; departments are created on first use.
type Workspace struct {
	Clients   []SeedClient
	Rates     []ledger.Rate
	People    map[string]string // user id → department
	Hours     []SeedHours
	Incidents []SeedIncident
}

// SeedClient is a client with its history.
type SeedClient struct {
	Name        string
	Status      ledger.Status // "" is active
	StatusUntil time.Time
	CACMinor    int64 // 0 leaves it unset
	Revenue     []ledger.Revenue
	CreatedBy   string
}

// SeedHours is one time entry.
type SeedHours struct {
	Client, UserID, Department string
	Minutes                    int
	Day                        time.Time
	Note                       string
	Outside                    bool // outside the contract
}

// SeedIncident is one incident.
type SeedIncident struct {
	Client      string
	Category    ledger.Category
	Severity    ledger.Severity
	Description string
	Links       []string
	OccurredOn  time.Time
	ReportedBy  string
	Payment     ledger.Payment // a late payment's amount and days overdue
}

// wipeQueries empty one workspace's ledger, children first.
func wipeQueries() []string {
	return []string{
		`DELETE FROM time_entries WHERE team_id = $1`,
		`DELETE FROM incidents WHERE team_id = $1`,
		`DELETE FROM client_revenue WHERE team_id = $1`,
		`DELETE FROM people WHERE team_id = $1`,
		`DELETE FROM department_rates WHERE team_id = $1`,
		`DELETE FROM departments WHERE team_id = $1`,
		`DELETE FROM clients WHERE team_id = $1`,
	}
}

const (
	seedClientQuery = `
INSERT INTO clients (team_id, name, status, status_until, cac_minor, created_by)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`

	clientIDByNameQuery = `SELECT id FROM clients WHERE team_id = $1 AND lower(name) = lower($2)`

	seedHoursQuery = `
INSERT INTO time_entries (team_id, client_id, user_id, department_id, minutes, worked_on, note, outside_contract)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`

	seedIncidentQuery = `
INSERT INTO incidents (team_id, client_id, category, severity, description, evidence, occurred_on, reported_by, reported_at, source,
                       amount_minor, days_late)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'modal', $10, $11)`

	seedPersonQuery = `
INSERT INTO people (team_id, user_id, department_id) VALUES ($1, $2, $3)
ON CONFLICT (team_id, user_id) DO UPDATE SET department_id = EXCLUDED.department_id, updated_at = now()`
)

// LoadWorkspace writes w into teamID's workspace in one transaction. With
// replace, the workspace's ledger is emptied first, so loading the same
// workspace twice leaves one copy.
func (db *DB) LoadWorkspace(ctx context.Context, teamID string, w Workspace, replace bool) error {
	err := db.inTx(ctx, func(tx *Tx) error {
		if replace {
			for _, q := range wipeQueries() {
				if _, err := tx.ExecContext(ctx, q, teamID); err != nil {
					return fmt.Errorf("emptying the workspace: %w", MapError(err))
				}
			}
		}
		l := &loader{ctx: ctx, tx: tx, team: teamID, clients: map[string]int64{}, depts: map[string]int64{}}
		return l.load(w)
	})
	if err != nil {
		return fmt.Errorf("loading workspace %s: %w", teamID, err)
	}
	return nil
}

// loader remembers the ids it has looked up or created.
type loader struct {
	ctx     context.Context
	tx      *Tx
	team    string
	clients map[string]int64 // by ledger.NameKey
	depts   map[string]int64
}

func (l *loader) load(w Workspace) error {
	for _, c := range w.Clients {
		if err := l.client(c); err != nil {
			return err
		}
	}
	for _, r := range w.Rates {
		id, err := l.department(r.Department)
		if err != nil {
			return err
		}
		if _, err := l.tx.ExecContext(l.ctx, insertRateQuery, l.team, id, r.PerHourMinor, ledger.Date(r.From), "seed"); err != nil {
			return fmt.Errorf("inserting rate: %w", MapError(err))
		}
	}
	for user, dept := range w.People {
		id, err := l.department(dept)
		if err != nil {
			return err
		}
		if _, err := l.tx.ExecContext(l.ctx, seedPersonQuery, l.team, user, id); err != nil {
			return fmt.Errorf("inserting person: %w", MapError(err))
		}
	}
	for _, h := range w.Hours {
		if err := l.hours(h); err != nil {
			return err
		}
	}
	for _, in := range w.Incidents {
		if err := l.incident(in); err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) client(c SeedClient) error {
	status := c.Status
	if status == "" {
		status = ledger.StatusActive
	}
	var until, cac any
	if !c.StatusUntil.IsZero() {
		until = ledger.Date(c.StatusUntil)
	}
	if c.CACMinor != 0 {
		cac = c.CACMinor
	}
	var id int64
	if err := l.tx.GetContext(l.ctx, &id, seedClientQuery, l.team, c.Name, string(status), until, cac, c.CreatedBy); err != nil {
		return fmt.Errorf("inserting client %q: %w", c.Name, MapError(err))
	}
	l.clients[ledger.NameKey(c.Name)] = id
	for _, r := range c.Revenue {
		if _, err := l.tx.ExecContext(l.ctx, insertRevenueQuery, l.team, id, r.AmountMinor, string(r.Period), ledger.Date(r.From), c.CreatedBy); err != nil {
			return fmt.Errorf("inserting revenue of %q: %w", c.Name, MapError(err))
		}
	}
	return nil
}

func (l *loader) clientID(name string) (int64, error) {
	if id, ok := l.clients[ledger.NameKey(name)]; ok {
		return id, nil
	}
	var id int64
	if err := l.tx.GetContext(l.ctx, &id, clientIDByNameQuery, l.team, name); err != nil {
		return 0, fmt.Errorf("finding client %q: %w", name, MapError(err))
	}
	l.clients[ledger.NameKey(name)] = id
	return id, nil
}

func (l *loader) department(name string) (int64, error) {
	dept, err := ledger.NormalizeDepartment(name)
	if err != nil {
		return 0, fmt.Errorf("department %q: %w", name, err)
	}
	if id, ok := l.depts[dept]; ok {
		return id, nil
	}
	id, _, err := ensureDepartment(l.ctx, l.tx, l.team, dept)
	if err != nil {
		return 0, err
	}
	l.depts[dept] = id
	return id, nil
}

func (l *loader) hours(h SeedHours) error {
	client, err := l.clientID(h.Client)
	if err != nil {
		return err
	}
	dept, err := l.department(h.Department)
	if err != nil {
		return err
	}
	if _, err := l.tx.ExecContext(l.ctx, seedHoursQuery, l.team, client, h.UserID, dept, h.Minutes, ledger.Date(h.Day), h.Note, h.Outside); err != nil {
		return fmt.Errorf("inserting hours: %w", MapError(err))
	}
	return nil
}

func (l *loader) incident(in SeedIncident) error {
	client, err := l.clientID(in.Client)
	if err != nil {
		return err
	}
	links := in.Links
	if links == nil {
		links = []string{}
	}
	day := ledger.Date(in.OccurredOn)
	// Reported the evening of the day it happened.
	reported := day.Add(18 * time.Hour)
	amount, days := paymentArgs(in.Payment)
	if _, err := l.tx.ExecContext(l.ctx, seedIncidentQuery, l.team, client, string(in.Category), string(in.Severity),
		in.Description, pq.StringArray(links), day, in.ReportedBy, reported, amount, days); err != nil {
		return fmt.Errorf("inserting incident: %w", MapError(err))
	}
	return nil
}
