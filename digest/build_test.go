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
		// Subsidising (3): margin 1 000 − 1 100 = −100.
		{ClientID: 3, Name: "Delta", Status: ledger.StatusActive, Revenue: weekly,
			Entries: []ledger.Entry{entry("support", 11, "2024-03-11")}},
		// Strain high (3): margin 0.
		{ClientID: 4, Name: "alpha", Status: ledger.StatusRecovery, Strain: strain(3.6)},
		// Unflagged, margin 0; parting, and says until when.
		{ClientID: 5, Name: "golf", Status: ledger.StatusParting, StatusUntil: &until},
		// Late payment (2) and cost over CAC (100 × 13 = 1 300 > 1): 4.
		{ClientID: 6, Name: "Charlie", Status: ledger.StatusActive, CACMinor: 1, Incidents: late,
			Entries: []ledger.Entry{entry("support", 1, "2024-03-12")}},
		// Strain high (3) and late payment (2): 5.
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
	// Risk 5, 4, then the two 3s by margin (−100 before 0), then the
	// unflagged by margin (0, 0 by name ignoring case, then 900).
	want := []string{"Bravo", "Charlie", "Delta", "alpha", "golf", "Hotel", "Foxtrot"}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("order = %q; want %q", order, want)
	}

	// Minutes 1 + 30 + 11 + 1 = 43; cost 100 + 1 100 + 100 = 1 300;
	// revenue 1 000 + 1 000; margin 2 000 − 1 300 = 700.
	wantTeam := digest.Team{Minutes: 43, Cost: 1_300, Revenue: 2_000, Margin: 700, Unrated: []string{"legal"}, Flagged: 4}
	if !reflect.DeepEqual(r.Team, wantTeam) {
		t.Errorf("team = %+v; want %+v", r.Team, wantTeam)
	}
	if !r.Week.Start.Equal(march11.Start) {
		t.Errorf("week = %v", r.Week)
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
