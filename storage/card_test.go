package storage_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// cardWorkspace: support costs 40.00/h until Tuesday 17 Nov 2026 and 50.00/h
// from Wednesday 18 Nov; dev costs 90.00/h. The week is 16–22 Nov.
func cardWorkspace() storage.Workspace {
	return storage.Workspace{
		Clients: []storage.SeedClient{{Name: "Acme", CreatedBy: "U1"}, {Name: "Globex", CreatedBy: "U1"}},
		Rates: []ledger.Rate{
			{Department: "support", PerHourMinor: 4_000, From: date("2026-11-02")},
			{Department: "support", PerHourMinor: 5_000, From: date("2026-11-18")},
			{Department: "dev", PerHourMinor: 9_000, From: date("2026-01-01")},
		},
		Hours: []storage.SeedHours{
			{Client: "Acme", UserID: "U2", Department: "support", Minutes: 60, Day: date("2026-11-16")},  // Mon, 40/h
			{Client: "acme", UserID: "U3", Department: "support", Minutes: 30, Day: date("2026-11-16")},  // Mon, summed with the above
			{Client: "Acme", UserID: "U2", Department: "support", Minutes: 60, Day: date("2026-11-18")},  // Wed, 50/h
			{Client: "Acme", UserID: "U4", Department: "dev", Minutes: 45, Day: date("2026-11-19")},      // Thu, 90/h
			{Client: "Acme", UserID: "U2", Department: "support", Minutes: 120, Day: date("2026-11-10")}, // last week, 40/h
			{Client: "Acme", UserID: "U2", Department: "support", Minutes: 60, Day: date("2026-09-01")},  // before any support rate
			{Client: "Globex", UserID: "U2", Department: "support", Minutes: 600, Day: date("2026-11-17")},
		},
		Incidents: []storage.SeedIncident{
			{Client: "Acme", Category: ledger.LatePayment, Severity: ledger.SeverityHigh, Description: "Invoice 12 unpaid", OccurredOn: date("2026-11-20"), ReportedBy: "U2", Links: []string{"https://mail.example.com/1"}},
			{Client: "Acme", Category: ledger.LatePayment, Severity: ledger.SeverityMedium, Description: "Invoice 11 late", OccurredOn: date("2026-10-01"), ReportedBy: "U2"},
			{Client: "Acme", Category: ledger.Disrespect, Severity: ledger.SeverityHigh, Description: "Shouted at support", OccurredOn: date("2026-11-19"), ReportedBy: "U3"},
			{Client: "Acme", Category: ledger.ScopeCreep, Severity: ledger.SeverityLow, Description: "Asked for a new report", OccurredOn: date("2026-11-02"), ReportedBy: "U4"},
			{Client: "Acme", Category: ledger.ScopeCreep, Severity: ledger.SeverityLow, Description: "Another report", OccurredOn: date("2026-11-12"), ReportedBy: "U4"},
			{Client: "Acme", Category: ledger.Threats, Severity: ledger.SeverityHigh, Description: "Threatened a review", OccurredOn: date("2026-08-15"), ReportedBy: "U1"},
			{Client: "Globex", Category: ledger.Other, Severity: ledger.SeverityLow, Description: "Odd request", OccurredOn: date("2026-11-18"), ReportedBy: "U1"},
		},
	}
}

func TestCardAggregatesWithRateChangeMidWeek(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := seededDB(t, cardWorkspace())
	// Noise that must not count: an undone entry and another workspace.
	if _, err := db.X().ExecContext(ctx, `
INSERT INTO time_entries (team_id, client_id, user_id, department_id, minutes, worked_on, deleted_at)
SELECT team_id, client_id, user_id, department_id, 600, worked_on, now() FROM time_entries WHERE team_id = $1 LIMIT 1`, team); err != nil {
		t.Fatal(err)
	}
	if err := db.LoadWorkspace(ctx, "T0OTHER", cardWorkspace(), false); err != nil {
		t.Fatal(err)
	}
	acme := clientID(t, db, "Acme")
	entries, err := db.ClientHours(ctx, team, acme, ledger.AllTime())
	if err != nil {
		t.Fatal(err)
	}
	rates, err := db.Rates(ctx, team)
	if err != nil {
		t.Fatal(err)
	}
	today := date("2026-11-22")
	tests := []struct {
		name      string
		span      ledger.Span
		minutes   int
		costMinor int64
		support   int64
		unrated   []string
	}{
		// Mon 90 min × 40.00 = 60.00; Wed 60 min × 50.00 = 50.00 → support 110.00;
		// Thu dev 45 min × 90.00 = 67.50 → 177.50.
		{"this week", ledger.WeekOf(today), 90 + 60 + 45, 17_750, 11_000, nil},
		// Plus 10 Nov: 120 min × 40.00 = 80.00 → support 190.00, total 257.50.
		{"last 4 weeks", ledger.LastWeeks(today, 4), 90 + 60 + 45 + 120, 25_750, 19_000, nil},
		// Plus 1 Sep: 60 min before support had a rate: counted, not costed.
		{"all time", ledger.AllTime(), 90 + 60 + 45 + 120 + 60, 25_750, 19_000, []string{"support"}},
	}
	for _, tt := range tests {
		s := ledger.SpendIn(entries, rates, tt.span)
		if s.Minutes != tt.minutes || s.CostMinor != tt.costMinor || s.Department("support").CostMinor != tt.support || !reflect.DeepEqual(s.Unrated, tt.unrated) {
			t.Errorf("%s: %+v; want %d min, %d, support %d, unrated %v", tt.name, s, tt.minutes, tt.costMinor, tt.support, tt.unrated)
		}
	}
	week, err := db.ClientHours(ctx, team, acme, ledger.WeekOf(today))
	if err != nil {
		t.Fatal(err)
	}
	wantWeek := []ledger.Entry{
		{Department: "support", Minutes: 90, Day: date("2026-11-16")},
		{Department: "support", Minutes: 60, Day: date("2026-11-18")},
		{Department: "dev", Minutes: 45, Day: date("2026-11-19")},
	}
	if !reflect.DeepEqual(week, wantWeek) {
		t.Errorf("ClientHours(week) = %+v; want %+v", week, wantWeek)
	}

	team4w, err := db.TeamHours(ctx, team, ledger.LastWeeks(today, 4))
	if err != nil {
		t.Fatal(err)
	}
	if s := ledger.SpendIn(team4w[acme], rates, ledger.AllTime()); s.CostMinor != 25_750 {
		t.Errorf("TeamHours: Acme's 4 weeks cost %d; want 25750", s.CostMinor)
	}
	// Globex: Tue 17 Nov, 600 min × 40.00 = 400.00.
	if s := ledger.SpendIn(team4w[clientID(t, db, "Globex")], rates, ledger.AllTime()); s.CostMinor != 40_000 || s.Minutes != 600 {
		t.Errorf("TeamHours: Globex %+v; want 600 min, 40000", s)
	}
}

func TestCardIncidents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := seededDB(t, cardWorkspace())
	acme := clientID(t, db, "Acme")
	if _, err := db.X().ExecContext(ctx, `UPDATE incidents SET deleted_at = now() WHERE description = 'Another report'`); err != nil {
		t.Fatal(err)
	}
	recent := ledger.LastWeeks(date("2026-11-22"), 4) // 26 Oct – 22 Nov
	counts, err := db.IncidentCounts(ctx, team, acme, recent)
	if err != nil {
		t.Fatal(err)
	}
	want := []storage.CategoryCount{
		{Category: ledger.Disrespect, Recent: 1, Total: 1},
		{Category: ledger.LatePayment, Recent: 1, Total: 2},
		{Category: ledger.Threats, Recent: 0, Total: 1},
		{Category: ledger.ScopeCreep, Recent: 1, Total: 1},
	}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("IncidentCounts = %+v; want %+v", counts, want)
	}
	latest, err := db.LatestIncidents(ctx, team, acme, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range latest {
		got = append(got, in.Description)
	}
	if want := []string{"Invoice 12 unpaid", "Shouted at support", "Asked for a new report"}; !reflect.DeepEqual(got, want) {
		t.Errorf("LatestIncidents = %v; want %v", got, want)
	}
	if in := latest[0]; in.ReportedBy != "U2" || in.Severity != ledger.SeverityHigh || !in.OccurredOn.Equal(date("2026-11-20")) ||
		!reflect.DeepEqual(in.Links, []string{"https://mail.example.com/1"}) || in.Category != ledger.LatePayment {
		t.Errorf("latest incident = %+v", in)
	}
	facts, err := db.TeamFacts(ctx, team, storage.TeamWindow{Hours: recent, Incidents: recent, StrainAsOf: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if byClient, want := facts.IncidentCounts(), map[int64]int{acme: 3, clientID(t, db, "Globex"): 1}; !reflect.DeepEqual(byClient, want) {
		t.Errorf("TeamFacts incident counts = %v; want %v", byClient, want)
	}
}

func TestLoadWorkspaceReplaceIsIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	for range 2 {
		if err := db.LoadWorkspace(ctx, team, cardWorkspace(), true); err != nil {
			t.Fatal(err)
		}
	}
	var n struct {
		Clients   int `db:"clients"`
		Hours     int `db:"hours"`
		Incidents int `db:"incidents"`
		Rates     int `db:"rates"`
	}
	if err := db.X().GetContext(ctx, &n, `SELECT
  (SELECT count(*) FROM clients WHERE team_id = $1) AS clients,
  (SELECT count(*) FROM time_entries WHERE team_id = $1) AS hours,
  (SELECT count(*) FROM incidents WHERE team_id = $1) AS incidents,
  (SELECT count(*) FROM department_rates WHERE team_id = $1) AS rates`, team); err != nil {
		t.Fatal(err)
	}
	if n.Clients != 2 || n.Hours != 7 || n.Incidents != 7 || n.Rates != 3 {
		t.Errorf("after loading twice: %+v; want one copy", n)
	}
}

// seededDB is a fresh database with ws loaded into team.
func seededDB(t *testing.T, ws storage.Workspace) *storage.DB {
	t.Helper()
	db := storagetest.New(t)
	if err := db.LoadWorkspace(context.Background(), team, ws, false); err != nil {
		t.Fatal(err)
	}
	return db
}

func clientID(t *testing.T, db *storage.DB, name string) int64 {
	t.Helper()
	clients, err := db.ListClients(context.Background(), team, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range clients {
		if c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("no client %q", name)
	return 0
}
