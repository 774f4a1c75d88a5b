package farewell_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
)

// Today is Sunday 22 Nov 2026; the 12 weeks start on Monday 31 Aug, the 4
// weeks on Monday 26 Oct. (Moved from dialogs' TestFarewellEvidenceFromFacts.)
func TestAssess(t *testing.T) {
	acme := ledger.Client{ID: 1, Name: "Acme", CACMinor: 90000}
	f := farewell.Facts{
		Today: day(2026, 11, 22), Currency: "USD",
		Client: acme,
		Revenue: []ledger.Revenue{
			{AmountMinor: 3640, Period: ledger.Year, From: day(2026, 1, 1)},   // 10 a day
			{AmountMinor: 1820, Period: ledger.Year, From: day(2026, 11, 16)}, // 5 a day from the last week
		},
		Rates: []ledger.Rate{{Department: "support", PerHourMinor: 6000, From: day(2026, 1, 1)}},
		Hours: []ledger.Entry{
			{Department: "support", Minutes: 60, Day: day(2026, 9, 1)},
			{Department: "support", Minutes: 30, Day: day(2026, 11, 20)},
			{Department: "sales", Minutes: 45, Day: day(2026, 11, 20)},
		},
		Recent: []farewell.Incident{
			{Category: ledger.Disrespect, Severity: ledger.SeverityHigh, Day: day(2026, 11, 20), Links: []string{"https://x"}},
			{Category: ledger.Disrespect, Severity: ledger.SeverityLow, Day: day(2026, 11, 1)},
			{Category: ledger.LatePayment, Severity: ledger.SeverityLow, Day: day(2026, 9, 10)},
		},
		Clients:       []ledger.Client{acme, {ID: 2}, {ID: 3}, {ID: 4}},
		TeamIncidents: map[int64]int{1: 3, 2: 1, 4: 5},
		Strain:        map[int64][]float64{1: {3.1, 4.2}, 2: {2.0}, 3: {3.0}},
	}
	ev := farewell.Assess(f)
	checks := []struct {
		name      string
		got, want any
	}{
		{"incidents", ev.Incidents12w[ledger.Disrespect]*10 + ev.Incidents12w[ledger.LatePayment], 21},
		{"with links", ev.IncidentsWithLinks12w, 1},
		{"recent", len(ev.Recent), 3},
		{"revenue 4w", ev.Revenue4w, int64(21*10 + 7*5)},
		{"revenue 12w", ev.Revenue12w, int64(77*10 + 7*5)},
		{"cost 4w", ev.Cost4w, int64(3000)},
		{"cost 12w", ev.Cost12w, int64(9000)},
		{"minutes", ev.Minutes12w, 135},
		{"unrated", strings.Join(ev.Unrated, ","), "sales"},
		{"strain", *ev.Strain, 4.2},
		{"trend", ev.StrainTrend, ledger.Up},
		{"falling since", ev.RevenueFallingSince.Format(time.DateOnly), "2026-11-16"},
		{"median incidents of the others (1, 0, 5)", *ev.TeamMedianIncidents, 1.0},
		{"median strain of the others (2, 3)", *ev.TeamMedianStrain, 2.5},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if got := farewell.PreAnswer(ev); !got[farewell.SignDisrespect] || !got[farewell.SignObligations] || got[farewell.SignComplaints] {
		t.Errorf("pre-answers %v", got)
	}

	// Alone in the workspace: nothing to compare with.
	f.Clients, f.Strain = []ledger.Client{acme}, nil
	if ev := farewell.Assess(f); ev.TeamMedianIncidents != nil || ev.TeamMedianStrain != nil || ev.Strain != nil {
		t.Errorf("medians without peers: %v %v", ev.TeamMedianIncidents, ev.TeamMedianStrain)
	}
}

// TestAssessStrainTrend pins the wizard to strain.Trend: a change of
// exactly a quarter point in float noise (23/12 → 13/6) is rising, as in
// the digest; the wizard used to call it steady.
func TestAssessStrainTrend(t *testing.T) {
	tests := []struct {
		name    string
		history []float64
		want    ledger.Direction
	}{
		{"no results", nil, ledger.Unknown},
		{"one result", []float64{3}, ledger.Unknown},
		{"a quarter point in float noise", []float64{23.0 / 12, 13.0 / 6}, ledger.Up},
		{"less than a quarter point", []float64{3, 3.2}, ledger.Flat},
		{"falling", []float64{4, 3}, ledger.Down},
	}
	for _, tt := range tests {
		f := farewell.Facts{Today: day(2026, 11, 22), Client: ledger.Client{ID: 1}, Strain: map[int64][]float64{}}
		if tt.history != nil {
			f.Strain[1] = tt.history
		}
		if got := farewell.Assess(f).StrainTrend; got != tt.want {
			t.Errorf("%s: trend %q; want %q", tt.name, got, tt.want)
		}
	}
}
