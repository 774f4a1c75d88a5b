package main

import (
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// One clock, injected at start and read in the team's zone, decides
// "today" for the typed commands and the modals alike: at 22:30 UTC on
// Sunday 15 November it is already Monday 16 November in Moscow, so hours
// and incidents typed then are logged on the Monday, their replies count
// the Monday's week, and the forms open on the Monday.
func TestTypedCommandsAndModalsShareTheInjectedClock(t *testing.T) {
	instant := time.Date(2026, 11, 15, 22, 30, 0, 0, time.UTC)
	w := startLogWorld(t, withOptions(options{now: func() time.Time { return instant }}))
	monday := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	w.addClient("Acme")
	w.addRate("support", 5000, monday.AddDate(0, -1, 0))
	w.setDepartment(member, "support")
	p := w.cat.For(locale.EN)

	got, _ := w.replyText(w.command(member, "/hours", "Acme 30m"))
	week := ledger.WeekOf(monday)
	for _, want := range []string{p.Date(monday), p.DateRange(week.From, week.To) + "): " + p.Duration(30) + "."} {
		if !strings.Contains(got, want) {
			t.Fatalf("hours reply %q lacks %q", got, want)
		}
	}
	if e := w.entries(); len(e) != 1 || !e[0].WorkedOn.Equal(monday) {
		t.Fatalf("typed hours stored as %+v, want worked on %s", e, monday.Format(time.DateOnly))
	}

	got, _ = w.replyText(w.command(member, "/incident", "Acme late-payment invoice 42 is overdue"))
	if !strings.Contains(got, p.Date(monday)) {
		t.Fatalf("incident reply %q lacks %q", got, p.Date(monday))
	}
	if inc := w.incidents(); len(inc) != 1 || !inc[0].OccurredOn.Equal(monday) {
		t.Fatalf("typed incident stored as %+v, want it on %s", inc, monday.Format(time.DateOnly))
	}

	w.command(member, "/hours", "")
	w.command(member, "/incident", "")
	for n := 1; n <= 2; n++ {
		if v := w.nthView(n); !strings.Contains(v.raw, `"initial_date":"2026-11-16"`) {
			t.Fatalf("form %d (%s) does not open on the Monday: %s", n, v.callback, v.raw)
		}
	}
}
