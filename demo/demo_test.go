package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage/storagetest"
)

func TestDemoFillsOnceAndShowsTheCard(t *testing.T) {
	ctx := context.Background()
	db := storagetest.New(t)
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for range 2 { // the second run must replace the first, not add to it
		out.Reset()
		if err := Run(ctx, db, cat, &Config{DefaultLocale: locale.EN, Currency: "USD", Location: time.UTC}, &out); err != nil {
			t.Fatalf("tact demo: %v", err)
		}
	}
	text := out.String()

	var n struct {
		Clients   int `db:"clients"`
		Entries   int `db:"entries"`
		Incidents int `db:"incidents"`
	}
	if err := db.X().GetContext(ctx, &n, `SELECT
  (SELECT count(*) FROM clients WHERE team_id = 'TDEMO') AS clients,
  (SELECT count(*) FROM time_entries WHERE team_id = 'TDEMO') AS entries,
  (SELECT count(*) FROM incidents WHERE team_id = 'TDEMO') AS incidents`); err != nil {
		t.Fatal(err)
	}
	if n.Clients != 6 || n.Entries < 250 || n.Entries > 350 || n.Incidents != 25 {
		t.Errorf("after two runs the demo workspace holds %+v; want 6 clients, ~300 entries, 25 incidents", n)
	}

	// The card's all-time cost, computed apart from the ledger: each entry at
	// the rate in force on its day (latest change wins), rounded per department.
	var depts []struct {
		Dept        string `db:"dept"`
		MinuteMinor int64  `db:"minute_minor"`
	}
	if err := db.X().SelectContext(ctx, &depts, `
SELECT d.name AS dept, SUM(t.minutes * (
    SELECT r.per_hour_minor FROM department_rates r
    WHERE r.department_id = t.department_id AND r.effective_from <= t.worked_on
    ORDER BY r.effective_from DESC, r.id DESC LIMIT 1)) AS minute_minor
FROM time_entries t
JOIN clients c ON c.id = t.client_id
JOIN departments d ON d.id = t.department_id
WHERE t.team_id = 'TDEMO' AND c.name = $1 AND t.deleted_at IS NULL
GROUP BY d.name`, demoDifficult); err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, d := range depts {
		total += (d.MinuteMinor + 30) / 60
	}
	allTime := "All time: "
	want := cat.For(locale.EN).Money(total, "USD")
	for _, w := range []string{demoDifficult, "What `/client list` shows", "Acme Logistics", "Ромашка", "[ Log incident ]", allTime} {
		if !strings.Contains(text, w) {
			t.Errorf("demo output lacks %q:\n%s", w, text)
		}
	}
	line := ""
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, allTime) {
			line = l
		}
	}
	if !strings.HasSuffix(line, ", "+want) {
		t.Errorf("the card's all-time line is %q; want it to end with the cost %s computed in SQL", line, want)
	}
}
