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
// arguments. Read that way, the /hours write must read the week's kept
// total by its key, and a sum over a span the person's index: the team's
// index made every /hours read the whole workspace's entries (the
// bench's profile: two thirds of PostgreSQL's time), and summing the
// person's entries grew with each one they logged.
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
	for name, tc := range map[string]struct{ query, args, reads string }{
		"log hours": {storage.LogHoursQuery,
			`'` + ihTeam + `', ` + acmeID + `, 'U1', 'support', 30, '2026-11-18', '', false, 'cmd:plan', '2026-11-16', '2026-11-22'`,
			"Index Scan using week_minutes_pkey"},
		"user client minutes": {storage.UserClientMinutesQuery,
			`'` + ihTeam + `', 'U1', ` + acmeID + `, '-infinity', 'infinity'`, "time_entries_user_day_idx"},
	} {
		exec(`PREPARE q AS ` + tc.query)
		var plan []string
		if err := conn.SelectContext(ctx, &plan, `EXPLAIN EXECUTE q(`+tc.args+`)`); err != nil {
			t.Fatalf("%s: explaining: %v", name, err)
		}
		exec(`DEALLOCATE q`)
		text := strings.Join(plan, "\n")
		if !strings.Contains(text, tc.reads) || strings.Contains(text, "time_entries_team_day_idx") {
			t.Errorf("%s: the generic plan does not total from %s:\n%s", name, tc.reads, text)
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

// The kept weekly totals follow every way an entry changes, whoever
// changes it: logged, undone, imported in bulk, moved to another week or
// person, deleted, erased with its client. After each step they equal the
// entries' own sums, and no total of nothing is left behind.
func TestWeekTotalsFollowEveryChange(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, acme := ihSupportDB(t)
	globex := ihClient(t, db, ihTeam, "Globex")
	check := func(step string) {
		t.Helper()
		var drift []string
		err := db.X().Select(&drift, `
WITH kept AS (SELECT team_id, user_id, client_id, week, minutes FROM week_minutes),
     summed AS (SELECT team_id, user_id, client_id, date_trunc('week', worked_on)::date AS week, sum(minutes) AS minutes
                FROM time_entries WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4)
SELECT concat_ws(' ', k.user_id, s.user_id, k.client_id, s.client_id, k.week, s.week, k.minutes, s.minutes)
FROM kept k FULL JOIN summed s USING (team_id, user_id, client_id, week)
WHERE k.minutes IS DISTINCT FROM s.minutes`)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if len(drift) > 0 {
			t.Fatalf("after %s the kept totals differ from the entries (kept, summed): %v", step, drift)
		}
	}
	log := func(key, user string, client int64, day string, minutes int) storage.LoggedHours {
		t.Helper()
		in := storage.TimeEntryInput{ClientID: client, Department: "support", Minutes: minutes, WorkedOn: ihDay(day)}
		logged, err := db.LogHours(ctx, storage.Delivery{TeamID: ihTeam, UserID: user, Key: key}, in, ledger.WeekOf(ihDay("2026-11-18")))
		if err != nil {
			t.Fatal(err)
		}
		return logged
	}

	log("k1", "U1", acme, "2026-11-16", 30)
	log("k2", "U1", acme, "2026-11-22", 45)
	if got := log("k3", "U1", acme, "2026-11-09", 60).WeekMinutes; got != 75 {
		t.Errorf("a day of last week changed this week's total: %d, want 75", got)
	}
	undone := log("k4", "U1", acme, "2026-11-18", 15)
	if undone.WeekMinutes != 90 {
		t.Errorf("week total %d, want 90", undone.WeekMinutes)
	}
	log("k5", "U2", globex, "2026-11-17", 120)
	check("logging")
	if _, err := db.LogHours(ctx, ihDelivery("k6"), storage.TimeEntryInput{ClientID: acme, Department: "support", Minutes: 5,
		WorkedOn: ihDay("2026-11-18")}, ledger.Span{From: ihDay("2026-11-17"), To: ihDay("2026-11-23")}); err == nil {
		t.Error("a span that is not a week from Monday was taken")
	}

	if err := db.UndoHours(ctx, ihDelivery("undo:k4"), undone.Entry.ID); err != nil {
		t.Fatal(err)
	}
	check("an undo")
	steps := []struct{ name, query string }{
		{"a bulk insert", `INSERT INTO time_entries (team_id, client_id, user_id, department_id, minutes, worked_on)
			SELECT $1, c.id, 'U' || (g % 3), d.id, 10 + g, date '2026-11-01' + g FROM generate_series(1, 40) g, clients c, departments d
			WHERE c.team_id = $1 AND d.team_id = $1`},
		{"moving days and people", `UPDATE time_entries SET worked_on = worked_on + 3, user_id = 'U9' WHERE team_id = $1 AND minutes % 4 = 0`},
		{"a bulk undo", `UPDATE time_entries SET deleted_at = now() WHERE team_id = $1 AND minutes % 5 = 0 AND deleted_at IS NULL`},
		{"a restore", `UPDATE time_entries SET deleted_at = NULL WHERE team_id = $1 AND minutes % 10 = 0`},
		{"deleting entries", `DELETE FROM time_entries WHERE team_id = $1 AND minutes % 3 = 0`},
		{"erasing a client", `DELETE FROM clients WHERE team_id = $1 AND name = 'Globex'`},
	}
	for _, s := range steps {
		mustExec(t, db.X(), s.query, ihTeam)
		check(s.name)
	}
	var left int
	if err := db.X().Get(&left, `SELECT count(*) FROM week_minutes WHERE client_id = $1`, globex); err != nil || left != 0 {
		t.Errorf("%d totals of the erased client left (%v)", left, err)
	}
}
