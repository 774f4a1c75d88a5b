package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/tact-bot/tact/ledger"
)

// The farewell wizard's evidence reads: a client's facts over the
// wizard's window, with the team's for comparison.

const (
	farewellIncidentsQuery = `
SELECT category, severity, description, evidence, occurred_on
FROM incidents
WHERE team_id = $1 AND client_id = $2 AND occurred_on BETWEEN $3 AND $4 AND deleted_at IS NULL
ORDER BY occurred_on DESC, id DESC`
)

// FarewellIncident is an incident as the wizard's evidence reads it: what
// and when, never who reported it.
type FarewellIncident struct {
	Category    ledger.Category
	Severity    ledger.Severity
	Description string
	Links       []string
	Day         time.Time
}

// FarewellFacts is what the wizard's evidence is computed from.
type FarewellFacts struct {
	Client  ClientDetail
	Revenue []ledger.Revenue // the client's full history, oldest first
	Rates   []ledger.Rate
	Hours   []ledger.Entry     // the client's, within the span
	Recent  []FarewellIncident // the client's, within the span, newest first
	// The team, for "is it only this client?": clients that are not
	// archived, incidents per client within the span, latest strain results.
	Clients       []ledger.Client
	TeamIncidents map[int64]int
	Strain        map[int64]StrainScore
}

// FarewellFacts loads a client's facts over span (the wizard's 12 weeks),
// with the team's for comparison; strain results closed by asOf.
func (db *DB) FarewellFacts(ctx context.Context, teamID string, clientID int64, span ledger.Span, asOf time.Time) (FarewellFacts, error) {
	var f FarewellFacts
	var err error
	wrap := func(err error) error {
		return fmt.Errorf("loading the farewell evidence of client %d: %w", clientID, err)
	}
	if f.Client, err = db.ClientDetail(ctx, teamID, clientID); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Revenue, err = db.RevenueHistory(ctx, teamID, clientID); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Rates, err = db.Rates(ctx, teamID); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Hours, err = db.ClientHours(ctx, teamID, clientID, span); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Recent, err = db.farewellIncidents(ctx, teamID, clientID, span); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Clients, err = db.ListClients(ctx, teamID, false); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.TeamIncidents, err = db.TeamIncidentCounts(ctx, teamID, span); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	if f.Strain, err = db.LatestStrain(ctx, teamID, asOf); err != nil {
		return FarewellFacts{}, wrap(err)
	}
	return f, nil
}

func (db *DB) farewellIncidents(ctx context.Context, teamID string, clientID int64, span ledger.Span) ([]FarewellIncident, error) {
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
	out := make([]FarewellIncident, len(rows))
	for i, r := range rows {
		out[i] = FarewellIncident{
			Category: ledger.Category(r.Category), Severity: ledger.Severity(r.Severity),
			Description: r.Description, Links: []string(r.Evidence), Day: ledger.Date(r.OccurredOn),
		}
	}
	return out, nil
}
