package schedule

import (
	"context"
	"fmt"
	"time"
)

// ClaimPruner forgets old envelope claims.
type ClaimPruner interface {
	PruneClaims(ctx context.Context, olderThan time.Time) (int64, error)
}

// PruneClaims keeps the envelope-claim table small: a claim only matters
// while Slack may still redeliver (its last retry comes about 5 minutes
// after the first try), so a day of them is plenty. Writes stay safe past
// that through their own delivery keys, which are kept.
type PruneClaims struct {
	DB   ClaimPruner
	Keep time.Duration // default 24 h
}

// PruneClaimsSpec runs it hourly.
const PruneClaimsSpec = "17 * * * *"

// Name names the job in logs.
func (PruneClaims) Name() string { return "prune-claims" }

// Run deletes the claims older than Keep before now.
func (j PruneClaims) Run(ctx context.Context, now time.Time) error {
	keep := j.Keep
	if keep <= 0 {
		keep = 24 * time.Hour
	}
	if _, err := j.DB.PruneClaims(ctx, now.Add(-keep)); err != nil {
		return fmt.Errorf("pruning envelope claims: %w", err)
	}
	return nil
}
