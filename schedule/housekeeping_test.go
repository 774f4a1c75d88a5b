package schedule_test

import (
	"context"
	"testing"
	"time"

	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage/storagetest"
)

func TestPruneClaimsForgetsOnlyOldClaims(t *testing.T) {
	ctx := context.Background()
	db := storagetest.New(t)
	for _, key := range []string{"old", "new"} {
		if first, err := db.ClaimEnvelope(ctx, "T1", key); err != nil || !first {
			t.Fatalf("claim %s: first=%v err=%v", key, first, err)
		}
	}
	if _, err := db.X().ExecContext(ctx, `UPDATE envelope_claims SET created_at = now() - interval '2 days' WHERE key = 'old'`); err != nil {
		t.Fatal(err)
	}
	if err := (schedule.PruneClaims{DB: db}).Run(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	for key, wantFirst := range map[string]bool{"old": true, "new": false} {
		first, err := db.ClaimEnvelope(ctx, "T1", key)
		if err != nil || first != wantFirst {
			t.Errorf("claim %s again: first=%v err=%v, want first=%v", key, first, err, wantFirst)
		}
	}
}
