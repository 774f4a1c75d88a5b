package digest_test

import (
	"reflect"
	"testing"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

func TestFlags(t *testing.T) {
	// 6 000 an hour: a minute costs 100.
	rates := []ledger.Rate{{Department: "support", PerHourMinor: 6_000, From: day("2020-01-01")}}
	weekly := func(amount int64) []ledger.Revenue {
		return []ledger.Revenue{{AmountMinor: amount, Period: ledger.Week, From: day("2024-01-01")}}
	}
	minutes := func(n int) []ledger.Entry { return []ledger.Entry{entry("support", n, "2024-03-12")} }
	strain := func(s float64) *digest.StrainFact { return &digest.StrainFact{Score: s, Day: day("2024-03-15")} }
	cut := func(from string) []ledger.Revenue {
		return []ledger.Revenue{monthly(100_000, "2023-01-01"), monthly(80_000, from)}
	}
	tests := []struct {
		name  string
		in    digest.ClientInput
		kinds []digest.FlagKind
		want  digest.Flag // the first flag's fields, when kinds is not empty
	}{
		{name: "quiet client", in: digest.ClientInput{Revenue: weekly(1_000), Entries: minutes(5)}},

		// Four weeks: cost 41 × 100 = 4 100 against 4 × 1 000.
		{name: "subsidising", in: digest.ClientInput{Revenue: weekly(1_000), Entries: minutes(41)},
			kinds: []digest.FlagKind{digest.Subsidising},
			want:  digest.Flag{Kind: digest.Subsidising, Weight: 3, Amount: 4_100, RefAmount: 4_000}},
		// Cost 4 000 against 4 000: breaking even is not subsidising.
		{name: "breaks even", in: digest.ClientInput{Revenue: weekly(1_000), Entries: minutes(40)}},
		// A dear week inside a cheap month is noise, not a loss.
		{name: "one dear week", in: digest.ClientInput{Revenue: weekly(1_000), Entries: minutes(11)}},
		{name: "stopped paying but hours spent", in: digest.ClientInput{Revenue: []ledger.Revenue{monthly(0, "2024-01-01")}, Entries: minutes(1)},
			kinds: []digest.FlagKind{digest.Subsidising},
			want:  digest.Flag{Kind: digest.Subsidising, Weight: 3, Amount: 100, RefAmount: 0}},
		{name: "no revenue set", in: digest.ClientInput{Entries: minutes(600)}},

		// Without revenue there is no excess to weigh against winning a client.
		{name: "CAC but no revenue", in: digest.ClientInput{CACMinor: 1, Entries: minutes(10_000)}},

		{name: "strain at threshold", in: digest.ClientInput{Strain: strain(3.5)},
			kinds: []digest.FlagKind{digest.StrainHigh},
			want:  digest.Flag{Kind: digest.StrainHigh, Weight: 3, Value: 3.5, Reference: 3.5}},
		// (3.8 + 4.6 + 2.1) / 3 is 3.4999999999999996 in floating point: still 3.5.
		{name: "strain at threshold, computed", in: digest.ClientInput{Strain: strain(avg3(3.8, 4.6, 2.1))},
			kinds: []digest.FlagKind{digest.StrainHigh},
			want:  digest.Flag{Kind: digest.StrainHigh, Weight: 3, Value: avg3(3.8, 4.6, 2.1), Reference: 3.5}},
		{name: "strain just below", in: digest.ClientInput{Strain: strain(3.49)}},

		// Last four weeks: 12 Mar, 5 Mar and 20 Feb; the four before: 1 Feb.
		{name: "incidents rising", in: digest.ClientInput{Incidents: []digest.IncidentFact{
			incident(ledger.Complaints, "2024-03-12"), incident(ledger.Complaints, "2024-03-05"),
			incident(ledger.Attention, "2024-02-20"), incident(ledger.Complaints, "2024-02-01")}},
			kinds: []digest.FlagKind{digest.IncidentsRising},
			want:  digest.Flag{Kind: digest.IncidentsRising, Weight: 2, Count: 3, RefCount: 1}},
		// Two after none is below the stated line of three.
		{name: "two incidents after none", in: digest.ClientInput{Incidents: []digest.IncidentFact{
			incident(ledger.Complaints, "2024-03-12"), incident(ledger.Attention, "2024-02-20")}}},
		{name: "incidents level", in: digest.ClientInput{Incidents: []digest.IncidentFact{
			incident(ledger.Complaints, "2024-03-12"), incident(ledger.Attention, "2024-02-20"),
			incident(ledger.Complaints, "2024-02-01"), incident(ledger.Complaints, "2024-01-25")}}},
		{name: "one incident after none", in: digest.ClientInput{Incidents: []digest.IncidentFact{
			incident(ledger.Complaints, "2024-03-12")}}},

		// 19 Feb starts the fourth week back: still recent.
		{name: "late payment", in: digest.ClientInput{Incidents: []digest.IncidentFact{
			incident(ledger.LatePayment, "2024-02-19")}},
			kinds: []digest.FlagKind{digest.LatePayment},
			want:  digest.Flag{Kind: digest.LatePayment, Weight: 2, Count: 1}},
		{name: "late payment five weeks ago", in: digest.ClientInput{Incidents: []digest.IncidentFact{
			incident(ledger.LatePayment, "2024-02-18")}}},

		{name: "revenue falling", in: digest.ClientInput{Revenue: cut("2024-01-01")},
			kinds: []digest.FlagKind{digest.RevenueFalling},
			want:  digest.Flag{Kind: digest.RevenueFalling, Weight: 2, Since: day("2024-01-01"), Amount: 80_000, RefAmount: 100_000}},
		// The 26 weeks ending with this one start on Monday 18 Sep 2023.
		{name: "revenue cut 26 weeks ago", in: digest.ClientInput{Revenue: cut("2023-09-18")},
			kinds: []digest.FlagKind{digest.RevenueFalling},
			want:  digest.Flag{Kind: digest.RevenueFalling, Weight: 2, Since: day("2023-09-18"), Amount: 80_000, RefAmount: 100_000}},
		{name: "revenue cut 27 weeks ago", in: digest.ClientInput{Revenue: cut("2023-09-17")}},
		{name: "revenue cut on the Sunday", in: digest.ClientInput{Revenue: cut("2024-03-17")},
			kinds: []digest.FlagKind{digest.RevenueFalling},
			want:  digest.Flag{Kind: digest.RevenueFalling, Weight: 2, Since: day("2024-03-17"), Amount: 80_000, RefAmount: 100_000}},
		{name: "revenue cut next week", in: digest.ClientInput{Revenue: cut("2024-03-18")}},
		// Cuts since June, the latest in February: falling since June.
		{name: "long run of cuts", in: digest.ClientInput{Revenue: []ledger.Revenue{
			monthly(100_000, "2023-01-01"), monthly(90_000, "2023-06-01"), monthly(80_000, "2024-02-01")}},
			kinds: []digest.FlagKind{digest.RevenueFalling},
			want:  digest.Flag{Kind: digest.RevenueFalling, Weight: 2, Since: day("2023-06-01"), Amount: 80_000, RefAmount: 100_000}},
		{name: "cut then raised", in: digest.ClientInput{Revenue: []ledger.Revenue{
			monthly(100_000, "2023-01-01"), monthly(80_000, "2024-01-01"), monthly(90_000, "2024-02-01")}}},

		// 4 100 against 4 000; strain 4; a late payment: 3 + 3 + 2.
		{name: "several", in: digest.ClientInput{Revenue: weekly(1_000), Entries: minutes(41), Strain: strain(4),
			Incidents: []digest.IncidentFact{incident(ledger.LatePayment, "2024-03-13")}},
			kinds: []digest.FlagKind{digest.Subsidising, digest.StrainHigh, digest.LatePayment},
			want:  digest.Flag{Kind: digest.Subsidising, Weight: 3, Amount: 4_100, RefAmount: 4_000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Name = "Acme"
			f := one(rates, tt.in)
			if got := kinds(f.Flags); !reflect.DeepEqual(got, tt.kinds) {
				t.Fatalf("flags = %v; want %v", got, tt.kinds)
			}
			risk := 0
			for _, k := range tt.kinds {
				risk += k.Weight()
			}
			if f.Risk != risk || f.Flagged() != (len(tt.kinds) > 0) {
				t.Errorf("risk = %d, flagged %v; want %d", f.Risk, f.Flagged(), risk)
			}
			if len(tt.kinds) > 0 && !reflect.DeepEqual(f.Flags[0], tt.want) {
				t.Errorf("flag = %+v; want %+v", f.Flags[0], tt.want)
			}
		})
	}
}

func TestFlagWeights(t *testing.T) {
	want := map[digest.FlagKind]int{
		digest.Subsidising: 3, digest.StrainHigh: 3,
		digest.ReplacementPays: 2, digest.BelowFloor: 2, digest.RevenueFalling: 2, digest.LatePayment: 2, digest.IncidentsRising: 2,
		digest.StandsOutIncidents: 1, digest.StandsOutStrain: 1,
	}
	kinds := digest.FlagKinds()
	if len(kinds) != len(want) {
		t.Fatalf("FlagKinds has %d kinds; want %d", len(kinds), len(want))
	}
	for i, k := range kinds {
		if k.Weight() != want[k] {
			t.Errorf("%s weighs %d; want %d", k, k.Weight(), want[k])
		}
		if i > 0 && kinds[i-1].Weight() < k.Weight() {
			t.Errorf("FlagKinds: %s listed before heavier %s", kinds[i-1], k)
		}
	}
	if w := digest.FlagKind("nonsense").Weight(); w != 0 {
		t.Errorf("unknown kind weighs %d", w)
	}
}

// avg3 averages at run time, as a poll does (constants would be exact).
func avg3(a, b, c float64) float64 { return (a + b + c) / 3 }

func TestAvg3IsBelowHalf(t *testing.T) {
	if v := avg3(3.8, 4.6, 2.1); v >= 3.5 {
		t.Fatalf("avg3 = %v: the threshold test above no longer tests float noise", v)
	}
}
