package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

// The weekly digest's reads: everything digest.Build needs for one week, in
// a handful of queries whatever the workspace's size. Hours come summed per
// (client, department, day) and incidents counted per (client, day,
// category, severity), so a week of a thousand clients is tens of thousands
// of rows, not a million.

const (
	digestClientsQuery = `
SELECT id, name, status, status_until, COALESCE(cac_minor, 0) AS cac_minor
FROM clients
WHERE team_id = $1 AND status <> 'archived'
ORDER BY id`

	digestIncidentsQuery = `
SELECT client_id, occurred_on, category, severity, COUNT(*) AS n
FROM incidents
WHERE team_id = $1 AND occurred_on BETWEEN $2 AND $3 AND deleted_at IS NULL
GROUP BY client_id, occurred_on, category, severity`

	userClientHoursQuery = `
SELECT t.client_id, c.name, SUM(t.minutes) AS minutes
FROM time_entries t JOIN clients c ON c.id = t.client_id
WHERE t.team_id = $1 AND t.user_id = $2 AND t.worked_on BETWEEN $3 AND $4 AND t.deleted_at IS NULL
GROUP BY t.client_id, c.name
ORDER BY minutes DESC, lower(c.name)`
)

// DigestSpans are the days the digest of week reads: hours for the trend
// weeks and incidents for the incident weeks, both ending with week.
func DigestSpans(week digest.Week) (hours, incidents ledger.Span) {
	back := func(weeks int) ledger.Span {
		return ledger.Span{From: week.Start.AddDate(0, 0, -7*(weeks-1)), To: week.End}
	}
	return back(digest.TrendWeeks), back(digest.IncidentWeeks)
}

// DigestInput loads the digest's facts for week: every client that is not
// archived with its hours over the trend weeks, incidents over the incident
// weeks, full revenue history, acquisition cost and latest strain (closed
// by the week's end in loc), and the workspace's rate history. The queries
// run side by side.
func (db *DB) DigestInput(ctx context.Context, teamID string, week digest.Week, loc *time.Location) (digest.Input, error) {
	hoursSpan, incidentSpan := DigestSpans(week)
	_, asOf := week.Instants(loc)
	var (
		clients   []digestClientRow
		hours     map[int64][]ledger.Entry
		incidents map[int64][]digest.IncidentFact
		revenue   map[int64][]ledger.Revenue
		rates     []ledger.Rate
		strain    map[int64]StrainScore
	)
	err := inParallel(
		func() (err error) { clients, err = db.digestClients(ctx, teamID); return err },
		func() (err error) { hours, err = db.TeamHours(ctx, teamID, hoursSpan); return err },
		func() (err error) { incidents, err = db.digestIncidents(ctx, teamID, incidentSpan); return err },
		func() (err error) { revenue, err = db.TeamRevenue(ctx, teamID); return err },
		func() (err error) { rates, err = db.Rates(ctx, teamID); return err },
		func() (err error) { strain, err = db.LatestStrain(ctx, teamID, asOf); return err },
	)
	if err != nil {
		return digest.Input{}, fmt.Errorf("loading the digest of %s: %w", week.Start.Format(time.DateOnly), err)
	}
	in := digest.Input{Week: week, Rates: rates, Clients: make([]digest.ClientInput, len(clients))}
	for i, c := range clients {
		ci := c.input()
		ci.Entries, ci.Incidents, ci.Revenue = hours[c.ID], incidents[c.ID], revenue[c.ID]
		if s, ok := strain[c.ID]; ok {
			day := ledger.Date(s.Day)
			if !s.ClosedAt.IsZero() {
				day = ledger.DayIn(s.ClosedAt, loc)
			}
			ci.Strain = &digest.StrainFact{Score: s.Average, Day: day}
			ci.StrainHistory = s.History
			if len(ci.StrainHistory) == 0 {
				ci.StrainHistory = []float64{s.Average}
			}
		}
		in.Clients[i] = ci
	}
	return in, nil
}

// inParallel runs fns at once and returns their errors joined.
func inParallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = fn() })
	}
	wg.Wait()
	return errors.Join(errs...)
}

type digestClientRow struct {
	ID          int64        `db:"id"`
	Name        string       `db:"name"`
	Status      string       `db:"status"`
	StatusUntil sql.NullTime `db:"status_until"`
	CACMinor    int64        `db:"cac_minor"`
}

func (r digestClientRow) input() digest.ClientInput {
	c := digest.ClientInput{ClientID: r.ID, Name: r.Name, Status: ledger.Status(r.Status), CACMinor: r.CACMinor}
	if r.StatusUntil.Valid {
		until := ledger.Date(r.StatusUntil.Time)
		c.StatusUntil = &until
	}
	return c
}

func (db *DB) digestClients(ctx context.Context, teamID string) ([]digestClientRow, error) {
	var rows []digestClientRow
	if err := db.x.SelectContext(ctx, &rows, digestClientsQuery, teamID); err != nil {
		return nil, fmt.Errorf("listing the digest's clients: %w", MapError(err))
	}
	return rows, nil
}

// digestIncidents returns the incidents that happened within span, per
// client; same-day incidents of one kind arrive counted and are spread out
// again here.
func (db *DB) digestIncidents(ctx context.Context, teamID string, span ledger.Span) (map[int64][]digest.IncidentFact, error) {
	from, to := spanArgs(span)
	rows, err := db.x.QueryxContext(ctx, digestIncidentsQuery, teamID, from, to)
	if err != nil {
		return nil, fmt.Errorf("counting the digest's incidents: %w", MapError(err))
	}
	defer rows.Close()
	out := map[int64][]digest.IncidentFact{}
	for rows.Next() {
		var (
			client             int64
			day                time.Time
			category, severity string
			n                  int
		)
		if err := rows.Scan(&client, &day, &category, &severity, &n); err != nil {
			return nil, fmt.Errorf("reading the digest's incidents: %w", MapError(err))
		}
		fact := digest.IncidentFact{Day: ledger.Date(day), Category: ledger.Category(category), Severity: ledger.Severity(severity)}
		for range n {
			out[client] = append(out[client], fact)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the digest's incidents: %w", MapError(err))
	}
	return out, nil
}

// ClientMinutes is time one person spent on one client.
type ClientMinutes struct {
	ClientID int64
	Name     string
	Minutes  int
}

// UserHoursByClient sums what userID logged within span per client, most
// time first.
func (db *DB) UserHoursByClient(ctx context.Context, teamID, userID string, span ledger.Span) ([]ClientMinutes, error) {
	from, to := spanArgs(span)
	var rows []struct {
		ClientID int64  `db:"client_id"`
		Name     string `db:"name"`
		Minutes  int    `db:"minutes"`
	}
	if err := db.x.SelectContext(ctx, &rows, userClientHoursQuery, teamID, userID, from, to); err != nil {
		return nil, fmt.Errorf("summing %s's hours: %w", userID, MapError(err))
	}
	out := make([]ClientMinutes, len(rows))
	for i, r := range rows {
		out[i] = ClientMinutes{ClientID: r.ClientID, Name: r.Name, Minutes: r.Minutes}
	}
	return out, nil
}
