package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
)

// The farewell wizard's evidence reads: a client's facts over the
// wizard's window, with the team's for comparison.

const (
	// Who logged the most minutes on the client over the span; ties go to
	// the earliest user id, so the answer is stable.
	mostHoursQuery = `
SELECT user_id FROM time_entries
WHERE team_id = $1 AND client_id = $2 AND worked_on BETWEEN $3 AND $4 AND deleted_at IS NULL
GROUP BY user_id ORDER BY SUM(minutes) DESC, user_id LIMIT 1`

	departmentPeopleQuery = `
SELECT p.user_id FROM people p JOIN departments d ON d.id = p.department_id
WHERE p.team_id = $1 AND lower(d.name) = $2 ORDER BY p.user_id`

	farewellIncidentsQuery = `
SELECT category, severity, description, evidence, occurred_on
FROM incidents
WHERE team_id = $1 AND client_id = $2 AND occurred_on BETWEEN $3 AND $4 AND deleted_at IS NULL
ORDER BY occurred_on DESC, id DESC`
)

// FarewellFacts loads a client's facts over span (the wizard's 12 weeks)
// from the team's (TeamFacts over the same window), which the wizard
// compares the client with; strain results closed by asOf. The caller sets
// Today and Currency.
func (db *DB) FarewellFacts(ctx context.Context, teamID string, clientID int64, span ledger.Span, asOf time.Time) (farewell.Facts, error) {
	wrap := func(err error) error {
		return fmt.Errorf("loading the farewell evidence of client %d: %w", clientID, err)
	}
	client, err := db.ClientDetail(ctx, teamID, clientID)
	if err != nil {
		return farewell.Facts{}, wrap(err)
	}
	var (
		team    TeamFacts
		revenue []ledger.Revenue
		recent  []farewell.Incident
		indep   farewell.Independence
	)
	err = inParallel(
		func() (err error) {
			team, err = db.TeamFacts(ctx, teamID, TeamWindow{Hours: span, Incidents: span, StrainAsOf: asOf})
			return err
		},
		func() (err error) { revenue, err = db.RevenueHistory(ctx, teamID, clientID); return err },
		func() (err error) { recent, err = db.farewellIncidents(ctx, teamID, clientID, span); return err },
		func() (err error) { indep, err = db.independence(ctx, teamID, clientID, span); return err },
	)
	if err != nil {
		return farewell.Facts{}, wrap(err)
	}
	f := farewell.Facts{
		Client:  client.Client,
		Revenue: revenue, Rates: team.Rates, Hours: team.Hours[clientID], Recent: recent,
		Clients: make([]ledger.Client, len(team.Clients)), TeamIncidents: team.IncidentCounts(),
		Strain: StrainHistories(team.Strain), Independence: indep,
	}
	for i, c := range team.Clients {
		f.Clients[i] = c.Client
	}
	return f, nil
}

func (db *DB) farewellIncidents(ctx context.Context, teamID string, clientID int64, span ledger.Span) ([]farewell.Incident, error) {
	from, to := spanArgs(span)
	var rows []struct {
		Category    string         `db:"category"`
		Severity    string         `db:"severity"`
		Description string         `db:"description"`
		Evidence    pq.StringArray `db:"evidence"`
		OccurredOn  time.Time      `db:"occurred_on"`
	}
	if err := db.x.SelectContext(ctx, &rows, farewellIncidentsQuery, teamID, clientID, from, to); err != nil {
		return nil, fmt.Errorf("reading incidents: %w", MapError(err))
	}
	out := make([]farewell.Incident, len(rows))
	for i, r := range rows {
		out[i] = farewell.Incident{
			Category: ledger.Category(r.Category), Severity: ledger.Severity(r.Severity),
			Description: r.Description, Links: []string(r.Evidence), Day: ledger.Date(r.OccurredOn),
		}
	}
	return out, nil
}

// independence reads who is in sales and who logged the most hours on the
// client over span.
func (db *DB) independence(ctx context.Context, teamID string, clientID int64, span ledger.Span) (farewell.Independence, error) {
	var in farewell.Independence
	from, to := spanArgs(span)
	var most []string
	if err := db.x.SelectContext(ctx, &most, mostHoursQuery, teamID, clientID, from, to); err != nil {
		return in, fmt.Errorf("finding who logged the most hours: %w", MapError(err))
	}
	if len(most) > 0 {
		in.MostHours = most[0]
	}
	if err := db.x.SelectContext(ctx, &in.Sales, departmentPeopleQuery, teamID, farewell.SalesDepartment); err != nil {
		return in, fmt.Errorf("listing sales: %w", MapError(err))
	}
	return in, nil
}
