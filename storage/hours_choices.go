package storage

import (
	"context"
	"fmt"
	"sync"

	"github.com/tact-bot/tact/ledger"
)

// HoursChoices is what logging hours reads first: the workspace's active
// clients and departments, to resolve the names typed, and the person's
// default department.
type HoursChoices struct {
	Clients          []ledger.Client
	Departments      []string
	PersonDepartment string // "" when none is set
}

// teamFacts is what nearly every /hours needs of its workspace, kept in
// memory under the version it was read at (migration 00016): clients,
// departments, everyone's department, and the rates the reply prices
// with.
type teamFacts struct {
	version     int64
	clients     []ledger.Client
	departments []string
	people      map[string]string
	rates       []ledger.Rate
}

type factsCache struct {
	mu      sync.Mutex
	entries map[string]*teamFacts
}

func (c *factsCache) get(teamID string, version int64) (*teamFacts, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.entries[teamID]
	return f, ok && f.version == version
}

func (c *factsCache) put(teamID string, f *teamFacts) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*teamFacts{}
	}
	if old, ok := c.entries[teamID]; !ok || old.version <= f.version {
		c.entries[teamID] = f
	}
}

const (
	teamVersionQuery = `SELECT COALESCE((SELECT version FROM team_versions WHERE team_id = $1), 0)`

	// One statement, one snapshot, five kinds of row: v (the version),
	// c (a client), d (a department), p (a person's department: user id in
	// created_by, department in name), r (a rate: department in name, the
	// amount in cac_minor, the first day in created_at).
	teamFactsQuery = `
SELECT 'v' AS kind, 0::bigint AS id, '' AS team_id, '' AS name, '' AS status,
       (SELECT version FROM team_versions WHERE team_id = $1) AS cac_minor, NULL::timestamptz AS status_until, '' AS created_by,
       'epoch'::timestamptz AS created_at, '' AS sort
UNION ALL
SELECT 'c', id, team_id, name, status, cac_minor, status_until, created_by, created_at, lower(name)
FROM clients WHERE team_id = $1 AND status <> 'archived'
UNION ALL
SELECT 'd', 0, '', name, '', NULL, NULL, '', 'epoch', name FROM departments WHERE team_id = $1
UNION ALL
SELECT 'p', 0, '', COALESCE(d.name, ''), '', NULL, NULL, p.user_id, 'epoch', ''
FROM people p LEFT JOIN departments d ON d.id = p.department_id WHERE p.team_id = $1
UNION ALL
SELECT 'r', r.id, '', d.name, '', r.per_hour_minor, NULL, '', r.effective_from::timestamp AT TIME ZONE 'UTC', d.name
FROM department_rates r JOIN departments d ON d.id = r.department_id WHERE r.team_id = $1
ORDER BY kind, sort, created_at, id`
)

type factRow struct {
	Kind string `db:"kind"`
	clientRow
	Sort string `db:"sort"`
}

// versionAt keys a workspace's version in a context: the envelope claim
// of the request read it (ClaimEnvelopeContext).
type versionAt struct{ teamID string }

// HoursChoices reads the clients, departments and the person's department:
// nothing while the workspace's copy in memory is at the version the
// request's envelope claim read, else one primary-key lookup, and the
// facts again only when they changed.
func (db *DB) HoursChoices(ctx context.Context, teamID, userID string) (HoursChoices, error) {
	version, ok := ctx.Value(versionAt{teamID}).(int64)
	if !ok {
		if err := db.preparedGet(ctx, &version, teamVersionQuery, teamID); err != nil {
			return HoursChoices{}, fmt.Errorf("reading the workspace's version: %w", err)
		}
	}
	f, err := db.facts(ctx, teamID, version)
	if err != nil {
		return HoursChoices{}, err
	}
	return HoursChoices{Clients: f.clients, Departments: f.departments, PersonDepartment: f.people[userID]}, nil
}

// facts is the workspace's facts at version (or later), from memory when
// they are there.
func (db *DB) facts(ctx context.Context, teamID string, version int64) (*teamFacts, error) {
	if f, ok := db.teamFacts.get(teamID, version); ok {
		return f, nil
	}
	var rows []factRow
	stmt, err := db.prepared(ctx, teamFactsQuery)
	if err == nil {
		err = stmt.SelectContext(ctx, &rows, teamID)
	}
	if err != nil {
		return nil, fmt.Errorf("reading clients and departments: %w", MapError(err))
	}
	f := &teamFacts{people: map[string]string{}}
	for _, r := range rows {
		switch r.Kind {
		case "v":
			f.version = r.CACMinor.Int64
		case "c":
			f.clients = append(f.clients, r.client())
		case "d":
			f.departments = append(f.departments, r.Name)
		case "p":
			f.people[r.CreatedBy] = r.Name
		case "r":
			f.rates = append(f.rates, ledger.Rate{Department: r.Name, PerHourMinor: r.CACMinor.Int64, From: ledger.Date(r.CreatedAt)})
		}
	}
	db.teamFacts.put(teamID, f)
	return f, nil
}

// preparedGet runs a one-row query through its prepared statement.
func (db *DB) preparedGet(ctx context.Context, dest any, query string, args ...any) error {
	stmt, err := db.prepared(ctx, query)
	if err != nil {
		return err
	}
	return MapError(stmt.GetContext(ctx, dest, args...))
}
