package storage_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

const team = "T0STORE"

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// keys hands out fresh delivery keys, as distinct Slack envelopes would.
type keys struct{ n int }

func (k *keys) next(user string) storage.Delivery {
	k.n++
	return storage.Delivery{TeamID: team, UserID: user, Key: fmt.Sprintf("env-%d", k.n)}
}

// acmeDB is a fresh database with the client Acme, added by U1 with k.
func acmeDB(t *testing.T) (*storage.DB, *keys, ledger.Client) {
	t.Helper()
	db := storagetest.New(t)
	k := &keys{}
	c, err := db.AddClient(context.Background(), k.next("U1"), "Acme")
	if err != nil {
		t.Fatal(err)
	}
	return db, k, c
}

func TestAddClientNamesUniqueIgnoringCase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	var k keys
	for _, name := range []string{"Acme Corp", "Ромашка", "Ёлка Digital"} {
		if _, err := db.AddClient(ctx, k.next("U1"), name); err != nil {
			t.Fatalf("AddClient(%q): %v", name, err)
		}
	}
	tests := []struct {
		name    string
		wantErr error
	}{
		{"acme corp", storage.ErrConflict},
		{"ACME CORP", storage.ErrConflict},
		{"ромашка", storage.ErrConflict},
		{"РОМАШКА", storage.ErrConflict},
		{"елка digital", storage.ErrConflict}, // ё read as е
		{"Acme Corp.", storage.ErrConflict},   // punctuation does not make a new name
		{"Acme", nil},
		{"Ромашка Плюс", nil},
	}
	for _, tt := range tests {
		_, err := db.AddClient(ctx, k.next("U1"), tt.name)
		if !errors.Is(err, tt.wantErr) || errors.Is(err, storage.ErrAlreadyClaimed) {
			t.Errorf("AddClient(%q) = %v; want %v", tt.name, err, tt.wantErr)
		}
	}
	other := storage.Delivery{TeamID: "T0OTHER", UserID: "U9", Key: "env-other"}
	if _, err := db.AddClient(ctx, other, "Acme Corp"); err != nil {
		t.Errorf("another workspace cannot use the same name: %v", err)
	}
	clients, err := db.ListClients(ctx, team, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(clients) != 5 {
		t.Errorf("workspace has %d clients; want 5: %+v", len(clients), clients)
	}
}

func TestAddClientRedeliveryStoresOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	d := storage.Delivery{TeamID: team, UserID: "U1", Key: "env-1"}
	c, err := db.AddClient(ctx, d, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID == 0 || c.Name != "Acme" || c.Status != ledger.StatusActive || c.CreatedBy != "U1" {
		t.Errorf("added %+v", c)
	}
	if _, err := db.AddClient(ctx, d, "Acme"); !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Errorf("redelivery = %v; want ErrAlreadyClaimed", err)
	}
	clients, _ := db.ListClients(ctx, team, true)
	if len(clients) != 1 {
		t.Errorf("%d clients after a redelivery; want 1", len(clients))
	}
}

func TestRevenueHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, k, c := acmeDB(t)
	steps := []struct {
		rev      ledger.Revenue
		wantPrev int64 // 0: none
	}{
		{ledger.Revenue{AmountMinor: 1_500_000, Period: ledger.Month, From: date("2026-09-10")}, 0},
		{ledger.Revenue{AmountMinor: 1_200_000, Period: ledger.Month, From: date("2026-11-20")}, 1_500_000},
		// Corrected the same day: replaces the 12,000 and reports it as before.
		{ledger.Revenue{AmountMinor: 300_000, Period: ledger.Week, From: date("2026-11-20")}, 1_200_000},
		// Recorded last but effective earliest: history still reads by day.
		{ledger.Revenue{AmountMinor: 9_000_000, Period: ledger.Year, From: date("2026-06-01")}, 0},
	}
	for _, s := range steps {
		prev, had, err := db.SetRevenue(ctx, k.next("U1"), c.ID, s.rev)
		if err != nil {
			t.Fatalf("SetRevenue(%+v): %v", s.rev, err)
		}
		if had != (s.wantPrev != 0) || prev.AmountMinor != s.wantPrev {
			t.Errorf("SetRevenue(%+v) prev = %+v, %v; want %d", s.rev, prev, had, s.wantPrev)
		}
	}
	got, err := db.RevenueHistory(ctx, team, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []ledger.Revenue{
		{AmountMinor: 9_000_000, Period: ledger.Year, From: date("2026-06-01")},
		{AmountMinor: 1_500_000, Period: ledger.Month, From: date("2026-09-10")},
		{AmountMinor: 300_000, Period: ledger.Week, From: date("2026-11-20")},
	}
	if len(got) != len(want) {
		t.Fatalf("history = %+v; want %+v", got, want)
	}
	for i := range want {
		if got[i].AmountMinor != want[i].AmountMinor || got[i].Period != want[i].Period || !got[i].From.Equal(want[i].From) {
			t.Errorf("history[%d] = %+v; want %+v", i, got[i], want[i])
		}
	}
	if _, _, err := db.SetRevenue(ctx, k.next("U1"), c.ID+1000, steps[0].rev); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("revenue of a missing client = %v; want ErrNotFound", err)
	}
	foreign := storage.Delivery{TeamID: "T0OTHER", UserID: "U9", Key: "x"}
	if _, _, err := db.SetRevenue(ctx, foreign, c.ID, steps[0].rev); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("revenue of another workspace's client = %v; want ErrNotFound", err)
	}
}

func TestSetCACAndStatus(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, k, c := acmeDB(t)
	if prev, had, err := db.SetCAC(ctx, k.next("U1"), c.ID, 500_000); err != nil || had || prev != 0 {
		t.Errorf("first SetCAC = %d, %v, %v; want none before", prev, had, err)
	}
	if prev, had, err := db.SetCAC(ctx, k.next("U1"), c.ID, 650_000); err != nil || !had || prev != 500_000 {
		t.Errorf("second SetCAC = %d, %v, %v; want 500000 before", prev, had, err)
	}
	if prev, err := db.SetStatus(ctx, k.next("U1"), c.ID, ledger.StatusParting, date("2026-12-31")); err != nil || prev != ledger.StatusActive {
		t.Errorf("SetStatus(parting) = %s, %v", prev, err)
	}
	d, err := db.ClientDetail(ctx, team, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !d.HasCAC || d.CACMinor != 650_000 || d.Status != ledger.StatusParting || !d.StatusUntil.Equal(date("2026-12-31")) {
		t.Errorf("detail = %+v", d)
	}
	if prev, err := db.SetStatus(ctx, k.next("U1"), c.ID, ledger.StatusArchived, time.Time{}); err != nil || prev != ledger.StatusParting {
		t.Errorf("SetStatus(archived) = %s, %v", prev, err)
	}
	active, _ := db.ListClients(ctx, team, false)
	all, _ := db.ListClients(ctx, team, true)
	if len(active) != 0 || len(all) != 1 {
		t.Errorf("after archiving: %d active, %d in all; want 0 and 1", len(active), len(all))
	}
	if d, _ := db.ClientDetail(ctx, team, c.ID); !d.StatusUntil.IsZero() {
		t.Errorf("archiving kept the parting date %s", d.StatusUntil)
	}
	if _, _, err := db.SetCAC(ctx, k.next("U1"), c.ID+1000, 1); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("SetCAC of a missing client = %v; want ErrNotFound", err)
	}
	if _, err := db.SetStatus(ctx, k.next("U1"), c.ID+1000, ledger.StatusActive, time.Time{}); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("SetStatus of a missing client = %v; want ErrNotFound", err)
	}
	if _, err := db.ClientDetail(ctx, "T0OTHER", c.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("ClientDetail from another workspace = %v; want ErrNotFound", err)
	}
}
