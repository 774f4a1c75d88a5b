package storage

import (
	"context"
	"fmt"
	"time"
)

// Scheduled jobs run on every replica's cron; the (team_id, job, period) key
// lets exactly one of them do each run. A run whose replica died keeps
// done_at NULL; a caller that passes a stale window takes such a run over
// once it has been silent that long, and a run that failed can be handed
// back at once with ReleaseJobRun.

const (
	// The upsert's WHERE decides whether an unfinished run may be taken
	// over; the conflicting row is locked meanwhile, so one claimer wins.
	claimJobRunQuery = `
INSERT INTO job_runs (team_id, job, period) VALUES ($1, $2, $3)
ON CONFLICT (team_id, job, period) DO UPDATE SET claimed_at = now()
WHERE job_runs.done_at IS NULL AND $4::float8 > 0
  AND job_runs.claimed_at < now() - make_interval(secs => $4::float8)`

	finishJobRunQuery = `
UPDATE job_runs SET done_at = now()
WHERE team_id = $1 AND job = $2 AND period = $3`

	releaseJobRunQuery = `
DELETE FROM job_runs WHERE team_id = $1 AND job = $2 AND period = $3 AND done_at IS NULL`
)

// ClaimJobRun reports whether the caller is the first, on any replica, to claim
// job for teamID and period (e.g. "2025-06-02" for a daily job), or takes
// over an unfinished claim older than stale (0: never).
func (db *DB) ClaimJobRun(ctx context.Context, teamID, job, period string, stale time.Duration) (first bool, err error) {
	n, err := execRows(ctx, db.x, claimJobRunQuery, teamID, job, period, stale.Seconds())
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

// ReleaseJobRun hands back an unfinished run, so the next claimer takes it.
func (db *DB) ReleaseJobRun(ctx context.Context, teamID, job, period string) error {
	if _, err := execRows(ctx, db.x, releaseJobRunQuery, teamID, job, period); err != nil {
		return fmt.Errorf("releasing job run %s/%s: %w", job, period, err)
	}
	return nil
}
