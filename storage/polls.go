package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/tact-bot/tact/strain"
)

// Strain polls: anonymous answers under keyed hashes (strain.VoterKey), never
// under a Slack user id. The only person id stored is the open poll's
// creator, for the Close permission; closing empties it.

// ErrClosed means the poll or pulse no longer takes answers.
var ErrClosed = errors.New("closed")

// MaxPollComments bounds one poll's comments: they carry no person, so one
// person could otherwise post any number.
const MaxPollComments = 100

const (
	pollColumns = `
p.id, p.team_id, p.client_id, c.name AS client_name, p.channel_id, COALESCE(p.message_ts, '') AS message_ts,
p.lang, p.created_by, p.closes_at, p.closed_at, COALESCE(p.answers, 0) AS answers`

	insertPollQuery = `
INSERT INTO strain_polls (team_id, client_id, channel_id, lang, created_by, closes_at)
SELECT c.team_id, c.id, $3, $4, $5, $6 FROM clients c WHERE c.team_id = $1 AND c.id = $2
RETURNING id`

	pollQuery = `
SELECT` + pollColumns + `
FROM strain_polls p JOIN clients c ON c.id = p.client_id
WHERE p.team_id = $1 AND p.id = $2`

	setPollMessageQuery = `UPDATE strain_polls SET message_ts = $3 WHERE team_id = $1 AND id = $2`

	deletePollQuery = `DELETE FROM strain_polls WHERE team_id = $1 AND id = $2`

	// The row lock this takes orders the vote against a concurrent close:
	// a vote either lands before the close or finds the poll closed.
	markVoteQuery = `
UPDATE strain_polls SET dirty = true
WHERE team_id = $1 AND id = $2 AND closed_at IS NULL AND closes_at > $3
RETURNING closes_at`

	upsertVoteQuery = `
INSERT INTO strain_votes (team_id, poll_id, voter_key, score) VALUES ($1, $2, $3, $4)
ON CONFLICT (poll_id, voter_key) DO UPDATE SET score = EXCLUDED.score`

	pollExistsQuery = `SELECT EXISTS (SELECT 1 FROM strain_polls WHERE team_id = $1 AND id = $2)`

	lockOpenPollQuery = `
SELECT id FROM strain_polls
WHERE team_id = $1 AND id = $2 AND closed_at IS NULL AND closes_at > $3
FOR SHARE`

	insertCommentQuery = `
INSERT INTO strain_comments (team_id, poll_id, body)
SELECT $1, $2, $3 WHERE (SELECT count(*) FROM strain_comments WHERE poll_id = $2) < $4`

	closePollQuery = `
UPDATE strain_polls SET closed_at = now(), close_claimed_at = $3, created_by = '', dirty = false
WHERE team_id = $1 AND id = $2 AND closed_at IS NULL
RETURNING id`

	closeDuePollsQuery = `
UPDATE strain_polls SET closed_at = now(), close_claimed_at = $2, created_by = '', dirty = false
WHERE team_id = $1 AND closed_at IS NULL AND closes_at <= $2
RETURNING id`

	// A closer that died before posting the closed message leaves it to be
	// claimed again after a while; a live closer renews nothing, so a slow
	// but alive one is never doubled within that while.
	reclaimClosedPollsQuery = `
UPDATE strain_polls SET close_claimed_at = $2
WHERE team_id = $1 AND closed_at IS NOT NULL AND final_posted_at IS NULL
  AND message_ts IS NOT NULL AND close_claimed_at <= $3
RETURNING id`

	countVotesQuery = `SELECT count(*) FROM strain_votes WHERE poll_id = $1`

	setAnswersQuery = `UPDATE strain_polls SET answers = $2 WHERE id = $1`

	deleteVotesQuery = `DELETE FROM strain_votes WHERE poll_id = $1`

	deleteCommentsQuery = `DELETE FROM strain_comments WHERE poll_id = $1`

	markPollPostedQuery = `UPDATE strain_polls SET final_posted_at = now() WHERE team_id = $1 AND id = $2`

	lockPollRenderQuery    = `SELECT pg_advisory_xact_lock(hashtextextended('strain_poll:' || $1::text, 0))`
	tryLockPollRenderQuery = `SELECT pg_try_advisory_xact_lock(hashtextextended('strain_poll:' || $1::text, 0))`

	clearPollDirtyQuery = `UPDATE strain_polls SET dirty = false WHERE team_id = $1 AND id = $2 AND dirty`

	pollDirtyQuery = `SELECT dirty AND closed_at IS NULL FROM strain_polls WHERE team_id = $1 AND id = $2`

	pollTallyQuery = `SELECT score, count(*) AS n FROM strain_votes WHERE poll_id = $1 GROUP BY score`

	// Sorted by text, so the order says nothing about who wrote first.
	pollCommentsQuery = `SELECT body FROM strain_comments WHERE poll_id = $1 ORDER BY body`
)

// NewPoll is a poll about to be posted.
type NewPoll struct {
	ClientID  int64
	Channel   string
	Lang      string // the poster's language; the message stays in it
	CreatedBy string // the poster's Slack id, for the Close permission
	ClosesAt  time.Time
}

// Poll is a stored strain poll.
type Poll struct {
	ID        int64
	TeamID    string
	ClientID  int64
	Client    string // the client's name
	Channel   string
	MessageTS string // "" until posted
	Lang      string
	CreatedBy string // "" once closed
	ClosesAt  time.Time
	ClosedAt  time.Time // zero while open
	Answers   int       // the final count, once closed
}

// Closed reports whether the poll has been closed.
func (p Poll) Closed() bool { return !p.ClosedAt.IsZero() }

// OpenAt reports whether the poll takes answers at t.
func (p Poll) OpenAt(t time.Time) bool { return !p.Closed() && t.Before(p.ClosesAt) }

type pollRow struct {
	ID         int64        `db:"id"`
	TeamID     string       `db:"team_id"`
	ClientID   int64        `db:"client_id"`
	ClientName string       `db:"client_name"`
	Channel    string       `db:"channel_id"`
	MessageTS  string       `db:"message_ts"`
	Lang       string       `db:"lang"`
	CreatedBy  string       `db:"created_by"`
	ClosesAt   time.Time    `db:"closes_at"`
	ClosedAt   sql.NullTime `db:"closed_at"`
	Answers    int          `db:"answers"`
}

func (r pollRow) poll() Poll {
	p := Poll{
		ID: r.ID, TeamID: r.TeamID, ClientID: r.ClientID, Client: r.ClientName, Channel: r.Channel,
		MessageTS: r.MessageTS, Lang: r.Lang, CreatedBy: r.CreatedBy, ClosesAt: r.ClosesAt.UTC(), Answers: r.Answers,
	}
	if r.ClosedAt.Valid {
		p.ClosedAt = r.ClosedAt.Time.UTC()
	}
	return p
}

// CreatePoll stores a poll before its message is posted (the buttons carry
// its id). A redelivered command fails with ErrAlreadyClaimed; a client
// that is gone with ErrNotFound.
func (db *DB) CreatePoll(ctx context.Context, d Delivery, in NewPoll) (Poll, error) {
	var id int64
	err := db.deliveryTx(ctx, d, func(tx *Tx) error {
		if err := tx.GetContext(ctx, &id, insertPollQuery, d.TeamID, in.ClientID, in.Channel, in.Lang, in.CreatedBy, in.ClosesAt); err != nil {
			return MapError(err)
		}
		return nil
	})
	if err != nil {
		return Poll{}, fmt.Errorf("creating strain poll: %w", err)
	}
	return db.Poll(ctx, d.TeamID, id)
}

// Poll reads one poll.
func (db *DB) Poll(ctx context.Context, teamID string, id int64) (Poll, error) {
	var row pollRow
	if err := db.x.GetContext(ctx, &row, pollQuery, teamID, id); err != nil {
		return Poll{}, fmt.Errorf("reading strain poll %d: %w", id, MapError(err))
	}
	return row.poll(), nil
}

// SetPollMessage records where the poll's message is.
func (db *DB) SetPollMessage(ctx context.Context, teamID string, id int64, ts string) error {
	if _, err := execRows(ctx, db.x, setPollMessageQuery, teamID, id, ts); err != nil {
		return fmt.Errorf("recording strain poll %d message: %w", id, err)
	}
	return nil
}

// DeletePoll removes a poll whose message could not be posted.
func (db *DB) DeletePoll(ctx context.Context, teamID string, id int64) error {
	if _, err := execRows(ctx, db.x, deletePollQuery, teamID, id); err != nil {
		return fmt.Errorf("deleting strain poll %d: %w", id, err)
	}
	return nil
}

// Vote records score under voterKey, replacing that voter's earlier answer,
// if the poll is open at now, and returns when the poll closes. It fails
// with ErrClosed, ErrNotFound, or ErrAlreadyClaimed for a redelivered click
// (deliveryKey). Errors never carry the score.
func (db *DB) Vote(ctx context.Context, teamID, deliveryKey string, pollID int64, voterKey string, score int, now time.Time) (closesAt time.Time, err error) {
	if !strain.ValidScore(score) {
		return time.Time{}, fmt.Errorf("voting in strain poll %d: score out of range", pollID)
	}
	err = db.InTx(ctx, func(tx *Tx) error {
		if err := tx.ClaimDelivery(ctx, teamID, deliveryKey); err != nil {
			return err
		}
		var closes []time.Time
		if err := tx.SelectContext(ctx, &closes, markVoteQuery, teamID, pollID, now); err != nil {
			return MapError(err)
		}
		if len(closes) == 0 {
			return pollGoneOrClosed(ctx, tx, teamID, pollID)
		}
		closesAt = closes[0].UTC()
		_, err := execRows(ctx, tx, upsertVoteQuery, teamID, pollID, voterKey, score)
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("voting in strain poll %d: %w", pollID, err)
	}
	return closesAt, nil
}

func pollGoneOrClosed(ctx context.Context, tx *Tx, teamID string, pollID int64) error {
	var exists bool
	if err := tx.GetContext(ctx, &exists, pollExistsQuery, teamID, pollID); err != nil {
		return MapError(err)
	}
	if exists {
		return ErrClosed
	}
	return ErrNotFound
}

// AddPollComment stores an anonymous comment on an open poll. It fails with
// ErrClosed, ErrNotFound, ErrConflict when the poll has MaxPollComments
// already, or ErrAlreadyClaimed for a redelivered submission.
func (db *DB) AddPollComment(ctx context.Context, teamID, deliveryKey string, pollID int64, body string, now time.Time) error {
	err := db.InTx(ctx, func(tx *Tx) error {
		if err := tx.ClaimDelivery(ctx, teamID, deliveryKey); err != nil {
			return err
		}
		var id int64
		err := tx.GetContext(ctx, &id, lockOpenPollQuery, teamID, pollID, now)
		if errors.Is(err, sql.ErrNoRows) {
			return pollGoneOrClosed(ctx, tx, teamID, pollID)
		}
		if err != nil {
			return MapError(err)
		}
		n, err := execRows(ctx, tx, insertCommentQuery, teamID, pollID, body, MaxPollComments)
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("%d comments already: %w", MaxPollComments, ErrConflict)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("commenting on strain poll %d: %w", pollID, err)
	}
	return nil
}

// ClosePoll closes an open poll and reports whether this call closed it:
// across replicas exactly one caller gets true and must render the closed
// message (then MarkPollPosted). now is kept as the claim time.
func (db *DB) ClosePoll(ctx context.Context, teamID string, id int64, now time.Time) (bool, error) {
	var closed []int64
	err := db.InTx(ctx, func(tx *Tx) error {
		if err := tx.SelectContext(ctx, &closed, closePollQuery, teamID, id, now); err != nil {
			return MapError(err)
		}
		return finishClosedPolls(ctx, tx, closed)
	})
	if err != nil {
		return false, fmt.Errorf("closing strain poll %d: %w", id, err)
	}
	return len(closed) == 1, nil
}

// CloseDuePolls closes every poll whose time is up at now, and takes back
// closed polls whose closed message a dead closer never posted (claimed
// before now minus retryAfter). It returns the polls whose closed message
// the caller must now render; concurrent callers get disjoint sets.
func (db *DB) CloseDuePolls(ctx context.Context, teamID string, now time.Time, retryAfter time.Duration) ([]int64, error) {
	var closed, reclaimed []int64
	err := db.InTx(ctx, func(tx *Tx) error {
		if err := tx.SelectContext(ctx, &closed, closeDuePollsQuery, teamID, now); err != nil {
			return MapError(err)
		}
		if err := finishClosedPolls(ctx, tx, closed); err != nil {
			return err
		}
		return MapError(tx.SelectContext(ctx, &reclaimed, reclaimClosedPollsQuery, teamID, now, now.Add(-retryAfter)))
	})
	if err != nil {
		return nil, fmt.Errorf("closing due strain polls: %w", err)
	}
	return append(closed, reclaimed...), nil
}

// finishClosedPolls freezes each closed poll's count and forgets the answers
// and comments of those that will never be shown.
func finishClosedPolls(ctx context.Context, tx *Tx, ids []int64) error {
	for _, id := range ids {
		var n int
		if err := tx.GetContext(ctx, &n, countVotesQuery, id); err != nil {
			return MapError(err)
		}
		if _, err := execRows(ctx, tx, setAnswersQuery, id, n); err != nil {
			return err
		}
		if n >= strain.MinAnswers {
			continue
		}
		if _, err := execRows(ctx, tx, deleteVotesQuery, id); err != nil {
			return err
		}
		if _, err := execRows(ctx, tx, deleteCommentsQuery, id); err != nil {
			return err
		}
	}
	return nil
}

// MarkPollPosted records that the closed message is in the channel.
func (db *DB) MarkPollPosted(ctx context.Context, teamID string, id int64) error {
	if _, err := execRows(ctx, db.x, markPollPostedQuery, teamID, id); err != nil {
		return fmt.Errorf("marking strain poll %d posted: %w", id, err)
	}
	return nil
}

// PollView is what a poll's message shows.
type PollView struct {
	Poll     Poll
	Tally    strain.Tally
	Comments []string // only for a closed poll whose result is shown
}

// RenderPoll hands fn the poll's current state while holding the poll's
// render lock (a PostgreSQL advisory lock, no row lock), so messages built
// from it reach Slack in order: fn runs with the lock held (call chat.update
// inside it). It first clears the poll's dirty mark. With wait false it gives up at once (returning false)
// when someone else holds the lock: that holder re-renders after seeing
// PollDirty.
func (db *DB) RenderPoll(ctx context.Context, teamID string, id int64, wait bool, fn func(PollView) error) (bool, error) {
	ran := false
	err := db.InTx(ctx, func(tx *Tx) error {
		if wait {
			if _, err := tx.ExecContext(ctx, lockPollRenderQuery, id); err != nil {
				return MapError(err)
			}
		} else {
			var got bool
			if err := tx.GetContext(ctx, &got, tryLockPollRenderQuery, id); err != nil {
				return MapError(err)
			}
			if !got {
				return nil
			}
		}
		// Cleared outside the transaction: a row lock held while fn talks to
		// Slack would make every vote wait for it. A vote committed after
		// this sets the mark again, and the renderer looks once more.
		if _, err := execRows(ctx, db.x, clearPollDirtyQuery, teamID, id); err != nil {
			return err
		}
		v, err := pollView(ctx, tx, teamID, id)
		if err != nil {
			return err
		}
		ran = true
		return fn(v)
	})
	if err != nil {
		return false, fmt.Errorf("rendering strain poll %d: %w", id, err)
	}
	return ran, nil
}

func pollView(ctx context.Context, tx *Tx, teamID string, id int64) (PollView, error) {
	var row pollRow
	if err := tx.GetContext(ctx, &row, pollQuery, teamID, id); err != nil {
		return PollView{}, MapError(err)
	}
	v := PollView{Poll: row.poll()}
	var counts []struct {
		Score int `db:"score"`
		N     int `db:"n"`
	}
	if err := tx.SelectContext(ctx, &counts, pollTallyQuery, id); err != nil {
		return PollView{}, MapError(err)
	}
	for _, c := range counts {
		if strain.ValidScore(c.Score) {
			v.Tally.Count += c.N
			v.Tally.Sum += c.Score * c.N
			v.Tally.Dist[c.Score-1] += c.N
		}
	}
	if !v.Poll.Closed() {
		return v, nil
	}
	if !v.Tally.Visible() {
		// The answers are gone; only their number is left.
		v.Tally = strain.Tally{Count: v.Poll.Answers}
		return v, nil
	}
	if err := tx.SelectContext(ctx, &v.Comments, pollCommentsQuery, id); err != nil {
		return PollView{}, MapError(err)
	}
	return v, nil
}

// PollDirty reports whether an open poll has votes its message doesn't show yet.
func (db *DB) PollDirty(ctx context.Context, teamID string, id int64) (bool, error) {
	var dirty bool
	if err := db.x.GetContext(ctx, &dirty, pollDirtyQuery, teamID, id); err != nil {
		return false, fmt.Errorf("checking strain poll %d: %w", id, MapError(err))
	}
	return dirty, nil
}
