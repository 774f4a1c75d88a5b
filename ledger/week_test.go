package ledger_test

import (
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
)

func TestWeekOf(t *testing.T) {
	tests := []struct {
		day      time.Time
		from, to string
	}{
		{day("2026-11-16"), "2026-11-16", "2026-11-22"}, // Monday
		{day("2026-11-18"), "2026-11-16", "2026-11-22"}, // Wednesday
		{day("2026-11-22"), "2026-11-16", "2026-11-22"}, // Sunday ends the week
		{day("2026-11-23"), "2026-11-23", "2026-11-29"}, // next Monday
		{day("2026-12-31"), "2026-12-28", "2027-01-03"}, // across the new year
		{day("2024-02-29"), "2024-02-26", "2024-03-03"}, // leap day
		// A late Sunday evening in Moscow is still Sunday there.
		{time.Date(2026, 11, 22, 23, 30, 0, 0, time.FixedZone("MSK", 3*3600)), "2026-11-16", "2026-11-22"},
	}
	for _, tt := range tests {
		got := ledger.WeekOf(tt.day)
		if !got.From.Equal(day(tt.from)) || !got.To.Equal(day(tt.to)) {
			t.Errorf("WeekOf(%s) = %s..%s; want %s..%s", tt.day, got.From.Format(time.DateOnly), got.To.Format(time.DateOnly), tt.from, tt.to)
		}
	}
}

func TestLastWeeks(t *testing.T) {
	tests := []struct {
		today    string
		n        int
		from, to string
	}{
		{"2026-11-22", 4, "2026-10-26", "2026-11-22"},
		{"2026-11-18", 1, "2026-11-12", "2026-11-18"},
		{"2026-03-01", 4, "2026-02-02", "2026-03-01"},
	}
	for _, tt := range tests {
		got := ledger.LastWeeks(day(tt.today), tt.n)
		if !got.From.Equal(day(tt.from)) || !got.To.Equal(day(tt.to)) {
			t.Errorf("LastWeeks(%s, %d) = %s..%s; want %s..%s", tt.today, tt.n, got.From.Format(time.DateOnly), got.To.Format(time.DateOnly), tt.from, tt.to)
		}
		if days := int(got.To.Sub(got.From).Hours()/24) + 1; days != 7*tt.n {
			t.Errorf("LastWeeks(%s, %d) spans %d days", tt.today, tt.n, days)
		}
	}
}

func TestSpanContains(t *testing.T) {
	week := ledger.Span{From: day("2026-11-16"), To: day("2026-11-22")}
	tests := []struct {
		span ledger.Span
		day  string
		want bool
	}{
		{week, "2026-11-15", false},
		{week, "2026-11-16", true},
		{week, "2026-11-22", true},
		{week, "2026-11-23", false},
		{ledger.AllTime(), "1999-01-01", true},
		{ledger.Span{To: day("2026-01-01")}, "1999-01-01", true},
		{ledger.Span{To: day("2026-01-01")}, "2026-01-02", false},
		{ledger.Span{From: day("2026-01-01")}, "2099-01-01", true},
	}
	for _, tt := range tests {
		if got := tt.span.Contains(day(tt.day)); got != tt.want {
			t.Errorf("%v.Contains(%s) = %v; want %v", tt.span, tt.day, got, tt.want)
		}
	}
}
