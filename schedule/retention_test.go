package schedule_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// With a retention of 6 months, the nightly job on two replicas erases
// the older incident texts once; without one, it keeps everything.
func TestRetentionJobOncePerNight(t *testing.T) {
	ctx := context.Background()
	db := storagetest.New(t)
	const team = "T0RET"
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.X().Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`INSERT INTO clients (id, team_id, name, created_by) VALUES (1, $1, 'Acme', 'U1')`, team)
	for _, day := range []string{"2026-01-31", "2026-06-01", "2026-11-30"} {
		exec(`INSERT INTO incidents (team_id, client_id, category, severity, description, occurred_on, reported_by, source)
			VALUES ($1, 1, 'threats', 'high', 'said things on ' || $2, $2::date, 'U1', 'command')`, team, day)
	}
	job := func() schedule.Retention {
		return schedule.Retention{DB: db, TeamID: team, Location: time.UTC, Log: slog.New(slog.DiscardHandler)}
	}
	night := time.Date(2026, 12, 8, 3, 40, 0, 0, time.UTC)
	if err := job().Run(ctx, night); err != nil {
		t.Fatal(err)
	}
	var erased int
	if err := db.X().Get(&erased, `SELECT count(*) FROM incidents WHERE description = $1`, storage.ErasedText); err != nil || erased != 0 {
		t.Fatalf("no retention set, yet %d erased (%v)", erased, err)
	}
	if _, err := db.SetRetention(ctx, storage.Delivery{TeamID: team, UserID: "U1", Key: "ret"}, 6); err != nil {
		t.Fatal(err)
	}
	for range 2 { // two replicas, the same night
		if err := job().Run(ctx, night); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.X().Get(&erased, `SELECT count(*) FROM incidents WHERE description = $1`, storage.ErasedText); err != nil || erased != 2 {
		t.Errorf("%d erased, %v; want the two before 8 June", erased, err)
	}
	var runs int
	if err := db.X().Get(&runs, `SELECT count(*) FROM audit_log WHERE action = $1`, storage.AuditRetention); err != nil || runs != 1 {
		t.Errorf("%d retention entries in the audit log, %v; want 1", runs, err)
	}
}
