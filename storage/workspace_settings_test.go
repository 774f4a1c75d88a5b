package storage_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/tact-bot/tact/settings"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// Settings round-trip through the database with an audit entry of what
// changed; a redelivery saves nothing; the database refuses what no form
// should send.
func TestSaveSettings(t *testing.T) {
	ctx := context.Background()
	db := storagetest.New(t)
	d := storage.Delivery{TeamID: "T0SET", UserID: "U0BOSS", Key: "view:1"}
	chosen := settings.Stored{DigestChannel: "C0NEW", DigestDay: 5, DigestTime: "16:45", Managers: []string{"U0BOSS", "S0LEADS"},
		Currency: "EUR", TimeZone: "Europe/Paris", Language: "ru", Pulse: settings.Off, PulseDay: 2, PollHours: 48, MinAnswers: 4,
		CACMinor: 500000, FloorMinor: 6000}
	before, err := db.SaveSettings(ctx, d, chosen)
	if err != nil || before.DigestChannel != "" {
		t.Fatalf("first save: %+v, %v", before, err)
	}
	got, err := db.StoredSettings(ctx, "T0SET")
	if err != nil || got.DigestChannel != chosen.DigestChannel || got.DigestTime != "16:45" || got.Pulse != settings.Off ||
		!slices.Equal(got.Managers, chosen.Managers) || got.MinAnswers != 4 || got.CACMinor != 500000 {
		t.Fatalf("stored %+v, %v", got, err)
	}
	if _, err := db.SaveSettings(ctx, d, settings.Stored{}); !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Errorf("a redelivery: %v", err)
	}
	// Back to the defaults, by another submission.
	if _, err := db.SaveSettings(ctx, storage.Delivery{TeamID: "T0SET", UserID: "U0BOSS", Key: "view:2"}, settings.Stored{Managers: []string{"U0BOSS"}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.StoredSettings(ctx, "T0SET"); got.DigestChannel != "" || got.Pulse != settings.Unset || got.CACMinor != 0 {
		t.Errorf("after clearing: %+v", got)
	}
	entries, err := db.Audit(ctx, "T0SET", 0, 10)
	if err != nil || len(entries) != 2 {
		t.Fatalf("%d audit entries, %v; want 2", len(entries), err)
	}
	first := entries[1].Change
	if first.Action != storage.AuditSetting || first.After["digest_channel"] != "C0NEW" || first.Before["digest_channel"] != "" {
		t.Errorf("first entry: %+v", first)
	}
	if _, changed := first.After["language"]; !changed {
		t.Errorf("the language change is not in the entry: %+v", first.After)
	}
	if _, err := db.X().Exec(`UPDATE team_settings SET min_answers = 2 WHERE team_id = 'T0SET'`); err == nil {
		t.Error("the database took a minimum of 2 answers")
	}
}

// Two replicas listening: one reads (and keeps) the settings, the other
// changes them, and the first sees the change at its next read, at once.
func TestSettingsCacheFollowsOtherReplicas(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dsn := storagetest.URL(t)
	open := func() *storage.DB {
		db, err := storage.Open(ctx, dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a, b := open(), open()
	for _, db := range []*storage.DB{a, b} {
		if err := db.ListenSettings(ctx); err != nil {
			t.Fatal(err)
		}
	}
	wa, wb := storage.Workspaces{DB: a}, storage.Workspaces{DB: b}
	if w, err := wa.For(ctx, "T0C"); err != nil || w.Currency != "" {
		t.Fatalf("before: %+v, %v", w, err)
	}
	for i, code := range []string{"EUR", "GBP", "RUB"} {
		d := storage.Delivery{TeamID: "T0C", UserID: "U0BOSS", Key: "c:" + code}
		if _, err := b.SaveSettings(ctx, d, settings.Stored{Currency: code, Managers: []string{"U0BOSS"}}); err != nil {
			t.Fatal(err)
		}
		if w, _ := wb.For(ctx, "T0C"); w.Currency != code {
			t.Errorf("change %d: the saving replica reads %q", i, w.Currency)
		}
		deadline := time.Now().Add(2 * time.Second)
		for {
			w, err := wa.For(ctx, "T0C")
			if err == nil && w.Currency == code {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("change %d: the other replica still reads %q after 2 s", i, w.Currency)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	// The cache is used: a change that bypasses Tact (no notification) is
	// not seen until a notification drops the entry.
	if _, err := a.X().Exec(`UPDATE team_settings SET currency = 'JPY' WHERE team_id = 'T0C'`); err != nil {
		t.Fatal(err)
	}
	if w, _ := wa.For(ctx, "T0C"); w.Currency != "RUB" {
		t.Errorf("read %q: the settings were not cached", w.Currency)
	}
	if _, err := a.X().Exec(`SELECT pg_notify('tact_settings', 'T0C')`); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for w, _ := wa.For(ctx, "T0C"); w.Currency != "JPY"; w, _ = wa.For(ctx, "T0C") {
		if time.Now().After(deadline) {
			t.Fatalf("still %q after the notification", w.Currency)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// A caller that returns early (the bot stopping at start because Slack
// cannot be reached) closes the DB without ending the listener's context:
// Close must still end the listener, or its connection outlives the DB.
func TestCloseStopsTheSettingsListener(t *testing.T) {
	ctx := context.Background()
	dsn := storagetest.URL(t)
	db, err := storage.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ListenSettings(ctx); err != nil {
		t.Fatal(err)
	}
	admin := storagetest.New(t) // another database on the same server
	var name string
	if err := db.X().Get(&name, `SELECT current_database()`); err != nil {
		t.Fatal(err)
	}
	sessions := func() (n int) {
		if err := admin.X().Get(&n, `SELECT count(*) FROM pg_stat_activity WHERE datname = $1`, name); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for deadline := time.Now().Add(5 * time.Second); sessions() == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the listener never connected")
		}
	}
	db.Close()
	for deadline := time.Now().Add(5 * time.Second); sessions() != 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions still open on the database after Close", sessions())
		}
	}
}
