package storage_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
)

// A prepared statement soon runs one generic plan, made without the
// arguments. Read that way, the week's total must come from the person's
// index: the team's index made every /hours read the whole workspace's
// entries (the bench's profile: two thirds of PostgreSQL's time).
func TestHoursWeekTotalReadsThePersonsIndex(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, acme := ihSupportDB(t)
	conn, err := db.X().Connx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	exec := func(query string) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, query); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	exec(`SET plan_cache_mode = force_generic_plan`)
	acmeID := strconv.FormatInt(acme, 10)
	week := ledger.WeekOf(ihDay("2026-11-18"))
	for name, tc := range map[string]struct{ query, args string }{
		"log hours": {storage.LogHoursQuery,
			`'` + ihTeam + `', ` + acmeID + `, 'U1', 'support', 30, '2026-11-18', '', false, 'cmd:plan', '2026-11-16', '2026-11-22'`},
		"user client minutes": {storage.UserClientMinutesQuery,
			`'` + ihTeam + `', 'U1', ` + acmeID + `, '-infinity', 'infinity'`},
	} {
		exec(`PREPARE q AS ` + tc.query)
		var plan []string
		if err := conn.SelectContext(ctx, &plan, `EXPLAIN EXECUTE q(`+tc.args+`)`); err != nil {
			t.Fatalf("%s: explaining: %v", name, err)
		}
		exec(`DEALLOCATE q`)
		text := strings.Join(plan, "\n")
		if !strings.Contains(text, "time_entries_user_day_idx") || strings.Contains(text, "time_entries_team_day_idx") {
			t.Errorf("%s: the generic plan does not total from the person's index:\n%s", name, text)
		}
	}

	// The bounds that keep the plan right still count what they should:
	// an open span is all time, the week only its days.
	for i, day := range []string{"2024-01-03", "2026-11-16", "2026-11-22", "2026-11-23"} {
		in := storage.TimeEntryInput{ClientID: acme, Department: "support", Minutes: 10 << i, WorkedOn: ihDay(day)}
		if _, err := ihLogHours(t, db, "cmd:bounds:"+day, "U1", in); err != nil {
			t.Fatal(err)
		}
	}
	for span, want := range map[ledger.Span]int{ledger.AllTime(): 10 + 20 + 40 + 80, week: 20 + 40} {
		if got, err := db.UserClientMinutes(ctx, ihTeam, "U1", acme, span); err != nil || got != want {
			t.Errorf("minutes over %v = %d, %v; want %d", span, got, err, want)
		}
	}
}
