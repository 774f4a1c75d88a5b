package digest_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

// The verdict rules over a team: keep-or-replace, the floor, health and
// "is it us?". An hour costs 6 000 (100 a minute); every client earns
// 250 000 a week, so 1 000 000 over the four-week window, and a cost
// share of s takes s × 10 000 minutes.
var verdictRates = []ledger.Rate{{Department: "dev", PerHourMinor: 6_000, From: day("2020-01-01")}}

func sharedClient(name string, share float64) digest.ClientInput {
	return digest.ClientInput{
		Name:    name,
		Revenue: []ledger.Revenue{{AmountMinor: 250_000, Period: ledger.Week, From: day("2024-01-01")}},
		Entries: []ledger.Entry{entry("dev", int(share*10_000+0.5), "2024-03-12")},
	}
}

func buildTeam(s digest.Settings, clients ...digest.ClientInput) digest.Report {
	for i := range clients {
		clients[i].ClientID = int64(i + 1)
		clients[i].Status = ledger.StatusActive
	}
	return digest.Build(digest.Input{Week: march11, Rates: verdictRates, Clients: clients, Settings: s})
}

func byName(t *testing.T, r digest.Report, name string) digest.ClientFigures {
	t.Helper()
	for _, c := range r.Clients {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("%s not in the report", name)
	return digest.ClientFigures{}
}

func TestKeepOrReplace(t *testing.T) {
	healthy := func() []digest.ClientInput {
		var cs []digest.ClientInput
		for i, s := range []float64{0.25, 0.27, 0.28, 0.30, 0.32, 0.35} {
			cs = append(cs, sharedClient(fmt.Sprintf("Healthy %d", i), s))
		}
		return cs
	}
	tests := []struct {
		name     string
		settings digest.Settings
		clients  []digest.ClientInput
		flagged  map[string]digest.Flag // the replacement flag by client; none for the rest
	}{
		{name: "healthy clients with a normal spread", settings: digest.Settings{CACMinor: 600_000}, clients: healthy()},
		{name: "healthy spread, a cheap CAC", settings: digest.Settings{CACMinor: 1}, clients: healthy()},
		// Twice the median (the others' median is (0.28 + 0.30) / 2 = 0.29):
		// excess (600 000 − 290 000) × 13 = 4 030 000 a year against 600 000
		// to win a client: pays back in ceil(12 × 600 000 / 4 030 000) = 2 months.
		{name: "twice the median", settings: digest.Settings{CACMinor: 600_000},
			clients: append(healthy(), sharedClient("Dear", 0.60)),
			flagged: map[string]digest.Flag{"Dear": {Kind: digest.ReplacementPays, Weight: 2, Count: 2,
				Amount: 4_030_000, RefAmount: 600_000, Value: 0.6, Reference: 0.29, Peers: 6}}},
		// The same client when winning one costs more than its excess.
		{name: "twice the median, dear to replace", settings: digest.Settings{CACMinor: 4_030_000},
			clients: append(healthy(), sharedClient("Dear", 0.60))},
		// Without a setting the clients' median CAC stands in: 500 000 and
		// 700 000 → 600 000.
		{name: "median CAC of the clients", clients: func() []digest.ClientInput {
			cs := append(healthy(), sharedClient("Dear", 0.60))
			cs[0].CACMinor, cs[1].CACMinor = 500_000, 700_000
			return cs
		}(),
			flagged: map[string]digest.Flag{"Dear": {Kind: digest.ReplacementPays, Weight: 2, Count: 2,
				Amount: 4_030_000, RefAmount: 600_000, Value: 0.6, Reference: 0.29, Peers: 6}}},
		// 1.4 × the median is within the spread, however cheap winning is.
		{name: "below one and a half times", settings: digest.Settings{CACMinor: 1},
			clients: append(healthy(), sharedClient("Pricier", 0.40))},
		// No CAC anywhere: nothing to weigh the excess against.
		{name: "no acquisition cost known", clients: append(healthy(), sharedClient("Dear", 0.60))},
		// Two others only: just a loss is excess. 1.1 → (1 100 000 − 1 000 000) × 13.
		{name: "few peers, a loss", settings: digest.Settings{CACMinor: 600_000},
			clients: []digest.ClientInput{sharedClient("A", 0.2), sharedClient("B", 0.3), sharedClient("Loss", 1.1)},
			flagged: map[string]digest.Flag{"Loss": {Kind: digest.ReplacementPays, Weight: 2, Count: 6,
				Amount: 1_300_000, RefAmount: 600_000, Value: 1.1}}},
		{name: "few peers, dear but in profit", settings: digest.Settings{CACMinor: 1},
			clients: []digest.ClientInput{sharedClient("A", 0.2), sharedClient("B", 0.3), sharedClient("Dear", 0.9)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := buildTeam(tt.settings, tt.clients...)
			for _, c := range r.Clients {
				got, has := findFlag(c.Flags, digest.ReplacementPays)
				want, should := tt.flagged[c.Name]
				if has != should {
					t.Fatalf("%s: replacement flag %v; want %v (flags %v)", c.Name, has, should, kinds(c.Flags))
				}
				if !has {
					continue
				}
				const tol = 1e-9
				if got.Value-want.Value > tol || want.Value-got.Value > tol || got.Reference-want.Reference > tol || want.Reference-got.Reference > tol {
					t.Errorf("%s: shares %v against %v; want %v against %v", c.Name, got.Value, got.Reference, want.Value, want.Reference)
				}
				got.Value, got.Reference = want.Value, want.Reference
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: flag = %+v; want %+v", c.Name, got, want)
				}
			}
		})
	}
}

func TestEffectiveRateAndFloor(t *testing.T) {
	// 1 000 000 over four weeks for 10 000 minutes: 6 000 an hour.
	slow := sharedClient("Slow", 1.0)
	slow.Entries = []ledger.Entry{entry("dev", 10_000, "2024-03-12")}
	slow.EarlierMinutes = 10_000 // logged in the eight weeks before the four
	fine := sharedClient("Fine", 0.25)
	r := buildTeam(digest.Settings{FloorMinor: 12_000}, slow, fine)
	s := byName(t, r, "Slow")
	if !s.Recent.HasRate || s.Recent.Rate != 6_000 {
		t.Fatalf("rate = %d (%v); want 6000", s.Recent.Rate, s.Recent.HasRate)
	}
	// Twelve weeks from 25 Dec: the revenue recorded from 1 Jan stands for
	// the window's first days too, so 3 000 000 for 20 000 minutes: 9 000
	// an hour.
	if !s.LongRate.HasRate || s.LongRate.Rate != 9_000 {
		t.Errorf("12-week rate = %d; want 9000", s.LongRate.Rate)
	}
	fl, ok := findFlag(s.Flags, digest.BelowFloor)
	// The gap: 6 000 an hour short over 10 000 minutes = 1 000 000.
	want := digest.Flag{Kind: digest.BelowFloor, Weight: 2, Amount: 6_000, RefAmount: 12_000, Total: 1_000_000}
	if !ok || !reflect.DeepEqual(fl, want) {
		t.Errorf("floor flag = %+v (%v); want %+v", fl, ok, want)
	}
	// Fine earns 1 000 000 for 2 500 minutes: 24 000 an hour.
	f := byName(t, r, "Fine")
	if _, ok := findFlag(f.Flags, digest.BelowFloor); ok || f.Recent.Rate != 24_000 {
		t.Errorf("Fine: rate %d, flags %v; want 24000 and no floor flag", f.Recent.Rate, kinds(f.Flags))
	}
	// Without a floor, no flag.
	r = buildTeam(digest.Settings{}, slow, fine)
	if _, ok := findFlag(byName(t, r, "Slow").Flags, digest.BelowFloor); ok {
		t.Error("floor flag without a floor")
	}
	// Shares of the team: revenue half each; hours 10 000 of 12 500.
	if s.Recent.RevenueShare != 0.5 || s.Recent.HoursShare != 0.8 {
		t.Errorf("shares = %v of revenue, %v of hours; want 0.5, 0.8", s.Recent.RevenueShare, s.Recent.HoursShare)
	}
}

func TestRevenueCountedThroughToday(t *testing.T) {
	// On Wednesday the week has earned three days of 250 000 / 7.
	c := sharedClient("Acme", 0.25)
	r := digest.Build(digest.Input{Week: march11, Rates: verdictRates, Through: day("2024-03-13"),
		Clients: []digest.ClientInput{{ClientID: 1, Name: c.Name, Status: ledger.StatusActive, Revenue: c.Revenue, Entries: c.Entries}}})
	got := r.Clients[0].Recent.Revenue
	if want := int64(750_000 + 107_143); got != want {
		t.Errorf("window revenue = %d; want %d", got, want)
	}
}

func TestHealth(t *testing.T) {
	strain := func(s float64) *digest.StrainFact { return &digest.StrainFact{Score: s, Day: day("2024-03-14")} }
	var cs []digest.ClientInput
	for i, s := range []float64{0.25, 0.27, 0.30, 0.32} {
		c := sharedClient(fmt.Sprintf("Calm %d", i), s)
		c.Strain = strain(2)
		cs = append(cs, c)
	}
	// Cost share 0.6 against a median of 0.285: 20 × (0.6/0.285 − 1) = 22;
	// strain 4 against 2: 20, capped at 20; two high-severity incidents: 8;
	// three incidents in 6 000 minutes = 2 a week of work, none elsewhere: 10.
	hard := sharedClient("Hard", 0.6)
	hard.Strain = strain(4)
	hard.Incidents = []digest.IncidentFact{
		{Day: day("2024-03-12"), Category: ledger.Disrespect, Severity: ledger.SeverityHigh},
		{Day: day("2024-03-05"), Category: ledger.Threats, Severity: ledger.SeverityHigh},
		incident(ledger.Complaints, "2024-02-27"),
	}
	r := buildTeam(digest.Settings{}, append(cs, hard)...)
	h := byName(t, r, "Hard")
	if r.Clients[0].Name != "Hard" {
		t.Errorf("first = %s; want Hard, the least healthy", r.Clients[0].Name)
	}
	var got []digest.ReasonKind
	var lost int
	for _, reason := range h.Health.Reasons {
		got = append(got, reason.Kind)
		lost += reason.Points
	}
	want := []digest.ReasonKind{digest.ReasonCostShare, digest.ReasonStrain, digest.ReasonIncidents, digest.ReasonSeverity}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reasons = %v; want %v", got, want)
	}
	if h.Health.Score != 100-lost || h.Health.Score >= 50 {
		t.Errorf("score = %d, points lost %d; want 100 − lost, under 50", h.Health.Score, lost)
	}
	if len(h.Health.Top(3)) != 3 {
		t.Errorf("top reasons = %d; want 3", len(h.Health.Top(3)))
	}
	// The calm ones lose a point or two at most for a cost share a little
	// above their peers'.
	for _, c := range r.Clients[1:] {
		if c.Health.Score < 95 || c.Flagged() {
			t.Errorf("%s: health %d, flags %v; want 95 or more and none", c.Name, c.Health.Score, kinds(c.Flags))
		}
	}
}

func TestIsItUs(t *testing.T) {
	strain := func(s float64) *digest.StrainFact { return &digest.StrainFact{Score: s, Day: day("2024-03-14")} }
	withStrain := func(scores ...float64) []digest.ClientInput {
		var cs []digest.ClientInput
		for i, s := range scores {
			c := sharedClient(fmt.Sprintf("C%d", i), 0.3)
			c.Strain = strain(s)
			cs = append(cs, c)
		}
		return cs
	}
	rising := func(n int, up bool) []digest.ClientInput {
		var cs []digest.ClientInput
		for i := range n {
			c := sharedClient(fmt.Sprintf("R%d", i), 0.3)
			c.Incidents = []digest.IncidentFact{incident(ledger.Complaints, "2024-02-01")}
			if up {
				c.Incidents = append(c.Incidents, incident(ledger.Complaints, "2024-03-12"), incident(ledger.Complaints, "2024-03-13"))
			}
			cs = append(cs, c)
		}
		return cs
	}
	tests := []struct {
		name    string
		clients []digest.ClientInput
		want    *digest.TeamSignal
	}{
		{name: "most clients strained", clients: withStrain(3.6, 3.8, 4.0, 2.0),
			want: &digest.TeamSignal{Kind: digest.TeamStrain, Value: 3.7, Count: 4, Of: 4}},
		{name: "half strained", clients: withStrain(2, 2, 4, 4)},
		{name: "one strained client", clients: withStrain(2, 2, 4.5)},
		{name: "too few with strain", clients: withStrain(4, 4)},
		{name: "incidents rising for most", clients: append(rising(3, true), rising(2, false)...),
			want: &digest.TeamSignal{Kind: digest.TeamIncidents, Count: 3, Of: 5}},
		{name: "incidents rising for half", clients: append(rising(2, true), rising(2, false)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := buildTeam(digest.Settings{}, tt.clients...).Team.ItIsUs
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("it is us = %+v; want %+v", got, tt.want)
			}
		})
	}
}

func TestOutsideContract(t *testing.T) {
	// 600 minutes in the window, 240 of them outside the contract: 40%,
	// costing 240 × 100 = 24 000; the five weeks back do not count.
	c := sharedClient("Creep", 0)
	c.Entries = []ledger.Entry{
		entry("dev", 360, "2024-03-12"),
		{Department: "dev", Minutes: 180, Day: day("2024-03-13"), OutsideContract: true},
		{Department: "dev", Minutes: 60, Day: day("2024-02-20"), OutsideContract: true},
		{Department: "dev", Minutes: 600, Day: day("2024-02-12"), OutsideContract: true},
	}
	f := byName(t, buildTeam(digest.Settings{}, c), "Creep")
	if f.Recent.OutsideMinutes != 240 || f.Recent.OutsideCost != 24_000 || f.Recent.OutsideShare() != 0.4 {
		t.Fatalf("outside = %d minutes, %d, share %v; want 240, 24000, 0.4", f.Recent.OutsideMinutes, f.Recent.OutsideCost, f.Recent.OutsideShare())
	}
	var found bool
	for _, r := range f.Health.Reasons {
		if r.Kind == digest.ReasonOutsideContract {
			found = r.Points == 10 && r.Amount == 24_000
		}
	}
	if !found {
		t.Errorf("reasons = %+v; want 10 points for 40%% outside the contract", f.Health.Reasons)
	}
}

func TestOurMissesNeverCountAgainstTheClient(t *testing.T) {
	c := sharedClient("Acme", 0.3)
	for _, d := range []string{"2024-03-12", "2024-03-05", "2024-02-27", "2024-02-20"} {
		c.Incidents = append(c.Incidents, digest.IncidentFact{Day: day(d), Category: ledger.OurMiss, Severity: ledger.SeverityHigh})
	}
	f := byName(t, buildTeam(digest.Settings{}, c), "Acme")
	if f.OurMisses4w != 4 || f.Incidents4w != 0 || f.Incidents != 0 || f.Flagged() || f.Health.Score != 100 {
		t.Errorf("our misses %d, incidents %d/%d, flags %v, health %d; want 4, none, none, 100",
			f.OurMisses4w, f.Incidents4w, f.Incidents, kinds(f.Flags), f.Health.Score)
	}
}
