package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// Posting the digest exactly once. Every replica runs the schedule; the
// first to claim a week's row posts it and records each step (the message's
// ts, how many thread replies, the chart) as it goes, so a retry picks up
// where a failure stopped and never posts a step twice. A claim is retried
// when its post was refused (status failed: nothing reached the channel) or
// when its claimer has been silent longer than the stale window (it died,
// or its run timed out).

// Kinds of digest post.
const (
	DigestScheduled = "scheduled"
	DigestManual    = "manual"
)

// Statuses of a digest post; see migrations/00004_digest.sql.
const (
	DigestClaimed = "claimed"
	DigestFailed  = "failed"
	DigestPosted  = "posted"
	DigestDone    = "done"
)

const (
	digestPostColumns = `id, team_id, week_start, kind, channel_id, status, COALESCE(requested_by, '') AS requested_by,
attempts, claimed_at, COALESCE(message_ts, '') AS message_ts, thread_posted, COALESCE(chart_file_id, '') AS chart_file_id`

	// The upsert's WHERE decides whether an existing row may be taken over;
	// when it may not, nothing is returned. The conflicting row is locked
	// while this runs, so two claimers can never both win.
	claimScheduledDigestQuery = `
INSERT INTO digest_posts AS p (team_id, week_start, kind, channel_id)
VALUES ($1, $2, 'scheduled', $3)
ON CONFLICT (team_id, week_start) WHERE kind = 'scheduled' DO UPDATE
SET claimed_at = now(), attempts = p.attempts + 1,
    status = CASE WHEN p.status = 'failed' THEN 'claimed' ELSE p.status END,
    -- Until its message is out, a digest goes where it is configured now
    -- (the channel may have been what was wrong).
    channel_id = CASE WHEN p.message_ts IS NULL THEN EXCLUDED.channel_id ELSE p.channel_id END
WHERE p.status = 'failed'
   OR (p.status IN ('claimed', 'posted') AND p.claimed_at < now() - make_interval(secs => $4))
RETURNING ` + digestPostColumns

	claimManualDigestQuery = `
INSERT INTO digest_posts (team_id, week_start, kind, channel_id, requested_by)
VALUES ($1, $2, 'manual', $3, $4)
RETURNING ` + digestPostColumns

	scheduledDigestQuery = `
SELECT ` + digestPostColumns + `
FROM digest_posts WHERE team_id = $1 AND week_start = $2 AND kind = 'scheduled'`

	digestPostedQuery = `
UPDATE digest_posts SET status = 'posted', message_ts = $3, posted_at = now(), claimed_at = now(), last_error = NULL
WHERE team_id = $1 AND id = $2`

	digestThreadQuery = `
UPDATE digest_posts SET thread_posted = $3, claimed_at = now() WHERE team_id = $1 AND id = $2`

	digestChartQuery = `
UPDATE digest_posts SET chart_file_id = $3, claimed_at = now() WHERE team_id = $1 AND id = $2`

	digestDoneQuery = `
UPDATE digest_posts SET status = 'done', done_at = now(), last_error = NULL WHERE team_id = $1 AND id = $2`

	// Only a claim whose message Slack refused can fail: a posted digest
	// stays posted, and its unfinished thread is retried once stale.
	digestFailedQuery = `
UPDATE digest_posts SET status = CASE WHEN status = 'claimed' AND $4 THEN 'failed' ELSE status END, last_error = $3
WHERE team_id = $1 AND id = $2`
)

// DigestPost is one digest in the channel, or on its way there.
type DigestPost struct {
	ID           int64     `db:"id"`
	TeamID       string    `db:"team_id"`
	WeekStart    time.Time `db:"week_start"` // the Monday of the week reported
	Kind         string    `db:"kind"`
	ChannelID    string    `db:"channel_id"`
	Status       string    `db:"status"`
	RequestedBy  string    `db:"requested_by"`
	Attempts     int       `db:"attempts"`
	ClaimedAt    time.Time `db:"claimed_at"`
	MessageTS    string    `db:"message_ts"`    // "" until the message is posted
	ThreadPosted int       `db:"thread_posted"` // thread replies posted so far
	ChartFileID  string    `db:"chart_file_id"` // "" until the chart is uploaded
}

func (p DigestPost) normalized() DigestPost {
	p.WeekStart = ledger.Date(p.WeekStart)
	p.ClaimedAt = p.ClaimedAt.UTC()
	return p
}

// ClaimScheduledDigest claims the scheduled digest of the week starting
// weekStart for the caller. ok is false when another claimer has it: it
// is done, or posted or being posted by a claimer heard from within stale.
// A claim handed back carries what earlier attempts already posted.
func (db *DB) ClaimScheduledDigest(ctx context.Context, teamID string, weekStart time.Time, channel string, stale time.Duration) (p DigestPost, ok bool, err error) {
	err = db.x.GetContext(ctx, &p, claimScheduledDigestQuery, teamID, ledger.Date(weekStart), channel, stale.Seconds())
	if errors.Is(err, sql.ErrNoRows) {
		return DigestPost{}, false, nil
	}
	if err != nil {
		return DigestPost{}, false, fmt.Errorf("claiming the digest of %s: %w", weekStart.Format(time.DateOnly), MapError(err))
	}
	return p.normalized(), true, nil
}

// ClaimManualDigest records a digest a manager asked to post now, in the
// same transaction as the request's delivery key: a redelivered request
// fails with ErrAlreadyClaimed and posts nothing twice.
func (db *DB) ClaimManualDigest(ctx context.Context, d Delivery, weekStart time.Time, channel string) (DigestPost, error) {
	var p DigestPost
	err := db.deliveryTx(ctx, d, func(tx *Tx) error {
		return tx.GetContext(ctx, &p, claimManualDigestQuery, d.TeamID, ledger.Date(weekStart), channel, d.UserID)
	})
	if err != nil {
		return DigestPost{}, fmt.Errorf("recording the digest post of %s: %w", weekStart.Format(time.DateOnly), MapError(err))
	}
	return p.normalized(), nil
}

// ScheduledDigest returns the scheduled digest's row for the week; ok is
// false when nobody has claimed it yet.
func (db *DB) ScheduledDigest(ctx context.Context, teamID string, weekStart time.Time) (p DigestPost, ok bool, err error) {
	err = db.x.GetContext(ctx, &p, scheduledDigestQuery, teamID, ledger.Date(weekStart))
	if errors.Is(err, sql.ErrNoRows) {
		return DigestPost{}, false, nil
	}
	if err != nil {
		return DigestPost{}, false, fmt.Errorf("loading the digest of %s: %w", weekStart.Format(time.DateOnly), MapError(err))
	}
	return p.normalized(), true, nil
}

// DigestMessagePosted records that the digest's message is in the channel.
func (db *DB) DigestMessagePosted(ctx context.Context, p DigestPost, ts string) error {
	return db.updateDigest(ctx, p, "recording the digest message", digestPostedQuery, ts)
}

// DigestThreadPosted records how many thread replies are posted.
func (db *DB) DigestThreadPosted(ctx context.Context, p DigestPost, n int) error {
	return db.updateDigest(ctx, p, "recording the digest thread", digestThreadQuery, n)
}

// DigestChartUploaded records the chart's file.
func (db *DB) DigestChartUploaded(ctx context.Context, p DigestPost, fileID string) error {
	return db.updateDigest(ctx, p, "recording the digest chart", digestChartQuery, fileID)
}

// DigestPostDone marks the digest complete.
func (db *DB) DigestPostDone(ctx context.Context, p DigestPost) error {
	return db.updateDigest(ctx, p, "finishing the digest post", digestDoneQuery)
}

// DigestPostFailed notes why a step failed. When Slack refused the
// message (refused: it is surely not in the channel), the digest becomes
// free to claim again at once; otherwise the claim waits out the stale
// window, as the message may have gone out.
func (db *DB) DigestPostFailed(ctx context.Context, p DigestPost, reason string, refused bool) error {
	return db.updateDigest(ctx, p, "recording the digest failure", digestFailedQuery, reason, refused)
}

func (db *DB) updateDigest(ctx context.Context, p DigestPost, what, query string, args ...any) error {
	n, err := execRows(ctx, db.x, query, append([]any{p.TeamID, p.ID}, args...)...)
	if err == nil && n == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("%s %d: %w", what, p.ID, err)
	}
	return nil
}
