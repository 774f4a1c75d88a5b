package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// claimAndWrite is what a handler does: claim the delivery, then write, in one
// transaction.
func claimAndWrite(ctx context.Context, db *storage.DB, teamID, key, body string) error {
	return db.InTx(ctx, func(tx *storage.Tx) error {
		if err := tx.ClaimDelivery(ctx, teamID, key); err != nil {
			return err
		}
		return insertNote(tx, body)
	})
}

func TestClaimDeliveryRedeliveryCommitsOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	mustExec(t, db.X(), `CREATE TABLE notes (team_id text NOT NULL, body text NOT NULL)`)

	if err := claimAndWrite(ctx, db, "T1", "env-1", "first"); err != nil {
		t.Fatalf("first delivery: %v", err)
	}
	err := claimAndWrite(ctx, db, "T1", "env-1", "redelivered")
	if !errors.Is(err, storage.ErrConflict) || !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Fatalf("redelivery = %v, want ErrAlreadyClaimed (an ErrConflict)", err)
	}
	if got := countNotes(t, db); got != 1 {
		t.Errorf("notes = %d, want 1", got)
	}
	// Keys are per team.
	if err := claimAndWrite(ctx, db, "T2", "env-1", "other team"); err != nil {
		t.Errorf("same key, other team: %v", err)
	}
}

// TestClaimDeliveryConcurrent holds one claim open while a second transaction
// claims the same key: the second waits and its outcome follows the first's.
func TestClaimDeliveryConcurrent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		firstFails  bool
		wantSecond  error
		wantClaimed int
	}{
		{name: "first commits, second conflicts", wantSecond: storage.ErrAlreadyClaimed, wantClaimed: 1},
		{name: "first rolls back, second claims", firstFails: true, wantSecond: nil, wantClaimed: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := storagetest.New(t)
			claimed, release := make(chan struct{}), make(chan struct{})
			firstDone := make(chan error, 1)
			go func() {
				firstDone <- db.InTx(ctx, func(tx *storage.Tx) error {
					if err := tx.ClaimDelivery(ctx, "T1", "env-1"); err != nil {
						return err
					}
					close(claimed)
					<-release
					if tt.firstFails {
						return errors.New("handler failed")
					}
					return nil
				})
			}()
			<-claimed
			secondDone := make(chan error, 1)
			go func() {
				secondDone <- db.InTx(ctx, func(tx *storage.Tx) error { return tx.ClaimDelivery(ctx, "T1", "env-1") })
			}()
			select {
			case err := <-secondDone:
				t.Fatalf("second claim returned %v while the first was still open, want it to wait", err)
			case <-time.After(200 * time.Millisecond):
			}
			close(release)
			if err := <-firstDone; (err != nil) != tt.firstFails {
				t.Fatalf("first = %v", err)
			}
			if err := <-secondDone; !errors.Is(err, tt.wantSecond) || (tt.wantSecond == nil && err != nil) {
				t.Errorf("second = %v, want %v", err, tt.wantSecond)
			}
			var n int
			if err := db.X().Get(&n, `SELECT count(*) FROM delivery_keys WHERE team_id = 'T1' AND key = 'env-1'`); err != nil {
				t.Fatal(err)
			}
			if n != tt.wantClaimed {
				t.Errorf("stored keys = %d, want %d", n, tt.wantClaimed)
			}
		})
	}
}

func TestClaimEnvelope(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	steps := []struct {
		team, key string
		want      bool
	}{
		{"T1", "env-1", true},
		{"T1", "env-1", false},
		{"T2", "env-1", true},
		{"T1", "env-2", true},
	}
	for _, s := range steps {
		first, err := db.ClaimEnvelope(ctx, s.team, s.key)
		if err != nil || first != s.want {
			t.Errorf("ClaimEnvelope(%s, %s) = %v, %v; want %v, nil", s.team, s.key, first, err, s.want)
		}
	}
}

func TestPruneClaims(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	for _, key := range []string{"old-1", "old-2"} {
		if _, err := db.ClaimEnvelope(ctx, "T1", key); err != nil {
			t.Fatal(err)
		}
	}
	mustExec(t, db.X(), `UPDATE envelope_claims SET created_at = now() - interval '2 hours'`)
	if _, err := db.ClaimEnvelope(ctx, "T1", "fresh"); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, func(tx *storage.Tx) error { return tx.ClaimDelivery(ctx, "T1", "old-1") }); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db.X(), `UPDATE delivery_keys SET created_at = now() - interval '2 hours'`)

	n, err := db.PruneClaims(ctx, time.Now().Add(-time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("PruneClaims = %d, %v; want 2, nil", n, err)
	}
	if first, err := db.ClaimEnvelope(ctx, "T1", "old-1"); err != nil || !first {
		t.Errorf("ClaimEnvelope after prune = %v, %v; want true (claim gone)", first, err)
	}
	if first, err := db.ClaimEnvelope(ctx, "T1", "fresh"); err != nil || first {
		t.Errorf("ClaimEnvelope(fresh) after prune = %v, %v; want false (kept)", first, err)
	}
	err = db.InTx(ctx, func(tx *storage.Tx) error { return tx.ClaimDelivery(ctx, "T1", "old-1") })
	if !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Errorf("ClaimDelivery after prune = %v, want ErrAlreadyClaimed (delivery keys are kept)", err)
	}
}
