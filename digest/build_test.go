package digest_test

import (
	"reflect"
	"testing"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

func TestBuildSortsAndTotals(t *testing.T) {
	// 6 000 an hour: a minute costs 100. Legal has no rate.
	rates := []ledger.Rate{{Department: "support", PerHourMinor: 6_000, From: day("2020-01-01")}}
	weekly := []ledger.Revenue{{AmountMinor: 1_000, Period: ledger.Week, From: day("2024-01-01")}}
	late := []digest.IncidentFact{incident(ledger.LatePayment, "2024-03-12")}
	strain := func(s float64) *digest.StrainFact { return &digest.StrainFact{Score: s, Day: day("2024-03-14")} }
	until := day("2024-04-01")
	in := digest.Input{Week: march11, Rates: rates, Clients: []digest.ClientInput{
		// Unflagged, margin 1 000 − 100 = 900.
		{ClientID: 1, Name: "Foxtrot", Status: ledger.StatusActive, Revenue: weekly,
			Entries: []ledger.Entry{entry("support", 1, "2024-03-11")}},
		// Unflagged, margin 0; its legal half hour goes uncosted.
		{ClientID: 2, Name: "Hotel", Status: ledger.StatusBoundaries,
			Entries: []ledger.Entry{entry("legal", 30, "2024-03-11")}},
		// Subsidising (3): four weeks cost 4 100 against 4 000, a loss
		// (health 75); the week's margin 1 000 − 4 100 = −3 100.
		{ClientID: 3, Name: "Delta", Status: ledger.StatusActive, Revenue: weekly,
			Entries: []ledger.Entry{entry("support", 41, "2024-03-11")}},
		// Strain high (3): health 85.
		{ClientID: 4, Name: "alpha", Status: ledger.StatusRecovery, Strain: strain(3.6)},
		// Unflagged, margin 0; parting, and says until when.
		{ClientID: 5, Name: "golf", Status: ledger.StatusParting, StatusUntil: &until},
		// Late payment (2), health 95; without revenue, no keep-or-replace.
		{ClientID: 6, Name: "Charlie", Status: ledger.StatusActive, CACMinor: 1, Incidents: late,
			Entries: []ledger.Entry{entry("support", 1, "2024-03-12")}},
		// Strain high (3) and late payment (2): health 80.
		{ClientID: 7, Name: "Bravo", Status: ledger.StatusActive, Strain: strain(3.5), Incidents: late},
		// Archived: left out of the report and the totals.
		{ClientID: 8, Name: "Archie", Status: ledger.StatusArchived, Revenue: weekly, Strain: strain(5),
			Entries: []ledger.Entry{entry("support", 600, "2024-03-11"), entry("audit", 60, "2024-03-11")}},
	}}
	r := digest.Build(in)

	var order []string
	for _, c := range r.Clients {
		order = append(order, c.Name)
	}
	// Flagged by health 75, 80, 85, 95, then the unflagged (all 100) by
	// margin (0, 0 by name ignoring case, then 900).
	want := []string{"Delta", "Bravo", "alpha", "Charlie", "golf", "Hotel", "Foxtrot"}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("order = %q; want %q", order, want)
	}

	// Minutes 1 + 30 + 41 + 1 = 73; cost 100 + 4 100 + 100 = 4 300;
	// revenue 1 000 + 1 000; margin 2 000 − 4 300 = −2 300. Over the
	// four weeks, revenue is 2 × 4 000.
	wantTeam := digest.Team{Minutes: 73, Cost: 4_300, Revenue: 2_000, Margin: -2_300, Unrated: []string{"legal"}, Flagged: 4,
		RecentRevenue: 8_000, RecentMinutes: 73}
	if !reflect.DeepEqual(r.Team, wantTeam) {
		t.Errorf("team = %+v; want %+v", r.Team, wantTeam)
	}
	if !r.Week.Start.Equal(march11.Start) {
		t.Errorf("week = %v", r.Week)
	}

	var scores []int
	for _, c := range r.Clients {
		scores = append(scores, c.Health.Score)
	}
	if want := []int{75, 80, 85, 95, 100, 100, 100}; !reflect.DeepEqual(scores, want) {
		t.Errorf("health = %v; want %v", scores, want)
	}

	g, ok := r.Client(5)
	if !ok || g.Status != ledger.StatusParting || g.StatusUntil == nil || !g.StatusUntil.Equal(until) {
		t.Errorf("golf = %v %+v; want parting until %s", ok, g, until)
	}
	if _, ok := r.Client(8); ok {
		t.Error("archived client in the report")
	}
}

func TestBuildEmpty(t *testing.T) {
	r := digest.Build(digest.Input{Week: march11})
	if len(r.Clients) != 0 || !reflect.DeepEqual(r.Team, digest.Team{}) || r.Medians != (digest.Comparison{}) {
		t.Errorf("empty report = %+v", r)
	}
}
