package storage_test

import (
	"context"
	"errors"
	"slices"
	"testing"

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
