package storage_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

const eraseName = "Zorblatt Industries"

// seedErasable gives a client every kind of data that can name it: an
// incident (edited once), a decision with drafts, a wizard, a strain poll
// with a comment, hours with a note, an invoice, an import and its choice.
func seedErasable(t *testing.T, db *storage.DB) (client, other int64) {
	t.Helper()
	ctx := context.Background()
	client = ihClient(t, db, ihTeam, eraseName)
	other = ihClient(t, db, ihTeam, "Initech")
	ihDepartment(t, db, ihTeam, "dev")
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.X().Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, id := range []int64{client, other} {
		in := storage.IncidentInput{ClientID: id, Category: ledger.Threats, Severity: ledger.SeverityHigh,
			Description: "Zorblatt's CEO threatened us", Evidence: []string{"https://mail.example/zorblatt"}, OccurredOn: ihDay("2026-01-10"), Source: storage.SourceCommand}
		inc, err := ihLogIncident(t, db, fmt.Sprintf("i:%d", id), "U0MEMBER", in)
		if err != nil {
			t.Fatal(err)
		}
		in.Description = "Zorblatt's CEO threatened us again"
		if _, err := db.EditIncident(ctx, ihDelivery(fmt.Sprintf("e:%d", id)), inc.ID, in, ledger.AllTime(), allowAll); err != nil {
			t.Fatal(err)
		}
	}
	exec(`INSERT INTO client_revenue (team_id, client_id, amount_minor, period, effective_from, set_by) VALUES ($1, $2, 100000, 'month', '2026-01-01', 'U1')`, ihTeam, client)
	exec(`INSERT INTO farewell_decisions (team_id, client_id, manager, path, client_group, decision, drafts, lang)
		VALUES ($1, $2, 'U1', 'part_ways', 'hostile', '{"reason":"Zorblatt Industries shouts"}', '{"script":"Dear Zorblatt Industries"}', 'en')`, ihTeam, client)
	exec(`INSERT INTO farewell_wizards (team_id, view_id, user_id, client_id, state) VALUES ($1, 'V1', 'U1', $2, '{"name":"Zorblatt Industries"}')`, ihTeam, client)
	exec(`INSERT INTO strain_polls (id, team_id, client_id, channel_id, lang, created_by, closes_at) VALUES (900, $1, $2, 'C1', 'en', 'U1', now())`, ihTeam, client)
	exec(`INSERT INTO strain_comments (team_id, poll_id, body) VALUES ($1, 900, 'Zorblatt wears me out')`, ihTeam)
	exec(`INSERT INTO time_entries (team_id, client_id, user_id, department_id, minutes, worked_on, note)
		SELECT $1, $2, 'U1', id, 90, '2026-01-12', 'call with Zorblatt' FROM departments WHERE team_id = $1`, ihTeam, client)
	in := storage.ImportInput{Kind: "invoices", Format: "xero", FileName: "zorblatt-invoices.csv", Channel: "D1",
		Choices: importChoices("zorblatt industries ltd", client)}
	if _, err := db.SaveImport(ctx, ihDelivery("imp"), in, hourRows([]storage.ImportRow{zorblattInvoice(client)}, -1)); err != nil {
		t.Fatal(err)
	}
	return client, other
}

// textMentions counts the rows of every table whose text, text[] or jsonb
// columns mention s, by table and column.
func textMentions(t *testing.T, db *storage.DB, s string) []string {
	t.Helper()
	var cols []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
	}
	if err := db.X().Select(&cols, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'ARRAY')`); err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, c := range cols {
		var n int
		q := fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q::text ILIKE '%%' || $1 || '%%'`, c.Table, c.Column)
		if err := db.X().Get(&n, q, s); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n > 0 {
			found = append(found, fmt.Sprintf("%s.%s (%d)", c.Table, c.Column, n))
		}
	}
	return found
}

// An erasure leaves the client's name and texts in no table, keeps its
// figures, says so forever (no restore, no second erasure), and leaves
// other clients alone; with everything, the client is gone.
func TestEraseClient(t *testing.T) {
	ctx := context.Background()
	db := storagetest.New(t)
	client, other := seedErasable(t, db)
	if found := textMentions(t, db, "zorblatt"); len(found) < 8 {
		t.Fatalf("the fixture names the client in too few places: %v", found)
	}
	if err := db.EraseClient(ctx, ihDelivery("erase"), client, false); err != nil {
		t.Fatal(err)
	}
	found := textMentions(t, db, "zorblatt")
	// Only the other client's incident (same words) may remain.
	for _, f := range found {
		if !strings.HasPrefix(f, "incidents.") && !strings.HasPrefix(f, "incident_versions.") {
			t.Errorf("after erasure the name remains in %s", f)
		}
	}
	var mine, theirs, minutes, revenue int
	mustGet(t, db, &mine, fmt.Sprintf(`SELECT count(*) FROM incidents WHERE client_id = %d AND description = '—' AND evidence = '{}'`, client))
	mustGet(t, db, &theirs, fmt.Sprintf(`SELECT count(*) FROM incidents WHERE client_id = %d AND description LIKE 'Zorblatt%%'`, other))
	mustGet(t, db, &minutes, fmt.Sprintf(`SELECT COALESCE(SUM(minutes), 0) FROM time_entries WHERE client_id = %d`, client))
	mustGet(t, db, &revenue, fmt.Sprintf(`SELECT count(*) FROM client_revenue WHERE client_id = %d`, client))
	if mine != 1 || theirs != 1 || minutes != 90 || revenue != 1 {
		t.Errorf("erased incidents %d, other client's %d, minutes kept %d, revenue kept %d", mine, theirs, minutes, revenue)
	}
	if _, err := db.SetStatus(ctx, ihDelivery("restore"), client, ledger.StatusActive, time.Time{}); !errors.Is(err, storage.ErrErased) {
		t.Errorf("restoring an erased client: %v", err)
	}
	if err := db.EraseClient(ctx, ihDelivery("erase-2"), client, true); !errors.Is(err, storage.ErrErased) {
		t.Errorf("erasing twice: %v", err)
	}
	entries, err := db.Audit(ctx, ihTeam, client, 5)
	if err != nil || len(entries) == 0 || entries[0].Change.Action != storage.AuditErase {
		t.Fatalf("audit %+v, %v", entries, err)
	}

	if err := db.EraseClient(ctx, ihDelivery("erase-all"), other, true); err != nil {
		t.Fatal(err)
	}
	if found := textMentions(t, db, "zorblatt"); len(found) > 0 {
		t.Errorf("after erasing everything: %v", found)
	}
	var left int
	mustGet(t, db, &left, fmt.Sprintf(`SELECT count(*) FROM clients WHERE id = %d`, other))
	if left != 0 {
		t.Error("the client erased with everything is still there")
	}
}

// Retention erases only the texts of incidents older than the first day
// kept, once, and says how many in the audit log.
func TestRetentionErasesOnlyOldTexts(t *testing.T) {
	ctx := context.Background()
	db, acme := ihSupportDB(t)
	for i, day := range []string{"2025-01-10", "2025-06-30", "2025-07-01", "2026-01-10"} {
		in := storage.IncidentInput{ClientID: acme, Category: ledger.Threats, Severity: ledger.SeverityHigh,
			Description: "text " + day, OccurredOn: ihDay(day), Source: storage.SourceCommand}
		if _, err := ihLogIncident(t, db, fmt.Sprintf("r:%d", i), "U0MEMBER", in); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.EraseOldIncidentTexts(ctx, ihTeam, ihDay("2025-07-01"))
	if err != nil || n != 2 {
		t.Fatalf("erased %d, %v; want 2", n, err)
	}
	var kept []string
	if err := db.X().Select(&kept, `SELECT description FROM incidents ORDER BY occurred_on`); err != nil {
		t.Fatal(err)
	}
	if strings.Join(kept, "|") != "—|—|text 2025-07-01|text 2026-01-10" {
		t.Errorf("texts after retention: %q", kept)
	}
	if n, err := db.EraseOldIncidentTexts(ctx, ihTeam, ihDay("2025-07-01")); err != nil || n != 0 {
		t.Errorf("second run erased %d, %v", n, err)
	}
	entries, err := db.Audit(ctx, ihTeam, 0, 5)
	if err != nil || len(entries) != 1 || entries[0].Actor != storage.SystemActor || entries[0].Change.After["erased"] != float64(2) {
		t.Errorf("audit %+v, %v", entries, err)
	}
}
