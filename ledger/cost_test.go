package ledger_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestRateOn(t *testing.T) {
	history := []ledger.Rate{
		{Department: "design", PerHourMinor: 100_000, From: day("2024-01-01")},
		{Department: "design", PerHourMinor: 120_000, From: day("2024-03-13")},
		{Department: "design", PerHourMinor: 125_000, From: day("2024-03-13")}, // corrected the same day: later wins
		{Department: "support", PerHourMinor: 50_000, From: day("2024-02-01")},
	}
	tests := []struct {
		dept string
		day  time.Time
		want int64
		ok   bool
	}{
		{"design", day("2023-12-31"), 0, false},
		{"design", day("2024-01-01"), 100_000, true},
		{"design", day("2024-03-12"), 100_000, true},
		{"design", day("2024-03-13"), 125_000, true},
		{"DESIGN", day("2025-01-01"), 125_000, true},
		// A day held in another zone is still compared by its calendar date.
		{"design", time.Date(2024, 3, 13, 0, 30, 0, 0, time.FixedZone("MSK", 3*3600)), 125_000, true},
		{"support", day("2024-01-15"), 0, false},
		{"sales", day("2024-06-01"), 0, false},
	}
	for _, tt := range tests {
		got, ok := ledger.RateOn(history, tt.dept, tt.day)
		if got != tt.want || ok != tt.ok {
			t.Errorf("RateOn(%s, %s) = %d, %v; want %d, %v", tt.dept, tt.day, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCostRateChangeMidWeek(t *testing.T) {
	rates := []ledger.Rate{
		{Department: "design", PerHourMinor: 123_456, From: day("2024-01-01")},  // 1234.56/h
		{Department: "design", PerHourMinor: 130_001, From: day("2024-03-13")},  // 1300.01/h from Wednesday
		{Department: "design", PerHourMinor: 999_999, From: day("2024-04-01")},  // not yet in force
		{Department: "support", PerHourMinor: 100_001, From: day("2024-01-01")}, // 1000.01/h
		{Department: "sales", PerHourMinor: 200_000, From: day("2024-03-15")},   // starts Friday
	}
	entries := []ledger.Entry{
		{Department: "design", Minutes: 90, Day: day("2024-03-11")}, // Mon, old rate
		{Department: "Design", Minutes: 20, Day: day("2024-03-12")}, // Tue, old rate
		{Department: "design", Minutes: 45, Day: day("2024-03-13")}, // Wed, new rate
		{Department: "design", Minutes: 10, Day: day("2024-03-14")}, // Thu, new rate
		{Department: "support", Minutes: 7, Day: day("2024-03-11")},
		{Department: "support", Minutes: 7, Day: day("2024-03-12")},
		{Department: "support", Minutes: 7, Day: day("2024-03-13")},
		{Department: "sales", Minutes: 60, Day: day("2024-03-14")}, // before sales had a rate
		{Department: "legal", Minutes: 30, Day: day("2024-03-14")}, // never had a rate
	}
	// design:  (90+20)×123456 + (45+10)×130001 = 13 580 160 + 7 150 055
	//          = 20 730 215 minute-kopecks; /60 = 345 503.58 → 345 504
	// support: 21×100001 = 2 100 021; /60 = 35 000.35 → 35 000
	//          (rounding each 7-minute entry would give 3 × 11 667 = 35 001)
	// sales, legal: no rate in force, cost 0.
	total, byDept, unrated := ledger.Cost(entries, rates)
	wantBy := map[string]int64{"design": 345_504, "support": 35_000}
	if total != 380_504 || !reflect.DeepEqual(byDept, wantBy) || !reflect.DeepEqual(unrated, []string{"legal", "sales"}) {
		t.Errorf("Cost = %d, %v, %q; want 380504, %v, [legal sales]", total, byDept, unrated, wantBy)
	}
}

func TestCostRounding(t *testing.T) {
	rates := []ledger.Rate{{Department: "ops", PerHourMinor: 1, From: day("2024-01-01")}}
	tests := []struct {
		minutes int
		want    int64
	}{
		{29, 0}, // 0.483
		{30, 1}, // 0.5 rounds up
		{89, 1}, // 1.483
		{90, 2}, // 1.5 rounds up
	}
	for _, tt := range tests {
		total, _, _ := ledger.Cost([]ledger.Entry{{Department: "ops", Minutes: tt.minutes, Day: day("2024-01-02")}}, rates)
		if total != tt.want {
			t.Errorf("Cost(%d min at 1/h) = %d; want %d", tt.minutes, total, tt.want)
		}
	}
	total, byDept, unrated := ledger.Cost(nil, rates)
	if total != 0 || len(byDept) != 0 || unrated != nil {
		t.Errorf("Cost(nil) = %d, %v, %v", total, byDept, unrated)
	}
}
