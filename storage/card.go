package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// The reads behind /client show and /client list. Hours come summed per
// (department, day) from SQL and are costed in Go with ledger.Cost, since the
// rate depends on the day worked.

const (
	clientDetailQuery = `
SELECT id, team_id, name, status, cac_minor, status_until, created_by, created_at
FROM clients WHERE team_id = $1 AND id = $2`

	clientHoursQuery = `
SELECT d.name AS department, t.worked_on, t.outside_contract, t.import_id IS NOT NULL AS imported, SUM(t.minutes) AS minutes
FROM time_entries t JOIN departments d ON d.id = t.department_id
WHERE t.team_id = $1 AND t.client_id = $2 AND t.worked_on BETWEEN $3 AND $4 AND t.deleted_at IS NULL
GROUP BY d.name, t.worked_on, t.outside_contract, imported
ORDER BY t.worked_on, d.name, t.outside_contract, imported`

	teamHoursQuery = `
SELECT t.client_id, d.name AS department, t.worked_on, t.outside_contract, t.import_id IS NOT NULL AS imported,
       SUM(t.minutes) AS minutes
FROM time_entries t JOIN departments d ON d.id = t.department_id
WHERE t.team_id = $1 AND t.worked_on BETWEEN $2 AND $3 AND t.deleted_at IS NULL
GROUP BY t.client_id, d.name, t.worked_on, t.outside_contract, imported
ORDER BY t.client_id, t.worked_on, d.name, t.outside_contract, imported`

	incidentCountsQuery = `
SELECT category,
       COUNT(*) FILTER (WHERE occurred_on BETWEEN $3 AND $4) AS recent,
       COUNT(*) AS total
FROM incidents
WHERE team_id = $1 AND client_id = $2 AND deleted_at IS NULL
GROUP BY category`

	latestIncidentsQuery = `
SELECT id, category, severity, description, evidence, occurred_on, reported_by, reported_at, updated_at
FROM incidents
WHERE team_id = $1 AND client_id = $2 AND deleted_at IS NULL
ORDER BY occurred_on DESC, id DESC
LIMIT $3`

	teamRevenueQuery = `
SELECT client_id, amount_minor, period, effective_from FROM client_revenue
WHERE team_id = $1
ORDER BY client_id, effective_from, id`
)

// ClientDetail is a client with what ledger.Client leaves out.
type ClientDetail struct {
	ledger.Client
	HasCAC      bool      // an acquisition cost was recorded (CACMinor may be 0)
	StatusUntil time.Time // the end date while parting; zero when none
}

// ClientDetail loads one client; ErrNotFound when it is not in the team.
func (db *DB) ClientDetail(ctx context.Context, teamID string, clientID int64) (ClientDetail, error) {
	var row clientRow
	if err := db.x.GetContext(ctx, &row, clientDetailQuery, teamID, clientID); err != nil {
		return ClientDetail{}, fmt.Errorf("loading client %d: %w", clientID, MapError(err))
	}
	return row.detail(), nil
}

func (r clientRow) detail() ClientDetail {
	c := ClientDetail{Client: r.client(), HasCAC: r.CACMinor.Valid}
	if r.StatusUntil.Valid {
		c.StatusUntil = ledger.Date(r.StatusUntil.Time)
	}
	return c
}

// spanArgs turns a span's open ends into dates no entry can pass, so the
// queries keep a plain BETWEEN the indexes serve.
func spanArgs(s ledger.Span) (from, to time.Time) {
	from, to = ledger.Date(s.From), ledger.Date(s.To)
	if s.From.IsZero() {
		from = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if s.To.IsZero() {
		to = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return from, to
}

type hoursRow struct {
	ClientID   int64     `db:"client_id"`
	Department string    `db:"department"`
	WorkedOn   time.Time `db:"worked_on"`
	Outside    bool      `db:"outside_contract"`
	Imported   bool      `db:"imported"`
	Minutes    int64     `db:"minutes"`
}

func (r hoursRow) entry() ledger.Entry {
	return ledger.Entry{Department: r.Department, Minutes: int(r.Minutes), Day: ledger.Date(r.WorkedOn), OutsideContract: r.Outside,
		Imported: r.Imported}
}

// ClientHours returns the minutes logged on a client within span, summed per
// department and day, oldest first: ready for ledger.Cost and ledger.SpendIn.
func (db *DB) ClientHours(ctx context.Context, teamID string, clientID int64, span ledger.Span) ([]ledger.Entry, error) {
	from, to := spanArgs(span)
	var rows []hoursRow
	if err := db.x.SelectContext(ctx, &rows, clientHoursQuery, teamID, clientID, from, to); err != nil {
		return nil, fmt.Errorf("summing hours of client %d: %w", clientID, MapError(err))
	}
	out := make([]ledger.Entry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out, nil
}

// TeamHours is ClientHours for every client of the workspace at once, keyed
// by client id.
func (db *DB) TeamHours(ctx context.Context, teamID string, span ledger.Span) (map[int64][]ledger.Entry, error) {
	from, to := spanArgs(span)
	var rows []hoursRow
	if err := db.x.SelectContext(ctx, &rows, teamHoursQuery, teamID, from, to); err != nil {
		return nil, fmt.Errorf("summing the workspace's hours: %w", MapError(err))
	}
	out := map[int64][]ledger.Entry{}
	for _, r := range rows {
		out[r.ClientID] = append(out[r.ClientID], r.entry())
	}
	return out, nil
}

// CategoryCount is how many incidents of a category a client has.
type CategoryCount struct {
	Category ledger.Category
	Recent   int // within the span asked about
	Total    int // all time
}

// IncidentCounts counts the client's incidents per category, by the day they
// happened: within recent and in all, in ledger.Categories order, categories
// with none left out.
func (db *DB) IncidentCounts(ctx context.Context, teamID string, clientID int64, recent ledger.Span) ([]CategoryCount, error) {
	from, to := spanArgs(recent)
	var rows []struct {
		Category string `db:"category"`
		Recent   int    `db:"recent"`
		Total    int    `db:"total"`
	}
	if err := db.x.SelectContext(ctx, &rows, incidentCountsQuery, teamID, clientID, from, to); err != nil {
		return nil, fmt.Errorf("counting incidents of client %d: %w", clientID, MapError(err))
	}
	byCat := make(map[ledger.Category]CategoryCount, len(rows))
	for _, r := range rows {
		c := ledger.Category(r.Category)
		byCat[c] = CategoryCount{Category: c, Recent: r.Recent, Total: r.Total}
	}
	var out []CategoryCount
	for _, c := range ledger.Categories() {
		if n, ok := byCat[c]; ok {
			out = append(out, n)
		}
	}
	return out, nil
}

// IncidentBrief is an incident as the client card lists it.
type IncidentBrief struct {
	ID          int64
	Category    ledger.Category
	Severity    ledger.Severity
	Description string
	Links       []string
	OccurredOn  time.Time // the day it happened
	ReportedBy  string
	ReportedAt  time.Time
	Edited      bool // it has earlier versions
}

// LatestIncidents returns the client's last n incidents by the day they
// happened, newest first.
func (db *DB) LatestIncidents(ctx context.Context, teamID string, clientID int64, n int) ([]IncidentBrief, error) {
	var rows []incidentRow
	if err := db.x.SelectContext(ctx, &rows, latestIncidentsQuery, teamID, clientID, n); err != nil {
		return nil, fmt.Errorf("loading the latest incidents of client %d: %w", clientID, MapError(err))
	}
	out := make([]IncidentBrief, len(rows))
	for i, r := range rows {
		inc := r.incident()
		out[i] = IncidentBrief{
			ID: inc.ID, Category: inc.Category, Severity: inc.Severity, Description: inc.Description,
			Links: inc.Evidence, OccurredOn: inc.OccurredOn, ReportedBy: inc.ReportedBy, ReportedAt: inc.ReportedAt,
			Edited: !inc.UpdatedAt.IsZero(),
		}
	}
	return out, nil
}

// TeamRevenue returns every client's revenue history (oldest first), keyed
// by client id.
func (db *DB) TeamRevenue(ctx context.Context, teamID string) (map[int64][]ledger.Revenue, error) {
	var rows []struct {
		ClientID int64 `db:"client_id"`
		revenueRow
	}
	if err := db.x.SelectContext(ctx, &rows, teamRevenueQuery, teamID); err != nil {
		return nil, fmt.Errorf("loading the workspace's revenue: %w", MapError(err))
	}
	out := map[int64][]ledger.Revenue{}
	for _, r := range rows {
		out[r.ClientID] = append(out[r.ClientID], r.revenue())
	}
	return out, nil
}

// CardFacts are what the client card shows, as stored.
type CardFacts struct {
	Client    ClientDetail
	Revenue   []ledger.Revenue // oldest first
	Rates     []ledger.Rate
	Hours     []ledger.Entry  // all time
	Incidents []CategoryCount // Recent counts the recent span
	Latest    []IncidentBrief // newest first
	Strain    *StrainScore    // the latest result closed by asOf; nil if none
}

// CardFacts loads a client's card: incidents counted within recent, the
// latest n incidents, strain closed by asOf. ErrNotFound when the client
// is not in the team. The queries run side by side.
func (db *DB) CardFacts(ctx context.Context, teamID string, clientID int64, recent ledger.Span, latest int, asOf time.Time) (CardFacts, error) {
	var (
		f      CardFacts
		strain map[int64]StrainScore
	)
	err := inParallel(
		func() (err error) { f.Client, err = db.ClientDetail(ctx, teamID, clientID); return err },
		func() (err error) { f.Revenue, err = db.RevenueHistory(ctx, teamID, clientID); return err },
		func() (err error) { f.Rates, err = db.Rates(ctx, teamID); return err },
		func() (err error) { f.Hours, err = db.ClientHours(ctx, teamID, clientID, ledger.AllTime()); return err },
		func() (err error) { f.Incidents, err = db.IncidentCounts(ctx, teamID, clientID, recent); return err },
		func() (err error) { f.Latest, err = db.LatestIncidents(ctx, teamID, clientID, latest); return err },
		func() (err error) { strain, err = db.LatestStrain(ctx, teamID, asOf); return err },
	)
	if err != nil {
		return CardFacts{}, fmt.Errorf("loading the card of client %d: %w", clientID, err)
	}
	if s, ok := strain[clientID]; ok {
		f.Strain = &s
	}
	return f, nil
}
