package storage

import (
	"context"
	"fmt"
)

// Scheduled jobs run on every replica's cron; the (team_id, job, period) key
// lets exactly one of them do each run. A run whose replica died keeps
// done_at NULL and is not retried automatically: better a missed reminder than
// a doubled one.

const (
	claimJobRunQuery = `
INSERT INTO job_runs (team_id, job, period) VALUES ($1, $2, $3)
ON CONFLICT (team_id, job, period) DO NOTHING`

	finishJobRunQuery = `
UPDATE job_runs SET done_at = now()
WHERE team_id = $1 AND job = $2 AND period = $3`
)

// ClaimJobRun reports whether the caller is the first, on any replica, to claim
// job for teamID and period (e.g. "2025-06-02" for a daily job).
func (db *DB) ClaimJobRun(ctx context.Context, teamID, job, period string) (first bool, err error) {
	n, err := execRows(ctx, db.x, claimJobRunQuery, teamID, job, period)
	if err != nil {
		return false, fmt.Errorf("claiming job run %s/%s: %w", job, period, err)
	}
	return n == 1, nil
}

// FinishJobRun marks a claimed run done. It returns ErrNotFound if the run was
// never claimed.
func (db *DB) FinishJobRun(ctx context.Context, teamID, job, period string) error {
	n, err := execRows(ctx, db.x, finishJobRunQuery, teamID, job, period)
	if err != nil {
		return fmt.Errorf("finishing job run %s/%s: %w", job, period, err)
	}
	if n == 0 {
		return fmt.Errorf("finishing job run %s/%s: %w", job, period, ErrNotFound)
	}
	return nil
}
