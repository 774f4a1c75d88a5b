package ledger_test

import (
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
)

func TestWeeklyAndMonthlyMinor(t *testing.T) {
	tests := []struct {
		r       ledger.Revenue
		weekly  int64
		monthly int64
	}{
		{ledger.Revenue{AmountMinor: 100_000, Period: ledger.Month}, 23_077, 100_000},   // 100000×12/52 = 23076.92
		{ledger.Revenue{AmountMinor: 5_200_000, Period: ledger.Year}, 100_000, 433_333}, // /12 = 433333.33
		{ledger.Revenue{AmountMinor: 100_000, Period: ledger.Week}, 100_000, 433_333},   // ×52/12 = 433333.33
		{ledger.Revenue{AmountMinor: 26, Period: ledger.Year}, 1, 2},                    // 0.5 → 1; 2.17 → 2
		{ledger.Revenue{AmountMinor: 6, Period: ledger.Year}, 0, 1},                     // 0.115 → 0; 0.5 → 1
		{ledger.Revenue{AmountMinor: 0, Period: ledger.Month}, 0, 0},
	}
	for _, tt := range tests {
		if got := ledger.WeeklyMinor(tt.r); got != tt.weekly {
			t.Errorf("WeeklyMinor(%+v) = %d; want %d", tt.r, got, tt.weekly)
		}
		if got := ledger.MonthlyMinor(tt.r); got != tt.monthly {
			t.Errorf("MonthlyMinor(%+v) = %d; want %d", tt.r, got, tt.monthly)
		}
	}
}

func TestRevenueOn(t *testing.T) {
	history := []ledger.Revenue{
		{AmountMinor: 80, Period: ledger.Month, From: time.Date(2024, 3, 1, 23, 0, 0, 0, time.UTC)},
		{AmountMinor: 100, Period: ledger.Month, From: day("2024-01-01")},
	}
	tests := []struct {
		day  time.Time
		want int64
		ok   bool
	}{
		{day("2023-12-31"), 0, false},
		{day("2024-01-01"), 100, true},
		{day("2024-02-29"), 100, true},
		{day("2024-03-01"), 80, true}, // same calendar day, time of day ignored
		{day("2030-01-01"), 80, true},
	}
	for _, tt := range tests {
		got, ok := ledger.RevenueOn(history, tt.day)
		if got.AmountMinor != tt.want || ok != tt.ok {
			t.Errorf("RevenueOn(%s) = %d, %v; want %d, %v", tt.day, got.AmountMinor, ok, tt.want, tt.ok)
		}
	}
}

func TestRevenueFallingSince(t *testing.T) {
	m := func(amount int64, from string) ledger.Revenue {
		return ledger.Revenue{AmountMinor: amount, Period: ledger.Month, From: day(from)}
	}
	tests := []struct {
		name    string
		history []ledger.Revenue
		want    string // "" for false
	}{
		{"empty", nil, ""},
		{"single", []ledger.Revenue{m(100, "2024-01-01")}, ""},
		{"rising", []ledger.Revenue{m(100, "2024-01-01"), m(120, "2024-02-01")}, ""},
		{"unchanged", []ledger.Revenue{m(100, "2024-01-01"), m(100, "2024-02-01")}, ""},
		{"one cut", []ledger.Revenue{m(100, "2024-01-01"), m(120, "2024-02-01"), m(90, "2024-03-01")}, "2024-03-01"},
		{"run of cuts", []ledger.Revenue{m(100, "2024-01-01"), m(90, "2024-02-01"), m(70, "2024-03-01")}, "2024-02-01"},
		{"repeat inside the run", []ledger.Revenue{m(100, "2024-01-01"), m(90, "2024-02-01"), m(90, "2024-03-01"), m(70, "2024-04-01")}, "2024-02-01"},
		{"recovered", []ledger.Revenue{m(100, "2024-01-01"), m(90, "2024-02-01"), m(95, "2024-03-01")}, ""},
		{"latest run only", []ledger.Revenue{m(100, "2024-01-01"), m(90, "2024-02-01"), m(95, "2024-03-01"), m(80, "2024-04-01"), m(0, "2024-05-01")}, "2024-04-01"},
		{"unsorted input", []ledger.Revenue{m(70, "2024-03-01"), m(100, "2024-01-01"), m(90, "2024-02-01")}, "2024-02-01"},
		{"same-day correction wins", []ledger.Revenue{m(100, "2024-01-01"), m(80, "2024-02-01"), m(100, "2024-02-01")}, ""},
		{"mixed periods", []ledger.Revenue{
			{AmountMinor: 1200, Period: ledger.Year, From: day("2024-01-01")}, // 1200 a year
			{AmountMinor: 25, Period: ledger.Week, From: day("2024-02-01")},   // 1300 a year: up
			{AmountMinor: 100, Period: ledger.Month, From: day("2024-03-01")}, // 1200 a year: down
		}, "2024-03-01"},
	}
	for _, tt := range tests {
		got, ok := ledger.RevenueFallingSince(tt.history)
		if (tt.want == "") == ok || (ok && !got.Equal(day(tt.want))) {
			t.Errorf("%s: RevenueFallingSince = %s, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
}

func TestDayIn(t *testing.T) {
	moscow := time.FixedZone("MSK", 3*3600)
	instant := time.Date(2024, 3, 10, 22, 30, 0, 0, time.UTC) // already the 11th in Moscow
	if got := ledger.DayIn(instant, moscow); !got.Equal(day("2024-03-11")) || got.Location() != time.UTC {
		t.Errorf("DayIn = %s; want 2024-03-11 UTC", got)
	}
	if got := ledger.Date(instant); !got.Equal(day("2024-03-10")) {
		t.Errorf("Date = %s; want 2024-03-10", got)
	}
}
