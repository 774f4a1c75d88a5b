package ledger_test

import (
	"testing"

	"github.com/tact-bot/tact/ledger"
)

// TestRateSinceIgnoresCase pins the one rate-in-force lookup: the
// departments page used to compare names case-sensitively, so a typed
// "Design" found the rate of "design" but no "since" day.
func TestRateSinceIgnoresCase(t *testing.T) {
	history := []ledger.Rate{
		{Department: "design", PerHourMinor: 5000, From: day("2026-01-01")},
		{Department: "Design", PerHourMinor: 6000, From: day("2026-03-01")},
		{Department: "dev", PerHourMinor: 9000, From: day("2026-02-01")},
	}
	tests := []struct {
		dept, on string
		rate     int64
		since    string
		ok       bool
	}{
		{"DESIGN", "2026-02-15", 5000, "2026-01-01", true},
		{"design", "2026-03-01", 6000, "2026-03-01", true},
		{"Dev", "2026-12-31", 9000, "2026-02-01", true},
		{"dev", "2026-01-31", 0, "", false},
		{"ops", "2026-12-31", 0, "", false},
	}
	for _, tt := range tests {
		rate, since, ok := ledger.RateSince(history, tt.dept, day(tt.on))
		if rate != tt.rate || ok != tt.ok || (ok && !since.Equal(day(tt.since))) {
			t.Errorf("RateSince(%s, %s) = %d since %s, %v; want %d since %s, %v", tt.dept, tt.on, rate, since, ok, tt.rate, tt.since, tt.ok)
		}
		if r, ok := ledger.RateOn(history, tt.dept, day(tt.on)); r != tt.rate || ok != tt.ok {
			t.Errorf("RateOn(%s, %s) = %d, %v; RateSince says %d, %v", tt.dept, tt.on, r, ok, tt.rate, tt.ok)
		}
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		values []float64
		want   float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		if got := ledger.Median(tt.values); got != tt.want {
			t.Errorf("Median(%v) = %v; want %v", tt.values, got, tt.want)
		}
	}
}

// TestRevenueIn pins revenue over a window: a 364th of the yearly amount
// in force each day, whatever the period it was typed in.
func TestRevenueIn(t *testing.T) {
	fourWeeks := ledger.Span{From: day("2026-03-02"), To: day("2026-03-29")}
	tests := []struct {
		name    string
		history []ledger.Revenue
		want    int64
	}{
		{"none", nil, 0},
		{"weekly", []ledger.Revenue{{AmountMinor: 1000, Period: ledger.Week, From: day("2026-01-01")}}, 4000},
		{"monthly", []ledger.Revenue{{AmountMinor: 5200, Period: ledger.Month, From: day("2026-01-01")}}, 4800},
		{"yearly", []ledger.Revenue{{AmountMinor: 52000, Period: ledger.Year, From: day("2026-01-01")}}, 4000},
		{"starts mid-window", []ledger.Revenue{{AmountMinor: 700, Period: ledger.Week, From: day("2026-03-23")}}, 700},
		{"changes mid-window", []ledger.Revenue{
			{AmountMinor: 700, Period: ledger.Week, From: day("2026-01-01")},
			{AmountMinor: 1400, Period: ledger.Week, From: day("2026-03-16")},
		}, 2*700 + 2*1400},
	}
	for _, tt := range tests {
		if got := ledger.RevenueIn(tt.history, fourWeeks); got != tt.want {
			t.Errorf("%s: RevenueIn = %d; want %d", tt.name, got, tt.want)
		}
	}
	for p, n := range map[ledger.Period]int64{ledger.Week: 52, ledger.Month: 12, ledger.Year: 1} {
		if got := ledger.PeriodsPerYear(p); got != n {
			t.Errorf("PeriodsPerYear(%s) = %d; want %d", p, got, n)
		}
	}
}

// TestRevenueSince: the card's "since" is the day the amount in force
// began; the same amount set again, in any period, does not restart it.
func TestRevenueSince(t *testing.T) {
	history := []ledger.Revenue{
		{AmountMinor: 1000, Period: ledger.Month, From: day("2026-01-01")},
		{AmountMinor: 1200, Period: ledger.Month, From: day("2026-03-01")},
		{AmountMinor: 14400, Period: ledger.Year, From: day("2026-05-01")}, // 1200 a month again
		{AmountMinor: 900, Period: ledger.Month, From: day("2026-09-01")},
	}
	tests := []struct {
		on, since string
		amount    int64
		ok        bool
	}{
		{"2025-12-31", "", 0, false},
		{"2026-02-01", "2026-01-01", 1000, true},
		{"2026-06-01", "2026-03-01", 14400, true},
		{"2026-09-01", "2026-09-01", 900, true},
	}
	for _, tt := range tests {
		r, since, ok := ledger.RevenueSince(history, day(tt.on))
		if ok != tt.ok || r.AmountMinor != tt.amount || (ok && !since.Equal(day(tt.since))) {
			t.Errorf("RevenueSince(%s) = %d since %s, %v; want %d since %s, %v", tt.on, r.AmountMinor, since, ok, tt.amount, tt.since, tt.ok)
		}
	}
}

// TestDirectionWords pins the words a direction is stored as: the farewell
// wizard keeps its evidence in its state between steps, and a wizard open
// across a deploy reads these back ("farewell.trend.<word>" names the text).
func TestDirectionWords(t *testing.T) {
	for d, word := range map[ledger.Direction]string{ledger.Up: "rising", ledger.Flat: "steady", ledger.Down: "falling", ledger.Unknown: ""} {
		if string(d) != word || !d.Valid() {
			t.Errorf("direction %q, want %q", d, word)
		}
	}
	if ledger.Direction("up").Valid() {
		t.Error(`"up" is not a stored direction`)
	}
}

// An imported day before a department's first rate is costed at it; a
// typed one stays unrated.
func TestRateForImportedHistory(t *testing.T) {
	history := []ledger.Rate{
		{Department: "dev", PerHourMinor: 9000, From: day("2026-03-01")},
		{Department: "Dev", PerHourMinor: 9500, From: day("2026-03-01")},
		{Department: "dev", PerHourMinor: 12000, From: day("2026-06-01")},
	}
	for _, tt := range []struct {
		on       string
		imported bool
		rate     int64
		ok       bool
	}{
		{"2025-01-10", true, 9500, true},
		{"2025-01-10", false, 0, false},
		{"2026-04-01", true, 9500, true},
		{"2026-07-01", true, 12000, true},
	} {
		rate, ok := ledger.RateFor(history, ledger.Entry{Department: "DEV", Day: day(tt.on), Imported: tt.imported})
		if rate != tt.rate || ok != tt.ok {
			t.Errorf("RateFor(%s, imported=%v) = %d, %v; want %d, %v", tt.on, tt.imported, rate, ok, tt.rate, tt.ok)
		}
	}
	if _, ok := ledger.RateFor(history, ledger.Entry{Department: "ops", Day: day("2026-07-01"), Imported: true}); ok {
		t.Error("a department without rates got one")
	}
	back := ledger.BackdatedRates([]ledger.Entry{{Department: "DEV", Day: day("2025-01-10"), Imported: true},
		{Department: "dev", Day: day("2026-07-01"), Imported: true}, {Department: "ops", Day: day("2025-01-10"), Imported: true}}, history)
	if len(back) != 1 || back[0].PerHourMinor != 9500 {
		t.Errorf("BackdatedRates = %+v", back)
	}
	total, _, unrated := ledger.Cost([]ledger.Entry{{Department: "dev", Minutes: 60, Day: day("2025-01-10"), Imported: true},
		{Department: "dev", Minutes: 60, Day: day("2025-01-10")}}, history)
	if total != 9500 || len(unrated) != 1 {
		t.Errorf("Cost = %d, unrated %v", total, unrated)
	}
}
