package digest_test

import (
	"testing"
	"time"

	"github.com/tact-bot/tact/digest"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("zone %s: %v", name, err)
	}
	return loc
}

func TestWeekOf(t *testing.T) {
	auckland := mustZone(t, "Pacific/Auckland")
	la := mustZone(t, "America/Los_Angeles")
	tests := []struct {
		name string
		at   time.Time
		loc  *time.Location
		want digest.Week
	}{
		// Monday 08:00 in Auckland (NZDT, +13) is Sunday 19:00 UTC: the
		// team's Monday starts a new week, UTC's Sunday ends the old one.
		{"auckland monday morning", time.Date(2024, 3, 11, 8, 0, 0, 0, auckland), auckland,
			digest.Week{Start: day("2024-03-11"), End: day("2024-03-17")}},
		{"same instant read in UTC", time.Date(2024, 3, 10, 19, 0, 0, 0, time.UTC), time.UTC,
			digest.Week{Start: day("2024-03-04"), End: day("2024-03-10")}},
		// Sunday 20:00 in Los Angeles (PDT, −7) is Monday 03:00 UTC.
		{"los angeles sunday evening", time.Date(2024, 3, 18, 3, 0, 0, 0, time.UTC), la,
			digest.Week{Start: day("2024-03-11"), End: day("2024-03-17")}},
		{"monday midnight", time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC), time.UTC,
			digest.Week{Start: day("2024-03-11"), End: day("2024-03-17")}},
		{"sunday last second", time.Date(2024, 3, 17, 23, 59, 59, 0, time.UTC), time.UTC,
			digest.Week{Start: day("2024-03-11"), End: day("2024-03-17")}},
		{"across a year", time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC), time.UTC,
			digest.Week{Start: day("2024-12-30"), End: day("2025-01-05")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := digest.WeekOf(tt.at, tt.loc); !got.Start.Equal(tt.want.Start) || !got.End.Equal(tt.want.End) {
				t.Errorf("WeekOf = %s..%s; want %s..%s", got.Start, got.End, tt.want.Start, tt.want.End)
			}
		})
	}
}

func TestWeekNavigation(t *testing.T) {
	w := march11
	if p := w.Prev(); !p.Start.Equal(day("2024-03-04")) || !p.End.Equal(day("2024-03-10")) {
		t.Errorf("Prev = %v", p)
	}
	if n := w.Next(); !n.Start.Equal(day("2024-03-18")) || !n.End.Equal(day("2024-03-24")) {
		t.Errorf("Next = %v", n)
	}
	days := w.Days()
	if !days[0].Equal(day("2024-03-11")) || !days[6].Equal(day("2024-03-17")) {
		t.Errorf("Days = %v", days)
	}
	contains := []struct {
		day  time.Time
		want bool
	}{
		{day("2024-03-10"), false},
		{day("2024-03-11"), true},
		{day("2024-03-17"), true},
		{time.Date(2024, 3, 17, 23, 0, 0, 0, time.UTC), true},
		{day("2024-03-18"), false},
		// A day held in a zone is read by its own calendar date.
		{time.Date(2024, 3, 18, 0, 30, 0, 0, time.FixedZone("+3", 3*3600)), false},
	}
	for _, c := range contains {
		if got := w.Contains(c.day); got != c.want {
			t.Errorf("Contains(%s) = %v; want %v", c.day, got, c.want)
		}
	}
}

func TestWeekInstants(t *testing.T) {
	auckland := mustZone(t, "Pacific/Auckland")
	// New Zealand left daylight saving on Sunday 7 April 2024 (+13 → +12),
	// so that week lasts 169 hours.
	w := digest.Week{Start: day("2024-04-01"), End: day("2024-04-07")}
	from, to := w.Instants(auckland)
	if want := time.Date(2024, 3, 31, 11, 0, 0, 0, time.UTC); !from.Equal(want) {
		t.Errorf("from = %s; want %s", from.UTC(), want)
	}
	if want := time.Date(2024, 4, 7, 12, 0, 0, 0, time.UTC); !to.Equal(want) {
		t.Errorf("to = %s; want %s", to.UTC(), want)
	}
	if d := to.Sub(from); d != 169*time.Hour {
		t.Errorf("week lasts %s; want 169h", d)
	}
}
