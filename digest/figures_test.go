package digest_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

func TestHoursAndCost(t *testing.T) {
	rates := []ledger.Rate{
		{Department: "design", PerHourMinor: 100_000, From: day("2024-01-01")},
		{Department: "design", PerHourMinor: 130_000, From: day("2024-03-13")}, // from Wednesday
		{Department: "support", PerHourMinor: 100_001, From: day("2024-01-01")},
		{Department: "sales", PerHourMinor: 60_000, From: day("2024-03-15")}, // from Friday
	}
	tests := []struct {
		name      string
		entries   []ledger.Entry
		minutes   map[string]int
		total     int
		costBy    map[string]int64
		cost      int64
		unrated   []string
		costTrend [4]int64
	}{
		{
			name: "rate change mid-week",
			entries: []ledger.Entry{
				entry("design", 60, "2024-03-11"), // Mon, 1000.00/h
				entry("Design", 30, "2024-03-12"), // Tue, 1000.00/h
				entry("design", 45, "2024-03-14"), // Thu, 1300.00/h
			},
			// (60+30)×100 000 + 45×130 000 = 9 000 000 + 5 850 000
			// = 14 850 000 minute-kopecks; /60 = 247 500.
			minutes:   map[string]int{"design": 135},
			total:     135,
			costBy:    map[string]int64{"design": 247_500},
			cost:      247_500,
			costTrend: [4]int64{0, 0, 0, 247_500},
		},
		{
			name: "rounded once per department",
			entries: []ledger.Entry{
				entry("support", 7, "2024-03-11"),
				entry("support", 7, "2024-03-12"),
				entry("support", 7, "2024-03-13"),
			},
			// 21×100 001 = 2 100 021; /60 = 35 000.35 → 35 000 (each entry
			// rounded alone would be 3 × 11 667 = 35 001).
			minutes:   map[string]int{"support": 21},
			total:     21,
			costBy:    map[string]int64{"support": 35_000},
			cost:      35_000,
			costTrend: [4]int64{0, 0, 0, 35_000},
		},
		{
			name: "unrated department",
			entries: []ledger.Entry{
				entry("legal", 30, "2024-03-12"), // never had a rate
				entry("sales", 60, "2024-03-14"), // Thu, before sales had a rate
				entry("sales", 30, "2024-03-15"), // Fri, 600.00/h
			},
			// sales: 30×60 000 / 60 = 30 000; Thursday's hour is uncosted.
			minutes:   map[string]int{"legal": 30, "sales": 90},
			total:     120,
			costBy:    map[string]int64{"sales": 30_000},
			cost:      30_000,
			unrated:   []string{"legal", "sales"},
			costTrend: [4]int64{0, 0, 0, 30_000},
		},
		{
			name:      "no hours",
			minutes:   map[string]int{},
			costBy:    map[string]int64{},
			costTrend: [4]int64{},
		},
		{
			name: "only the trend weeks count",
			entries: []ledger.Entry{
				entry("design", 600, "2024-02-18"), // Sunday before the first trend week
				entry("design", 60, "2024-02-19"),  // first trend week: 100 000
				entry("design", 30, "2024-03-05"),  // last week: 50 000
				entry("design", 60, "2024-03-17"),  // Sunday: 130 000
				entry("design", 600, "2024-03-18"), // next week
			},
			minutes:   map[string]int{"design": 60},
			total:     60,
			costBy:    map[string]int64{"design": 130_000},
			cost:      130_000,
			costTrend: [4]int64{100_000, 0, 50_000, 130_000},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := one(rates, digest.ClientInput{Name: "Acme", Entries: tt.entries})
			if !reflect.DeepEqual(f.MinutesByDept, tt.minutes) || f.Minutes != tt.total {
				t.Errorf("minutes = %v, %d; want %v, %d", f.MinutesByDept, f.Minutes, tt.minutes, tt.total)
			}
			if !reflect.DeepEqual(f.CostByDept, tt.costBy) || f.Cost != tt.cost || !reflect.DeepEqual(f.Unrated, tt.unrated) {
				t.Errorf("cost = %v, %d, %q; want %v, %d, %q", f.CostByDept, f.Cost, f.Unrated, tt.costBy, tt.cost, tt.unrated)
			}
			if f.CostTrend != tt.costTrend {
				t.Errorf("cost trend = %v; want %v", f.CostTrend, tt.costTrend)
			}
		})
	}
}

func TestTrends(t *testing.T) {
	// 60 000 an hour is 1 000 a minute. Minutes by trend week: 60; 0;
	// 50 + 70 (Monday and Sunday of last week); 180.
	rates := []ledger.Rate{{Department: "support", PerHourMinor: 60_000, From: day("2020-01-01")}}
	f := one(rates, digest.ClientInput{Name: "Acme", CACMinor: 1, Entries: []ledger.Entry{
		entry("support", 60, "2024-02-21"),
		entry("support", 50, "2024-03-04"),
		entry("support", 70, "2024-03-10"),
		entry("support", 180, "2024-03-13"),
	}})
	wantHours := [4]int64{60, 0, 120, 180}
	wantCost := [4]int64{60_000, 0, 120_000, 180_000}
	if f.HoursTrend != wantHours || f.CostTrend != wantCost {
		t.Errorf("trends = %v, %v; want %v, %v", f.HoursTrend, f.CostTrend, wantHours, wantCost)
	}
	// This week 180 000 against the three before averaging 60 000: up.
	if f.CostDir != ledger.Up || f.HoursDir != ledger.Up {
		t.Errorf("directions = %s, %s; want up, up", f.CostDir, f.HoursDir)
	}
	// 60/180×7 = 2.33 → 2; 0; 120/180×7 = 4.67 → 5; 7.
	if got := digest.Sparkline(f.CostTrend[:]); got != "▃▁▆█" {
		t.Errorf("sparkline = %q; want ▃▁▆█", got)
	}
	// The window sums the four weeks.
	if f.Recent.Minutes != 360 || f.Recent.Cost != 360_000 || f.Recent.HasRevenue || f.Recent.HasRate {
		t.Errorf("window = %+v; want 360 minutes costing 360000, no revenue", f.Recent)
	}
}

func TestRevenue(t *testing.T) {
	tests := []struct {
		name     string
		history  []ledger.Revenue
		revenue  int64
		has      bool
		margin   int64 // against a cost of 10 000
		share    float64
		hasShare bool
	}{
		// 100 000 × 12 / 52 = 23 076.92 → 23 077.
		{"monthly", []ledger.Revenue{monthly(100_000, "2024-01-01")}, 23_077, true, 13_077, 10_000.0 / 23_077, true},
		// 5 200 000 / 52 = 100 000.
		{"yearly", []ledger.Revenue{{AmountMinor: 5_200_000, Period: ledger.Year, From: day("2024-01-01")}},
			100_000, true, 90_000, 0.1, true},
		{"weekly", []ledger.Revenue{{AmountMinor: 70_000, Period: ledger.Week, From: day("2024-01-01")}},
			70_000, true, 60_000, 10_000.0 / 70_000, true},
		// Mon–Wed at 1 200 000 a year, Thu–Sun at 600 000:
		// (3 × 1 200 000 + 4 × 600 000) / 364 = 6 000 000 / 364 = 16 483.52 → 16 484.
		{"change mid-week", []ledger.Revenue{monthly(100_000, "2024-01-01"), monthly(50_000, "2024-03-14")},
			16_484, true, 6_484, 10_000.0 / 16_484, true},
		// 50 000 × 12 / 52 = 11 538.46 → 11 538, all week.
		{"change on the Monday", []ledger.Revenue{monthly(100_000, "2024-01-01"), monthly(50_000, "2024-03-11")},
			11_538, true, 1_538, 10_000.0 / 11_538, true},
		{"change next week", []ledger.Revenue{monthly(100_000, "2024-01-01"), monthly(50_000, "2024-03-18")},
			23_077, true, 13_077, 10_000.0 / 23_077, true},
		// First recorded on Thursday: taken as the week's revenue throughout,
		// 52 000 / 52 = 1 000.
		{"first set mid-week", []ledger.Revenue{{AmountMinor: 52_000, Period: ledger.Year, From: day("2024-03-14")}},
			1_000, true, -9_000, 10, true},
		{"first set next week", []ledger.Revenue{monthly(100_000, "2024-03-18")}, 0, false, -10_000, 0, false},
		{"no revenue set", nil, 0, false, -10_000, 0, false},
		{"stopped paying", []ledger.Revenue{monthly(100_000, "2024-01-01"), monthly(0, "2024-03-01")},
			0, true, -10_000, 0, false},
	}
	rates := []ledger.Rate{{Department: "support", PerHourMinor: 60_000, From: day("2020-01-01")}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := one(rates, digest.ClientInput{Name: "Acme", Revenue: tt.history,
				Entries: []ledger.Entry{entry("support", 10, "2024-03-12")}}) // 10 000
			if f.Revenue != tt.revenue || f.HasRevenue != tt.has || f.Margin != tt.margin {
				t.Errorf("revenue = %d, %v, margin %d; want %d, %v, %d", f.Revenue, f.HasRevenue, f.Margin, tt.revenue, tt.has, tt.margin)
			}
			if f.HasCostShare != tt.hasShare || math.Abs(f.CostShare-tt.share) > 1e-12 {
				t.Errorf("cost share = %v, %v; want %v, %v", f.CostShare, f.HasCostShare, tt.share, tt.hasShare)
			}
		})
	}
}

func TestIncidentCounts(t *testing.T) {
	f := one(nil, digest.ClientInput{Name: "Acme", Incidents: []digest.IncidentFact{
		incident(ledger.Complaints, "2024-03-11"),
		incident(ledger.Complaints, "2024-03-17"),
		incident(ledger.Disrespect, "2024-03-13"),
		incident(ledger.Threats, "2024-03-18"),    // next week: not yet
		incident(ledger.Complaints, "2024-02-19"), // fourth week back: last 4 weeks
		incident(ledger.Complaints, "2024-02-18"), // the 4 weeks before
		incident(ledger.Complaints, "2024-01-22"), // eighth week back: still the 4 before
		incident(ledger.Complaints, "2024-01-21"), // ninth: ignored
	}})
	wantCats := map[ledger.Category]int{ledger.Complaints: 2, ledger.Disrespect: 1}
	if !reflect.DeepEqual(f.IncidentsByCategory, wantCats) || f.Incidents != 3 {
		t.Errorf("this week = %v, %d; want %v, 3", f.IncidentsByCategory, f.Incidents, wantCats)
	}
	if f.Incidents4w != 4 || f.IncidentsPrev4w != 2 {
		t.Errorf("4 weeks = %d, before = %d; want 4, 2", f.Incidents4w, f.IncidentsPrev4w)
	}
}

// TestCostMatchesLedger checks the fast weekly pricing against
// ledger.Cost over each week's entries, including mixed-case departments,
// rates that change within weeks, and sums too large for int64.
func TestCostMatchesLedger(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	depts := []string{"design", "Design", "SUPPORT", "sales", "legal"}
	for round := range 200 {
		var rates []ledger.Rate
		for range rng.IntN(8) {
			per := int64(1 + rng.IntN(300_000))
			if round%10 == 0 {
				per = math.MaxInt64 / int64(1+rng.IntN(1000)) // overflow territory
			}
			rates = append(rates, ledger.Rate{Department: depts[rng.IntN(4)], PerHourMinor: per,
				From: day("2024-02-10").AddDate(0, 0, rng.IntN(40))})
		}
		var entries []ledger.Entry
		for range rng.IntN(30) {
			entries = append(entries, ledger.Entry{Department: depts[rng.IntN(len(depts))],
				Minutes: 1 + rng.IntN(1440), Day: day("2024-02-15").AddDate(0, 0, rng.IntN(35))})
		}
		f := one(rates, digest.ClientInput{Name: "Acme", Entries: entries})
		w := march11
		for i := 3; i >= 0; i-- {
			var in []ledger.Entry
			for _, e := range entries {
				if w.Contains(e.Day) {
					in = append(in, e)
				}
			}
			total, byDept, unrated := ledger.Cost(in, rates)
			if f.CostTrend[i] != total {
				t.Fatalf("round %d week %d: cost %d; ledger %d", round, i, f.CostTrend[i], total)
			}
			if i == 3 && (!reflect.DeepEqual(f.CostByDept, byDept) || !reflect.DeepEqual(f.Unrated, unrated)) {
				t.Fatalf("round %d: by dept %v %q; ledger %v %q", round, f.CostByDept, f.Unrated, byDept, unrated)
			}
			w = w.Prev()
		}
	}
}
