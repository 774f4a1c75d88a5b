package storage_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
	"github.com/tact-bot/tact/vault"
)

func installsWith(t *testing.T, db *storage.DB, key byte, previous ...byte) storage.Installations {
	t.Helper()
	var old [][]byte
	for _, p := range previous {
		old = append(old, bytes.Repeat([]byte{p}, vault.KeySize))
	}
	keys, err := vault.New(bytes.Repeat([]byte{key}, vault.KeySize), old...)
	if err != nil {
		t.Fatal(err)
	}
	return storage.Installations{DB: db, Keys: keys}
}

// The tokens reach the database sealed, open again for their own
// workspace, and survive a key rotation.
func TestInstallationsSealTokens(t *testing.T) {
	ctx := context.Background()
	db := storagetest.New(t)
	ins := installsWith(t, db, 1)
	in := storage.Installation{TeamID: "T0A", TeamName: "Acme", BotUserID: "U0BOT", InstallerID: "U0ANNA",
		BotToken: "xoxe.xoxb-1-plainbottoken", RefreshToken: "xoxe-1-plainrefreshtoken", ExpiresAt: time.Now().Add(12 * time.Hour).UTC().Truncate(time.Second)}
	if err := ins.Save(ctx, in); err != nil {
		t.Fatal(err)
	}
	var raw []byte
	if err := db.X().Get(&raw, `SELECT bot_token || refresh_token FROM installations`); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("plain")) {
		t.Fatal("a token is stored in clear")
	}
	got, err := ins.Get(ctx, "T0A")
	if err != nil || got.BotToken != in.BotToken || got.RefreshToken != in.RefreshToken || !got.ExpiresAt.Equal(in.ExpiresAt) {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	if _, err := ins.Get(ctx, "T0B"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("an absent workspace: %v", err)
	}
	// Rotation: the new key opens nothing until the old one is kept beside it.
	if _, err := installsWith(t, db, 2).Get(ctx, "T0A"); !errors.Is(err, vault.ErrUnsealable) {
		t.Fatalf("another key opened the token: %v", err)
	}
	rotated := installsWith(t, db, 2, 1)
	if n, err := rotated.Reseal(ctx); err != nil || n != 1 {
		t.Fatalf("Reseal = %d, %v", n, err)
	}
	if n, _ := rotated.Reseal(ctx); n != 0 {
		t.Fatalf("a second Reseal changed %d", n)
	}
	if got, err := installsWith(t, db, 2).Get(ctx, "T0A"); err != nil || got.BotToken != in.BotToken {
		t.Fatalf("after resealing, the new key alone: %+v %v", got, err)
	}
	if err := db.MarkUninstalled(ctx, storage.Delivery{TeamID: "T0A", UserID: "slack"}); err != nil {
		t.Fatal(err)
	}
	if _, err := rotated.Get(ctx, "T0A"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("the tokens outlived the uninstall: %v", err)
	}
	if teams, _ := rotated.Teams(ctx); len(teams) != 1 {
		t.Fatalf("a removed workspace waiting for the retention is not listed: %v", teams)
	}
}

// Two replicas refreshing the same expiring token at once refresh it
// once, and the second one then sees the new tokens.
func TestInstallationsRefreshOnce(t *testing.T) {
	ctx := context.Background()
	db := storagetest.New(t)
	ins := installsWith(t, db, 1)
	if err := ins.Save(ctx, storage.Installation{TeamID: "T0A", BotUserID: "U0BOT", InstallerID: "U0ANNA",
		BotToken: "xoxe.xoxb-old", RefreshToken: "xoxe-r0", ExpiresAt: time.Now().Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	refresh := func(ctx context.Context, rt string) (storage.Tokens, error) {
		n := calls.Add(1)
		time.Sleep(50 * time.Millisecond) // long enough for the other replica to arrive
		return storage.Tokens{BotToken: fmt.Sprintf("xoxe.xoxb-new%d", n), RefreshToken: rt + "+", ExpiresAt: time.Now().Add(12 * time.Hour)}, nil
	}
	due := time.Now().Add(2 * time.Hour)
	var wg sync.WaitGroup
	results := make([]error, 4)
	for i := range results {
		wg.Go(func() { _, results[i] = ins.Refresh(ctx, "T0A", due, refresh) })
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("refreshed %d times, want once", calls.Load())
	}
	for _, err := range results {
		if err != nil && !errors.Is(err, storage.ErrRefreshBusy) {
			t.Fatalf("refresh: %v", err)
		}
	}
	got, err := ins.Get(ctx, "T0A")
	if err != nil || got.BotToken != "xoxe.xoxb-new1" || got.RefreshToken != "xoxe-r0+" {
		t.Fatalf("after refresh: %+v %v", got, err)
	}
	if done, err := ins.Refresh(ctx, "T0A", due, refresh); err != nil || done || calls.Load() != 1 {
		t.Fatalf("a token no longer expiring was refreshed again: %v %v", done, err)
	}
}

func TestInstallStateIsOneTime(t *testing.T) {
	ctx := context.Background()
	db := storagetest.New(t)
	ins := installsWith(t, db, 1)
	if err := ins.SaveState(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if ok, err := ins.ConsumeState(ctx, "s1"); err != nil || !ok {
		t.Fatalf("first use: %v %v", ok, err)
	}
	if ok, _ := ins.ConsumeState(ctx, "s1"); ok {
		t.Fatal("a state was accepted twice")
	}
	if ok, _ := ins.ConsumeState(ctx, "forged"); ok {
		t.Fatal("an unknown state was accepted")
	}
	if err := ins.SaveState(ctx, "s2"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.X().Exec(`UPDATE oauth_states SET created_at = now() - interval '11 minutes'`); err != nil {
		t.Fatal(err)
	}
	if ok, _ := ins.ConsumeState(ctx, "s2"); ok {
		t.Fatal("a stale state was accepted")
	}
}
