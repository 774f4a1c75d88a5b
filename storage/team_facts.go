package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

// The facts the weekly digest, the client list and the farewell wizard's
// team comparison share, from one loader: each feature names its window.
// Hours come summed per (client, department, day) and incidents counted
// per (client, day, category, severity), so a team of a thousand clients
// is tens of thousands of rows, not a million.

const teamIncidentsQuery = `
SELECT client_id, occurred_on, category, severity, COALESCE(amount_minor, 0), COALESCE(days_late, 0), COUNT(*) AS n
FROM incidents
WHERE team_id = $1 AND occurred_on BETWEEN $2 AND $3 AND deleted_at IS NULL
GROUP BY client_id, occurred_on, category, severity, amount_minor, days_late`

const (
	teamInvoicesQuery = `
SELECT client_id, issued_on, due_on, amount_minor, outstanding_minor FROM invoices
WHERE team_id = $1 AND deleted_at IS NULL AND issued_on <= $3 AND (issued_on >= $2 OR outstanding_minor > 0)
ORDER BY client_id, issued_on, id`

	invoicedClientsQuery = `SELECT DISTINCT client_id FROM invoices WHERE team_id = $1 AND deleted_at IS NULL`
)

// TeamWindow is what a TeamFacts read covers.
type TeamWindow struct {
	Hours      ledger.Span // hours worked within
	Incidents  ledger.Span // incidents that happened within
	StrainAsOf time.Time   // strain results closed by
}

// TeamFacts are the team's clients that are not archived (by name) with
// their full revenue histories, hours and incidents within the window and
// latest strain results, and the workspace's rate history; maps are keyed
// by client id.
type TeamFacts struct {
	Clients   []ClientDetail
	Revenue   map[int64][]ledger.Revenue
	Rates     []ledger.Rate
	Hours     map[int64][]ledger.Entry
	Incidents map[int64][]digest.IncidentFact
	Strain    map[int64]StrainScore
	Settings  digest.Settings
	// Invoices are those issued within the hours window or still owed;
	// Invoiced the clients with any invoice at all.
	Invoices map[int64][]digest.InvoiceFact
	Invoiced map[int64]bool
}

// TeamFacts loads the team's facts over w; the queries run side by side.
func (db *DB) TeamFacts(ctx context.Context, teamID string, w TeamWindow) (TeamFacts, error) {
	var f TeamFacts
	err := inParallel(
		func() (err error) { f.Clients, err = db.activeClients(ctx, teamID); return err },
		func() (err error) { f.Revenue, err = db.TeamRevenue(ctx, teamID); return err },
		func() (err error) { f.Rates, err = db.Rates(ctx, teamID); return err },
		func() (err error) { f.Hours, err = db.TeamHours(ctx, teamID, w.Hours); return err },
		func() (err error) { f.Incidents, err = db.teamIncidents(ctx, teamID, w.Incidents); return err },
		func() (err error) { f.Strain, err = db.LatestStrain(ctx, teamID, w.StrainAsOf); return err },
		func() (err error) { f.Settings, err = db.Settings(ctx, teamID); return err },
		func() (err error) { f.Invoices, f.Invoiced, err = db.teamInvoices(ctx, teamID, w.Hours); return err },
	)
	if err != nil {
		return TeamFacts{}, fmt.Errorf("loading the team's facts: %w", err)
	}
	return f, nil
}

// IncidentCounts is how many incidents each client had in the window.
func (f TeamFacts) IncidentCounts() map[int64]int {
	out := make(map[int64]int, len(f.Incidents))
	for id, in := range f.Incidents {
		out[id] = len(in)
	}
	return out
}

// activeClients are the team's clients that are not archived, by name.
func (db *DB) activeClients(ctx context.Context, teamID string) ([]ClientDetail, error) {
	var rows []clientRow
	if err := db.x.SelectContext(ctx, &rows, listClientsQuery, teamID, false); err != nil {
		return nil, fmt.Errorf("listing clients: %w", MapError(err))
	}
	out := make([]ClientDetail, len(rows))
	for i, r := range rows {
		out[i] = r.detail()
	}
	return out, nil
}

// teamIncidents returns the incidents that happened within span, per
// client; same-day incidents of one kind arrive counted and are spread out
// again here.
func (db *DB) teamIncidents(ctx context.Context, teamID string, span ledger.Span) (map[int64][]digest.IncidentFact, error) {
	from, to := spanArgs(span)
	rows, err := db.x.QueryxContext(ctx, teamIncidentsQuery, teamID, from, to)
	if err != nil {
		return nil, fmt.Errorf("counting the team's incidents: %w", MapError(err))
	}
	defer rows.Close()
	out := map[int64][]digest.IncidentFact{}
	for rows.Next() {
		var (
			client             int64
			day                time.Time
			category, severity string
			amount             int64
			daysLate, n        int
		)
		if err := rows.Scan(&client, &day, &category, &severity, &amount, &daysLate, &n); err != nil {
			return nil, fmt.Errorf("reading the team's incidents: %w", MapError(err))
		}
		fact := digest.IncidentFact{Day: ledger.Date(day), Category: ledger.Category(category), Severity: ledger.Severity(severity),
			AmountMinor: amount, DaysLate: daysLate}
		for range n {
			out[client] = append(out[client], fact)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the team's incidents: %w", MapError(err))
	}
	return out, nil
}

type invoiceFactRow struct {
	ClientID    int64     `db:"client_id"`
	Issued      time.Time `db:"issued_on"`
	Due         time.Time `db:"due_on"`
	Amount      int64     `db:"amount_minor"`
	Outstanding int64     `db:"outstanding_minor"`
}

// teamInvoices are the invoices issued within span or still owed, per
// client, and the clients that have any invoice.
func (db *DB) teamInvoices(ctx context.Context, teamID string, span ledger.Span) (map[int64][]digest.InvoiceFact, map[int64]bool, error) {
	from, to := spanArgs(span)
	var rows []invoiceFactRow
	if err := db.x.SelectContext(ctx, &rows, teamInvoicesQuery, teamID, from, to); err != nil {
		return nil, nil, fmt.Errorf("loading the team's invoices: %w", MapError(err))
	}
	var ids []int64
	if err := db.x.SelectContext(ctx, &ids, invoicedClientsQuery, teamID); err != nil {
		return nil, nil, fmt.Errorf("loading the invoiced clients: %w", MapError(err))
	}
	out := map[int64][]digest.InvoiceFact{}
	for _, r := range rows {
		out[r.ClientID] = append(out[r.ClientID], digest.InvoiceFact{Issued: ledger.Date(r.Issued), Due: ledger.Date(r.Due),
			AmountMinor: r.Amount, OutstandingMinor: r.Outstanding})
	}
	invoiced := make(map[int64]bool, len(ids))
	for _, id := range ids {
		invoiced[id] = true
	}
	return out, invoiced, nil
}
