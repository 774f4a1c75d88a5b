package storage

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/tact-bot/tact/imports"
)

// Export writes a workspace's data, or one client's, as CSV files, one
// query each, row by row: an export of millions of hours never sits in
// memory. Money is in minor units with its currency, days are dates, and
// no file holds a vote or anything derived from one person's answer.

// AuditExport is the audit action of an export.
const AuditExport = "export"

// ExportFile is one file of an export and how many rows it holds.
type ExportFile struct {
	Name string
	Rows int
}

// exportQueries are the export's files in order: $1 is the team, $2 the
// client (0 for all).
func exportQueries() []struct{ name, query string } {
	return []struct{ name, query string }{
		{"clients.csv", `
SELECT id, name, status, status_until, cac_minor, created_at, erased_at IS NOT NULL AS erased
FROM clients WHERE team_id = $1 AND ($2 = 0 OR id = $2) ORDER BY id`},
		{"revenue.csv", `
SELECT r.client_id, c.name AS client, r.amount_minor, r.period, r.effective_from, r.set_by, r.created_at
FROM client_revenue r JOIN clients c ON c.id = r.client_id
WHERE r.team_id = $1 AND ($2 = 0 OR r.client_id = $2) ORDER BY r.client_id, r.effective_from, r.id`},
		{"rates.csv", `
SELECT d.name AS department, r.per_hour_minor, r.effective_from, r.set_by, r.created_at
FROM department_rates r JOIN departments d ON d.id = r.department_id
WHERE r.team_id = $1 AND $2 >= 0 ORDER BY d.name, r.effective_from, r.id`},
		{"hours.csv", `
SELECT t.id, t.client_id, c.name AS client, t.worked_on, t.user_id, COALESCE(t.person, '') AS person, d.name AS department,
       t.minutes, t.outside_contract, t.note, COALESCE(i.short_id, '') AS import, t.created_at
FROM time_entries t JOIN clients c ON c.id = t.client_id JOIN departments d ON d.id = t.department_id
LEFT JOIN imports i ON i.id = t.import_id
WHERE t.team_id = $1 AND ($2 = 0 OR t.client_id = $2) AND t.deleted_at IS NULL ORDER BY t.worked_on, t.id`},
		{"incidents.csv", `
SELECT i.id, i.client_id, c.name AS client, i.occurred_on, i.category, i.severity, i.description,
       array_to_string(i.evidence, ' ') AS evidence, i.amount_minor, i.days_late, i.reported_by, i.reported_at, i.updated_at
FROM incidents i JOIN clients c ON c.id = i.client_id
WHERE i.team_id = $1 AND ($2 = 0 OR i.client_id = $2) AND i.deleted_at IS NULL ORDER BY i.occurred_on, i.id`},
		{"invoices.csv", `
SELECT v.client_id, c.name AS client, v.number, v.amount_minor, v.outstanding_minor, v.issued_on, v.due_on
FROM invoices v JOIN clients c ON c.id = v.client_id
WHERE v.team_id = $1 AND ($2 = 0 OR v.client_id = $2) AND v.deleted_at IS NULL ORDER BY v.issued_on, v.id`},
		{"decisions.csv", `
SELECT f.id, f.client_id, c.name AS client, f.created_at, f.manager, f.path, f.client_group, f.end_on,
       COALESCE(f.reviewer, '') AS reviewer, f.reviewed_at, f.drafts
FROM farewell_decisions f JOIN clients c ON c.id = f.client_id
WHERE f.team_id = $1 AND ($2 = 0 OR f.client_id = $2) ORDER BY f.created_at, f.id`},
	}
}

// Export writes the export's files through create (a file in a folder, a
// zip entry…) and records it in the audit log as done by d.UserID.
func (db *DB) Export(ctx context.Context, d Delivery, clientID int64, currency string, create func(name string) (io.Writer, error)) ([]ExportFile, error) {
	var files []ExportFile
	for _, q := range exportQueries() {
		w, err := create(q.name)
		if err != nil {
			return nil, fmt.Errorf("exporting %s: %w", q.name, err)
		}
		n, err := db.exportQuery(ctx, w, q.query, d.TeamID, clientID, currency)
		if err != nil {
			return nil, fmt.Errorf("exporting %s: %w", q.name, err)
		}
		files = append(files, ExportFile{Name: q.name, Rows: n})
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		after := map[string]any{}
		for _, f := range files {
			after[f.Name] = f.Rows
		}
		return tx.audit(ctx, d, Change{Action: AuditExport, ClientID: clientID, After: map[string]any{"rows": after}})
	})
	if err != nil {
		return nil, fmt.Errorf("recording the export: %w", err)
	}
	return files, nil
}

// exportQuery writes one query's rows as CSV with a header; money columns
// (…_minor) are followed by the currency.
func (db *DB) exportQuery(ctx context.Context, w io.Writer, query, teamID string, clientID int64, currency string) (int, error) {
	rows, err := db.x.QueryxContext(ctx, query, teamID, clientID)
	if err != nil {
		return 0, MapError(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	out := csv.NewWriter(w)
	header := append([]string{}, cols...)
	if hasMoney(cols) {
		header = append(header, "currency")
	}
	if err := out.Write(header); err != nil {
		return 0, err
	}
	n := 0
	record := make([]string, len(header))
	for rows.Next() {
		vals, err := rows.SliceScan()
		if err != nil {
			return n, MapError(err)
		}
		for i, v := range vals {
			record[i] = exportCell(v)
		}
		if len(header) > len(cols) {
			record[len(cols)] = currency
		}
		if err := out.Write(record); err != nil {
			return n, err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, MapError(err)
	}
	out.Flush()
	return n, out.Error()
}

func hasMoney(cols []string) bool {
	for _, c := range cols {
		if len(c) > 6 && c[len(c)-6:] == "_minor" {
			return true
		}
	}
	return false
}

// exportCell is a value as a CSV cell: dates as dates, instants in UTC,
// and text that a spreadsheet would run as a formula neutralised.
func exportCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.UTC().Format(time.RFC3339)
	case []byte:
		return imports.Neutral(string(x))
	case string:
		return imports.Neutral(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

const teamsQuery = `SELECT DISTINCT team_id FROM clients UNION SELECT DISTINCT team_id FROM departments ORDER BY 1`

// Teams are the workspaces with data in the database.
func (db *DB) Teams(ctx context.Context) ([]string, error) {
	var teams []string
	if err := db.x.SelectContext(ctx, &teams, teamsQuery); err != nil {
		return nil, fmt.Errorf("listing workspaces: %w", MapError(err))
	}
	return teams, nil
}
