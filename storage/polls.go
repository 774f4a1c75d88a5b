package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

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
p.lang, p.created_by, p.closes_at, p.closed_at, COALESCE(p.answers, 0) AS answers, p.tally`

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

	// The share lock orders the vote against a concurrent close (whose
	// UPDATE waits for it): a vote either lands before the close or finds
	// the poll closed. It writes nothing.
	lockOpenPollQuery = `
SELECT closes_at FROM strain_polls
WHERE team_id = $1 AND id = $2 AND closed_at IS NULL AND closes_at > $3
FOR SHARE`

	upsertVoteQuery = `
INSERT INTO strain_votes (team_id, poll_id, voter_key, score) VALUES ($1, $2, $3, $4)
ON CONFLICT (poll_id, voter_key) DO UPDATE SET score = EXCLUDED.score`

	pollExistsQuery = `SELECT EXISTS (SELECT 1 FROM strain_polls WHERE team_id = $1 AND id = $2)`

	// A voter's new comment replaces their old one; a new voter's counts
	// against the cap.
	upsertCommentQuery = `
INSERT INTO strain_comments (team_id, poll_id, voter_key, body)
SELECT $1, $2, $3, $4
WHERE EXISTS (SELECT 1 FROM strain_comments WHERE poll_id = $2 AND voter_key = $3)
   OR (SELECT count(*) FROM strain_comments WHERE poll_id = $2) < $5
ON CONFLICT (poll_id, voter_key) DO UPDATE SET body = EXCLUDED.body`

	closePollQuery = `
UPDATE strain_polls SET closed_at = now(), close_claimed_at = $3, created_by = ''
WHERE team_id = $1 AND id = $2 AND closed_at IS NULL
RETURNING id`

	closeDuePollsQuery = `
UPDATE strain_polls SET closed_at = now(), close_claimed_at = $2, created_by = ''
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

	pollTallyQuery = `SELECT score, count(*) AS n FROM strain_votes WHERE poll_id = $1 GROUP BY score`

	setPollTallyQuery = `UPDATE strain_polls SET answers = $2, tally = $3 WHERE id = $1`

	deleteVotesQuery = `DELETE FROM strain_votes WHERE poll_id = $1`

	deleteCommentsQuery = `DELETE FROM strain_comments WHERE poll_id = $1`

	// Every comment is deleted and written again, keyless and shuffled, by
	// the closing transaction: no surviving row is a voter's.
	rewriteCommentsQuery = `
WITH gone AS (DELETE FROM strain_comments WHERE poll_id = $1 RETURNING team_id, poll_id, body)
INSERT INTO strain_comments (team_id, poll_id, body)
SELECT team_id, poll_id, body FROM gone ORDER BY random()`

	countVotesQuery = `SELECT count(*) FROM strain_votes WHERE poll_id = $1`

	// The render lease: database time, so the bot's clock (and tests'
	// pretend clocks) cannot make two renderers overlap. A live render
	// takes it only while the poll is open.
	claimPollRenderQuery = `
UPDATE strain_polls SET render_until = now() + $3 * interval '1 millisecond'
WHERE team_id = $1 AND id = $2 AND (render_until IS NULL OR render_until <= now())
  AND ($4 OR closed_at IS NULL)
RETURNING id`

	releasePollRenderQuery = `
UPDATE strain_polls SET render_until = NULL, shown_answers = $3,
    final_posted_at = CASE WHEN $4 THEN now() ELSE final_posted_at END
WHERE team_id = $1 AND id = $2`

	pollBehindQuery = `
SELECT p.closed_at IS NULL AND p.shown_answers <> (SELECT count(*) FROM strain_votes v WHERE v.poll_id = p.id)
FROM strain_polls p WHERE p.team_id = $1 AND p.id = $2`

	// Shown in random order: the order says nothing about who wrote first.
	pollCommentsQuery = `SELECT body FROM strain_comments WHERE poll_id = $1 ORDER BY random()`
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
	ID         int64         `db:"id"`
	TeamID     string        `db:"team_id"`
	ClientID   int64         `db:"client_id"`
	ClientName string        `db:"client_name"`
	Channel    string        `db:"channel_id"`
	MessageTS  string        `db:"message_ts"`
	Lang       string        `db:"lang"`
	CreatedBy  string        `db:"created_by"`
	ClosesAt   time.Time     `db:"closes_at"`
	ClosedAt   sql.NullTime  `db:"closed_at"`
	Answers    int           `db:"answers"`
	Tally      pq.Int64Array `db:"tally"` // nil unless closed and shown
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
// with ErrClosed or ErrNotFound. The transaction writes the vote and nothing
// else: no delivery key, no timestamp (a redelivered click upserts the same
// row again). Errors never carry the score.
func (db *DB) Vote(ctx context.Context, teamID string, pollID int64, voterKey string, score int, now time.Time) (closesAt time.Time, err error) {
	if !strain.ValidScore(score) {
		return time.Time{}, fmt.Errorf("voting in strain poll %d: score out of range", pollID)
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		if closesAt, err = lockOpenPoll(ctx, tx, teamID, pollID, now); err != nil {
			return err
		}
		_, err := execRows(ctx, tx, upsertVoteQuery, teamID, pollID, voterKey, score)
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("voting in strain poll %d: %w", pollID, err)
	}
	return closesAt, nil
}

// lockOpenPoll share-locks the poll if it is open at now, else says why not.
func lockOpenPoll(ctx context.Context, tx *Tx, teamID string, pollID int64, now time.Time) (time.Time, error) {
	var closes time.Time
	err := tx.GetContext(ctx, &closes, lockOpenPollQuery, teamID, pollID, now)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, pollGoneOrClosed(ctx, tx, teamID, pollID)
	}
	if err != nil {
		return time.Time{}, MapError(err)
	}
	return closes.UTC(), nil
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

// SetPollComment stores voterKey's anonymous comment on an open poll,
// replacing their earlier one: one person cannot fill the comments. Like a
// vote, its transaction writes nothing else. It fails with ErrClosed,
// ErrNotFound, or ErrConflict when MaxPollComments others commented already.
func (db *DB) SetPollComment(ctx context.Context, teamID string, pollID int64, voterKey, body string, now time.Time) error {
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := lockOpenPoll(ctx, tx, teamID, pollID, now); err != nil {
			return err
		}
		n, err := execRows(ctx, tx, upsertCommentQuery, teamID, pollID, voterKey, body, MaxPollComments)
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
// message (RenderClosedPoll). now is kept as the claim time; minAnswers is
// STRAIN_MIN_ANSWERS.
func (db *DB) ClosePoll(ctx context.Context, teamID string, id int64, now time.Time, minAnswers int) (bool, error) {
	var closed []int64
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.SelectContext(ctx, &closed, closePollQuery, teamID, id, now); err != nil {
			return MapError(err)
		}
		return finishClosedPolls(ctx, tx, closed, minAnswers)
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
func (db *DB) CloseDuePolls(ctx context.Context, teamID string, now time.Time, retryAfter time.Duration, minAnswers int) ([]int64, error) {
	var closed, reclaimed []int64
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.SelectContext(ctx, &closed, closeDuePollsQuery, teamID, now); err != nil {
			return MapError(err)
		}
		if err := finishClosedPolls(ctx, tx, closed, minAnswers); err != nil {
			return err
		}
		return MapError(tx.SelectContext(ctx, &reclaimed, reclaimClosedPollsQuery, teamID, now, now.Add(-retryAfter)))
	})
	if err != nil {
		return nil, fmt.Errorf("closing due strain polls: %w", err)
	}
	return append(closed, reclaimed...), nil
}

// finishClosedPolls turns each closed poll's votes into its tally (kept
// only with at least minAnswers answers) and deletes them, and rewrites
// the comments of those shown (deletes the others'), all in the closing
// transaction: afterwards no row of the poll was written by a voter.
func finishClosedPolls(ctx context.Context, tx *Tx, ids []int64, minAnswers int) error {
	for _, id := range ids {
		t, err := liveTally(ctx, tx, id)
		if err != nil {
			return err
		}
		var stored any // NULL: nothing of the answers is kept
		comments := deleteCommentsQuery
		if t.Count >= max(minAnswers, strain.MinAnswers) {
			stored, comments = pq.Array(t.Counts()), rewriteCommentsQuery
		}
		if _, err := execRows(ctx, tx, setPollTallyQuery, id, t.Count, stored); err != nil {
			return err
		}
		if _, err := execRows(ctx, tx, deleteVotesQuery, id); err != nil {
			return err
		}
		if _, err := execRows(ctx, tx, comments, id); err != nil {
			return err
		}
	}
	return nil
}

func liveTally(ctx context.Context, q sqlx.QueryerContext, id int64) (strain.Tally, error) {
	var counts []struct {
		Score int `db:"score"`
		N     int `db:"n"`
	}
	if err := sqlx.SelectContext(ctx, q, &counts, pollTallyQuery, id); err != nil {
		return strain.Tally{}, MapError(err)
	}
	var t strain.Tally
	for _, c := range counts {
		if strain.ValidScore(c.Score) {
			t.Count += c.N
			t.Sum += c.Score * c.N
			t.Dist[c.Score-1] += c.N
		}
	}
	return t, nil
}

// PollView is what a poll's message shows: while open only the number of
// answers; once closed the final count, and the tally and comments when
// the result is shown.
type PollView struct {
	Poll     Poll
	Answers  int
	Shown    bool         // closed with enough answers: Tally and Comments hold the result
	Tally    strain.Tally // only when Shown
	Comments []string     // only when Shown, in random order
}

// renderLease bounds how long one renderer may hold a poll's message.
// Callers bound their chat.update by RenderTimeout, a little less.
const renderLease = 30 * time.Second

// RenderTimeout is how long a renderer may spend on chat.update: within
// its lease, so an overrun cannot land after the next renderer's update.
const RenderTimeout = renderLease - 5*time.Second

// ClaimPollRender takes the poll's render lease, so updates of its message
// reach Slack one at a time, in order, with no transaction open while Slack
// is called. A live claim (final false) is only taken while the poll is
// open: once closed, no live update can overwrite the result. false means
// someone else holds it (or, live, the poll closed).
func (db *DB) ClaimPollRender(ctx context.Context, teamID string, id int64, final bool) (bool, error) {
	var got []int64
	if err := db.x.SelectContext(ctx, &got, claimPollRenderQuery, teamID, id, renderLease.Milliseconds(), final); err != nil {
		return false, fmt.Errorf("claiming strain poll %d's message: %w", id, MapError(err))
	}
	return len(got) == 1, nil
}

// ReleasePollRender ends the lease, recording the count the message now
// shows and, for the closed message, that it is posted.
func (db *DB) ReleasePollRender(ctx context.Context, teamID string, id int64, shown int, final bool) error {
	if _, err := execRows(ctx, db.x, releasePollRenderQuery, teamID, id, shown, final); err != nil {
		return fmt.Errorf("releasing strain poll %d's message: %w", id, err)
	}
	return nil
}

// PollBehind reports whether an open poll has more or fewer answers than
// its message shows.
func (db *DB) PollBehind(ctx context.Context, teamID string, id int64) (bool, error) {
	var behind bool
	if err := db.x.GetContext(ctx, &behind, pollBehindQuery, teamID, id); err != nil {
		return false, fmt.Errorf("checking strain poll %d: %w", id, MapError(err))
	}
	return behind, nil
}

// PollView reads what the poll's message shows now.
func (db *DB) PollView(ctx context.Context, teamID string, id int64) (PollView, error) {
	var row pollRow
	if err := db.x.GetContext(ctx, &row, pollQuery, teamID, id); err != nil {
		return PollView{}, fmt.Errorf("reading strain poll %d: %w", id, MapError(err))
	}
	v := PollView{Poll: row.poll(), Answers: row.Answers}
	if !v.Poll.Closed() {
		if err := db.x.GetContext(ctx, &v.Answers, countVotesQuery, id); err != nil {
			return PollView{}, fmt.Errorf("counting strain poll %d: %w", id, MapError(err))
		}
		return v, nil
	}
	if row.Tally == nil {
		return v, nil
	}
	v.Shown, v.Tally = true, tallyOf(row.Tally)
	if err := db.x.SelectContext(ctx, &v.Comments, pollCommentsQuery, id); err != nil {
		return PollView{}, fmt.Errorf("reading strain poll %d comments: %w", id, MapError(err))
	}
	return v, nil
}
