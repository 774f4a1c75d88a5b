package storage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// The digest at scale: a workspace of 1,000 clients, 200 people, 1,000,000
// time entries over two years, 100,000 incidents and 2,000 closed strain
// polls, generated in SQL with generate_series (a few seconds), then one
// week's digest loaded and built per iteration. Run it with
//
//	go test -run '^$' -bench BenchmarkDigestWeek -benchtime 20x ./storage/
//
// The target is 200 ms a digest. Before timing, the benchmark checks that
// the plans of the big reads use their indexes.

const benchTeam = "T0BENCH"

// benchEnd is the last day of the generated history; the digest is of the
// week that ends on it.
const benchEnd = "2026-11-22"

// benchFill is the generated workspace. $1 is the team, $2 the last day.
// Pseudo-random choices come from multiplying the row number by primes, so
// every run generates the same data.
func benchFill() []string {
	return []string{
		`INSERT INTO departments (team_id, name)
SELECT $1, 'dept' || g FROM generate_series(1, 8) g`,

		// Each department's rate changed every half year or so.
		`INSERT INTO department_rates (team_id, department_id, per_hour_minor, effective_from, set_by)
SELECT $1, d.id, 3000 + (d.id % 7) * 1000 + k * 250, $2::date - 760 + k * 180 + (d.id % 30)::int, 'bench'
FROM departments d, generate_series(0, 4) k WHERE d.team_id = $1`,

		// One client in 50 archived, one in 20 parting; two in three have an acquisition cost.
		`INSERT INTO clients (team_id, name, status, status_until, cac_minor, created_by)
SELECT $1, 'Client ' || lpad(g::text, 4, '0'),
       CASE WHEN g % 50 = 0 THEN 'archived' WHEN g % 20 = 0 THEN 'parting' ELSE 'active' END,
       CASE WHEN g % 20 = 0 AND g % 50 <> 0 THEN $2::date + 30 END,
       CASE WHEN g % 3 <> 0 THEN 5000000 + (g * 7919) % 95000000 END,
       'bench'
FROM generate_series(1, 1000) g`,

		// One to four revenue changes per client.
		`INSERT INTO client_revenue (team_id, client_id, amount_minor, period, effective_from, set_by)
SELECT $1, c.id, 1000000 + ((c.id * 104729 + k * 7919) % 9000000), 'month', $2::date - 700 + k * 170, 'bench'
FROM clients c, generate_series(0, 3) k WHERE c.team_id = $1 AND k <= c.id % 4`,

		`INSERT INTO people (team_id, user_id, department_id)
SELECT $1, 'U' || lpad(g::text, 6, '0'), d.id
FROM generate_series(1, 200) g
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM departments WHERE team_id = $1) d ON d.n = g % 8`,

		// A million entries over 730 days; one in a hundred undone.
		`WITH c AS (SELECT min(id) AS first FROM clients WHERE team_id = $1),
      d AS (SELECT min(id) AS first FROM departments WHERE team_id = $1)
INSERT INTO time_entries (team_id, client_id, user_id, department_id, minutes, worked_on, deleted_at)
SELECT $1, c.first + (g * 7919) % 1000, 'U' || lpad((1 + g % 200)::text, 6, '0'), d.first + (g * 31) % 8,
       15 + (g * 104729) % 240, $2::date - ((g * 15485863) % 730)::int,
       CASE WHEN g % 100 = 0 THEN now() END
FROM c, d, generate_series(1::bigint, 1000000) g`,

		`WITH c AS (SELECT min(id) AS first FROM clients WHERE team_id = $1)
INSERT INTO incidents (team_id, client_id, category, severity, description, occurred_on, reported_by, source)
SELECT $1, c.first + (g * 613) % 1000,
       (ARRAY['complaints', 'disrespect', 'late-payment', 'threats', 'scope-creep', 'micromanagement', 'attention', 'devaluation', 'other'])[1 + (g * 7) % 9],
       (ARRAY['low', 'medium', 'high'])[1 + g % 3],
       'Bench incident ' || g, $2::date - ((g * 7907) % 730)::int, 'U000001', 'command'
FROM c, generate_series(1::bigint, 100000) g`,
	}
}

// benchPolls are 2,000 strain polls closed over the two years, three to
// five answers each, kept as tallies (00003_polls.sql, 00006_anonymity.sql).
func benchPolls() []string {
	return []string{
		`WITH c AS (SELECT min(id) AS first FROM clients WHERE team_id = $1)
INSERT INTO strain_polls (team_id, client_id, channel_id, lang, created_by, created_at, closes_at, closed_at, answers, tally)
SELECT $1, c.first + (g * 389) % 1000, 'C0BENCH', 'en', '',
       ($2::date - (g * 7919) % 730)::timestamptz - interval '3 days',
       ($2::date - (g * 7919) % 730)::timestamptz, ($2::date - (g * 7919) % 730)::timestamptz,
       3 + g % 2 + g % 3, ARRAY[1, g % 2, 1, g % 3, 1]
FROM c, generate_series(1, 2000) g`,
	}
}

func fillBenchWorkspace(b *testing.B, db *storage.DB) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	fill := benchFill()
	var hasPolls bool
	if err := db.X().GetContext(ctx, &hasPolls, `SELECT to_regclass('strain_polls') IS NOT NULL`); err != nil {
		b.Fatal(err)
	}
	if hasPolls {
		fill = append(fill, benchPolls()...)
	} else {
		b.Log("no strain_polls table: the workspace has no polls")
	}
	for _, q := range fill {
		args := []any{benchTeam}
		if strings.Contains(q, "$2") {
			args = append(args, date(benchEnd))
		}
		if _, err := db.X().ExecContext(ctx, q, args...); err != nil {
			b.Fatalf("%v\n%s", err, q)
		}
	}
	// As autovacuum would have long since: fresh statistics for the
	// planner and a visibility map for index-only scans.
	for _, table := range []string{"clients", "client_revenue", "department_rates", "departments", "people", "time_entries", "incidents", "strain_polls"} {
		if table == "strain_polls" && !hasPolls {
			continue
		}
		if _, err := db.X().ExecContext(ctx, "VACUUM ANALYZE "+table); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("generated the workspace in %s", time.Since(start).Round(time.Millisecond))
}

// checkPlans fails the benchmark when a big read does not use the index
// meant for it, and logs every plan.
func checkPlans(b *testing.B, db *storage.DB, week digest.Week) {
	b.Helper()
	hours, incidents := storage.DigestSpans(week)
	_, asOf := week.Instants(time.UTC)
	args := map[string][]any{
		"clients":   {benchTeam, false},
		"hours":     {benchTeam, hours.From, hours.To},
		"earlier":   {benchTeam, hours.From.AddDate(0, 0, -7*(digest.RateWeeks-digest.TrendWeeks)), hours.From.AddDate(0, 0, -1)},
		"incidents": {benchTeam, incidents.From, incidents.To},
		"revenue":   {benchTeam},
		"rates":     {benchTeam},
		"strain":    {benchTeam, asOf},
	}
	// Small tables read whole for the one team may be scanned; the big
	// ones must not be.
	want := map[string]struct{ index, table string }{
		"hours":     {"time_entries_team_day_idx", "time_entries"},
		"earlier":   {"time_entries_team_day_idx", "time_entries"},
		"incidents": {"incidents_team_day_idx", "incidents"},
	}
	for name, q := range storage.DigestPlanQueries() {
		var lines []string
		if err := db.X().SelectContext(context.Background(), &lines, "EXPLAIN "+q, args[name]...); err != nil {
			if name == "strain" {
				b.Logf("no plan for the strain query: %v", err)
				continue
			}
			b.Fatalf("explaining %s: %v", name, err)
		}
		plan := strings.Join(lines, "\n")
		b.Logf("plan of %s:\n%s", name, plan)
		if w, ok := want[name]; ok && (!strings.Contains(plan, w.index) || strings.Contains(plan, "Seq Scan on "+w.table)) {
			b.Errorf("the %s query does not use %s:\n%s", name, w.index, plan)
		}
	}
}

// BenchmarkDigestWeek times one week's digest: "digest" is the whole of
// it (DigestInput, then digest.Build), "load" and "build" its two halves.
func BenchmarkDigestWeek(b *testing.B) {
	ctx := context.Background()
	// Generating a million rows takes one statement longer than the
	// default statement timeout allows a request.
	db, err := storage.Open(ctx, storagetest.URL(b)+"&statement_timeout=0", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	fillBenchWorkspace(b, db)
	week := digest.WeekOf(date(benchEnd), time.UTC)
	checkPlans(b, db, week)
	load := func(b *testing.B) digest.Input {
		in, err := db.DigestInput(ctx, benchTeam, week, time.UTC)
		if err != nil {
			b.Fatal(err)
		}
		return in
	}
	b.Run("digest", func(b *testing.B) {
		var report digest.Report
		for b.Loop() {
			report = digest.Build(load(b))
		}
		if n := len(report.Clients); n != 980 {
			b.Fatalf("the digest has %d clients; want the 980 not archived", n)
		}
		b.ReportMetric(float64(report.Team.Flagged), "flagged")
	})
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			load(b)
		}
	})
	b.Run("build", func(b *testing.B) {
		in := load(b)
		for b.Loop() {
			digest.Build(in)
		}
	})
}
