package storage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

// The weekly digest's reads: everything digest.Build needs for one week,
// from the team's shared facts (TeamFacts) over the digest's windows.

const (
	minutesPerClientQuery = `
SELECT client_id, SUM(minutes) AS minutes FROM time_entries
WHERE team_id = $1 AND worked_on BETWEEN $2 AND $3 AND deleted_at IS NULL
GROUP BY client_id`

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

// earlierSpan is the rate weeks before the trend weeks: their minutes come
// summed per client, all the 12-week rate needs of them.
func earlierSpan(week digest.Week) ledger.Span {
	return ledger.Span{From: week.Start.AddDate(0, 0, -7*(digest.RateWeeks-1)), To: week.Start.AddDate(0, 0, -7*(digest.TrendWeeks-1)-1)}
}

// DigestInput loads the digest's facts for week: every client that is not
// archived with its hours over the trend weeks, incidents over the incident
// weeks, full revenue history, acquisition cost and latest strain (closed
// by the week's end in loc), and the workspace's rate history.
func (db *DB) DigestInput(ctx context.Context, teamID string, week digest.Week, loc *time.Location) (digest.Input, error) {
	hoursSpan, incidentSpan := DigestSpans(week)
	_, asOf := week.Instants(loc)
	var (
		f       TeamFacts
		earlier map[int64]int
	)
	err := inParallel(
		func() (err error) {
			f, err = db.TeamFacts(ctx, teamID, TeamWindow{Hours: hoursSpan, Incidents: incidentSpan, StrainAsOf: asOf})
			return err
		},
		func() (err error) { earlier, err = db.minutesPerClient(ctx, teamID, earlierSpan(week)); return err },
	)
	if err != nil {
		return digest.Input{}, fmt.Errorf("loading the digest of %s: %w", week.Start.Format(time.DateOnly), err)
	}
	histories := StrainHistories(f.Strain)
	in := digest.Input{Week: week, Rates: f.Rates, Settings: f.Settings, Clients: make([]digest.ClientInput, len(f.Clients))}
	for i, c := range f.Clients {
		ci := digest.ClientInput{
			ClientID: c.ID, Name: c.Name, Status: c.Status, CACMinor: c.CACMinor,
			Entries: f.Hours[c.ID], Incidents: f.Incidents[c.ID], Revenue: f.Revenue[c.ID],
			EarlierMinutes: earlier[c.ID], Invoices: f.Invoices[c.ID], HasInvoices: f.Invoiced[c.ID],
		}
		if !c.StatusUntil.IsZero() {
			until := c.StatusUntil
			ci.StatusUntil = &until
		}
		if s, ok := f.Strain[c.ID]; ok {
			day := ledger.Date(s.Day)
			if !s.ClosedAt.IsZero() {
				day = ledger.DayIn(s.ClosedAt, loc)
			}
			ci.Strain = &digest.StrainFact{Score: s.Average, Day: day}
			ci.StrainHistory = histories[c.ID]
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

// minutesPerClient sums the minutes logged within span per client.
func (db *DB) minutesPerClient(ctx context.Context, teamID string, span ledger.Span) (map[int64]int, error) {
	from, to := spanArgs(span)
	var rows []struct {
		ClientID int64 `db:"client_id"`
		Minutes  int   `db:"minutes"`
	}
	if err := db.x.SelectContext(ctx, &rows, minutesPerClientQuery, teamID, from, to); err != nil {
		return nil, fmt.Errorf("summing the earlier hours: %w", MapError(err))
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.ClientID] = r.Minutes
	}
	return out, nil
}
