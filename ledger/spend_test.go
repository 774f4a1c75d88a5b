package ledger_test

import (
	"testing"

	"github.com/tact-bot/tact/ledger"
)

func TestSpendIn(t *testing.T) {
	rates := []ledger.Rate{
		{Department: "support", PerHourMinor: 4_000, From: day("2026-01-01")}, // $40/h
		{Department: "support", PerHourMinor: 5_000, From: day("2026-11-18")}, // $50/h from Wednesday
		{Department: "dev", PerHourMinor: 9_000, From: day("2026-01-01")},     // $90/h
	}
	entries := []ledger.Entry{
		{Department: "support", Minutes: 90, Day: day("2026-11-16")}, // Mon: 1.5 h × 40 = 60.00
		{Department: "support", Minutes: 60, Day: day("2026-11-18")}, // Wed: 1 h × 50 = 50.00
		{Department: "Dev", Minutes: 20, Day: day("2026-11-17")},     // Tue: 20/60 × 90 = 30.00
		{Department: "sales", Minutes: 45, Day: day("2026-11-19")},   // no rate: counted, not costed
		{Department: "support", Minutes: 30, Day: day("2026-11-09")}, // last week: 0.5 h × 40 = 20.00
	}
	week := ledger.WeekOf(day("2026-11-19"))
	got := ledger.SpendIn(entries, rates, week)
	want := ledger.Spend{
		Minutes:   90 + 60 + 20 + 45,
		CostMinor: 6_000 + 5_000 + 3_000,
		Departments: []ledger.DepartmentSpend{
			{Department: "support", Minutes: 150, CostMinor: 11_000},
			{Department: "dev", Minutes: 20, CostMinor: 3_000},
			{Department: "sales", Minutes: 45, CostMinor: 0},
		},
		Unrated: []string{"sales"},
	}
	if !spendEqual(got, want) {
		t.Errorf("SpendIn(this week) = %+v; want %+v", got, want)
	}
	all := ledger.SpendIn(entries, rates, ledger.AllTime())
	if all.Minutes != 245 || all.CostMinor != 16_000 {
		t.Errorf("SpendIn(all time) = %d min, %d; want 245 min, 16000", all.Minutes, all.CostMinor)
	}
	if d := all.Department("SUPPORT"); d.Minutes != 180 || d.CostMinor != 13_000 {
		t.Errorf("all-time support = %+v; want 180 min, 13000", d)
	}
	if d := all.Department("design"); d.Minutes != 0 || d.CostMinor != 0 {
		t.Errorf("a department with no hours = %+v; want zero", d)
	}
	if empty := ledger.SpendIn(nil, rates, week); empty.Minutes != 0 || empty.CostMinor != 0 || len(empty.Departments) != 0 {
		t.Errorf("SpendIn(nothing) = %+v; want zero", empty)
	}
}

func spendEqual(a, b ledger.Spend) bool {
	if a.Minutes != b.Minutes || a.CostMinor != b.CostMinor || len(a.Departments) != len(b.Departments) || len(a.Unrated) != len(b.Unrated) {
		return false
	}
	for i := range a.Departments {
		if a.Departments[i] != b.Departments[i] {
			return false
		}
	}
	for i := range a.Unrated {
		if a.Unrated[i] != b.Unrated[i] {
			return false
		}
	}
	return true
}
