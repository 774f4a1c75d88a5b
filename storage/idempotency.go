package storage

import (
	"context"
	"fmt"
	"time"
)

// Slack redelivers envelopes, to any replica. Two layers guard against doing
// the work twice: envelope claims drop duplicates early at the runtime level,
// and delivery keys, claimed inside the write's own transaction, make the write
// itself commit at most once even if the early layer was pruned or raced.

// Delivery identifies one write: the workspace, who asked and the key that
// Slack's redeliveries share (bot.Request.DeliveryKey).
type Delivery struct {
	TeamID string
	UserID string
	Key    string
}

const (
	claimDeliveryQuery = `
INSERT INTO delivery_keys (team_id, key) VALUES ($1, $2)
ON CONFLICT (team_id, key) DO NOTHING`

	// The claim also reads the workspace's version (see HoursChoices), so
	// the handler that follows needs no statement to check its copy.
	claimEnvelopeQuery = `
WITH claim AS (
    INSERT INTO envelope_claims (team_id, key) VALUES ($1, $2)
    ON CONFLICT (team_id, key) DO NOTHING RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM claim) AS first,
       COALESCE((SELECT version FROM team_versions WHERE team_id = $1), 0) AS version`

	pruneClaimsQuery = `
DELETE FROM envelope_claims WHERE created_at < $1`
)

// ClaimDelivery records key as processed for teamID within tx. It returns an
// error wrapping ErrAlreadyClaimed (and so ErrConflict) when the key is already
// stored, and the caller must then roll back. A concurrent claim of the same key
// waits for the other transaction and fails only if that one commits.
func (tx *Tx) ClaimDelivery(ctx context.Context, teamID, key string) error {
	// ON CONFLICT instead of catching 23505 keeps the transaction usable.
	n, err := execRows(ctx, tx, claimDeliveryQuery, teamID, key)
	if err != nil {
		return fmt.Errorf("claiming delivery %q: %w", key, err)
	}
	if n == 0 {
		return fmt.Errorf("claiming delivery %q: %w", key, ErrAlreadyClaimed)
	}
	return nil
}

// ClaimEnvelope reports whether this call is the first to see the envelope key
// for teamID, across all replicas.
func (db *DB) ClaimEnvelope(ctx context.Context, teamID, key string) (first bool, err error) {
	_, first, err = db.ClaimEnvelopeContext(ctx, teamID, key)
	return first, err
}

// ClaimEnvelopeContext is ClaimEnvelope that also returns ctx carrying the
// workspace's version as the claim read it: HoursChoices on that context
// trusts it instead of reading it again.
func (db *DB) ClaimEnvelopeContext(ctx context.Context, teamID, key string) (context.Context, bool, error) {
	var row struct {
		First   bool  `db:"first"`
		Version int64 `db:"version"`
	}
	if err := db.preparedGet(ctx, &row, claimEnvelopeQuery, teamID, key); err != nil {
		return ctx, false, fmt.Errorf("claiming envelope %q: %w", key, err)
	}
	return context.WithValue(ctx, versionAt{teamID}, row.Version), row.First, nil
}

// PruneClaims deletes envelope claims created before olderThan and returns how
// many went. Delivery keys are never pruned: they are small and a late
// redelivery must still be caught.
func (db *DB) PruneClaims(ctx context.Context, olderThan time.Time) (int64, error) {
	n, err := execRows(ctx, db.x, pruneClaimsQuery, olderThan)
	if err != nil {
		return 0, fmt.Errorf("pruning envelope claims: %w", err)
	}
	return n, nil
}
