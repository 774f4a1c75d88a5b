package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/tact-bot/tact/strain"
)

// The monthly pulse: one message a month inviting everyone to rate every
// active client from 1 to 5 in a private form. Answers are stored like poll
// votes, under keys scoped to the pulse and the client.

const (
	pulseColumns = `
id, team_id, period, channel_id, COALESCE(message_ts, '') AS message_ts, lang, closes_at, closed_at`

	insertPulseQuery = `
INSERT INTO strain_pulses (team_id, period, channel_id, lang, closes_at) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (team_id, period) DO NOTHING
RETURNING` + pulseColumns

	pulseQuery = `SELECT` + pulseColumns + ` FROM strain_pulses WHERE team_id = $1 AND id = $2`

	setPulseMessageQuery = `UPDATE strain_pulses SET message_ts = $3 WHERE team_id = $1 AND id = $2`

	deletePulseQuery = `DELETE FROM strain_pulses WHERE team_id = $1 AND id = $2`

	lockOpenPulseQuery = `
SELECT id FROM strain_pulses
WHERE team_id = $1 AND id = $2 AND closed_at IS NULL AND closes_at > $3
FOR SHARE`

	pulseExistsQuery = `SELECT EXISTS (SELECT 1 FROM strain_pulses WHERE team_id = $1 AND id = $2)`

	deletePulseAnswersQuery = `
DELETE FROM strain_pulse_answers WHERE pulse_id = $1 AND voter_key = ANY($2)`

	// Clients deleted meanwhile are skipped rather than failing the page.
	insertPulseAnswersQuery = `
INSERT INTO strain_pulse_answers (team_id, pulse_id, client_id, voter_key, score)
SELECT $1, $2, a.client_id, a.voter_key, a.score
FROM unnest($3::bigint[], $4::text[], $5::smallint[]) AS a (client_id, voter_key, score)
JOIN clients c ON c.id = a.client_id AND c.team_id = $1`

	pulseAnsweredQuery = `
SELECT EXISTS (SELECT 1 FROM strain_pulse_answers WHERE pulse_id = $1 AND voter_key = ANY($2))`

	closeDuePulsesQuery = `
UPDATE strain_pulses SET closed_at = now(), close_claimed_at = $2
WHERE team_id = $1 AND closed_at IS NULL AND closes_at <= $2
RETURNING id`

	reclaimClosedPulsesQuery = `
UPDATE strain_pulses SET close_claimed_at = $2
WHERE team_id = $1 AND closed_at IS NOT NULL AND final_posted_at IS NULL
  AND message_ts IS NOT NULL AND close_claimed_at <= $3
RETURNING id`

	// The closing transaction keeps the tally of each client with at least
	// $2 answers and deletes every answer: afterwards no row of the pulse
	// was written by a voter.
	tallyPulseQuery = `
INSERT INTO strain_pulse_tallies (team_id, pulse_id, client_id, tally)
SELECT a.team_id, a.pulse_id, a.client_id, ARRAY[
    count(*) FILTER (WHERE a.score = 1), count(*) FILTER (WHERE a.score = 2),
    count(*) FILTER (WHERE a.score = 3), count(*) FILTER (WHERE a.score = 4),
    count(*) FILTER (WHERE a.score = 5)]::integer[]
FROM strain_pulse_answers a
WHERE a.pulse_id = $1
GROUP BY a.team_id, a.pulse_id, a.client_id
HAVING count(*) >= $2
ON CONFLICT (pulse_id, client_id) DO NOTHING`

	deletePulseAnswersAllQuery = `DELETE FROM strain_pulse_answers WHERE pulse_id = $1`

	markPulsePostedQuery = `UPDATE strain_pulses SET final_posted_at = now() WHERE team_id = $1 AND id = $2`

	pulseResultsQuery = `
SELECT t.client_id, c.name AS client_name, t.tally
FROM strain_pulse_tallies t JOIN clients c ON c.id = t.client_id
WHERE t.team_id = $1 AND t.pulse_id = $2
ORDER BY lower(c.name), t.client_id`
)

// Pulse is one month's pulse.
type Pulse struct {
	ID        int64
	TeamID    string
	Period    string // "2026-11"
	Channel   string
	MessageTS string
	Lang      string // the language of the channel message
	ClosesAt  time.Time
	ClosedAt  time.Time // zero while open
}

// Closed reports whether the pulse has been closed.
func (p Pulse) Closed() bool { return !p.ClosedAt.IsZero() }

// OpenAt reports whether the pulse takes answers at t.
func (p Pulse) OpenAt(t time.Time) bool { return !p.Closed() && t.Before(p.ClosesAt) }

type pulseRow struct {
	ID        int64        `db:"id"`
	TeamID    string       `db:"team_id"`
	Period    string       `db:"period"`
	Channel   string       `db:"channel_id"`
	MessageTS string       `db:"message_ts"`
	Lang      string       `db:"lang"`
	ClosesAt  time.Time    `db:"closes_at"`
	ClosedAt  sql.NullTime `db:"closed_at"`
}

func (r pulseRow) pulse() Pulse {
	p := Pulse{ID: r.ID, TeamID: r.TeamID, Period: r.Period, Channel: r.Channel, MessageTS: r.MessageTS, Lang: r.Lang, ClosesAt: r.ClosesAt.UTC()}
	if r.ClosedAt.Valid {
		p.ClosedAt = r.ClosedAt.Time.UTC()
	}
	return p
}

// CreatePulse stores the pulse of period before its message is posted.
// created is false when the period already has one (another replica's).
func (db *DB) CreatePulse(ctx context.Context, teamID, period, channel, lang string, closesAt time.Time) (p Pulse, created bool, err error) {
	var rows []pulseRow
	if err := db.x.SelectContext(ctx, &rows, insertPulseQuery, teamID, period, channel, lang, closesAt); err != nil {
		return Pulse{}, false, fmt.Errorf("creating the %s pulse: %w", period, MapError(err))
	}
	if len(rows) == 0 {
		return Pulse{}, false, nil
	}
	return rows[0].pulse(), true, nil
}

// Pulse reads one pulse.
func (db *DB) Pulse(ctx context.Context, teamID string, id int64) (Pulse, error) {
	var row pulseRow
	if err := db.x.GetContext(ctx, &row, pulseQuery, teamID, id); err != nil {
		return Pulse{}, fmt.Errorf("reading pulse %d: %w", id, MapError(err))
	}
	return row.pulse(), nil
}

// SetPulseMessage records where the pulse's message is.
func (db *DB) SetPulseMessage(ctx context.Context, teamID string, id int64, ts string) error {
	if _, err := execRows(ctx, db.x, setPulseMessageQuery, teamID, id, ts); err != nil {
		return fmt.Errorf("recording pulse %d message: %w", id, err)
	}
	return nil
}

// DeletePulse removes a pulse whose message could not be posted.
func (db *DB) DeletePulse(ctx context.Context, teamID string, id int64) error {
	if _, err := execRows(ctx, db.x, deletePulseQuery, teamID, id); err != nil {
		return fmt.Errorf("deleting pulse %d: %w", id, err)
	}
	return nil
}

// PulseAnswer is one person's answer about one client; Score 0 means the
// person skipped the client (an earlier answer is withdrawn).
type PulseAnswer struct {
	ClientID int64
	VoterKey string // strain.VoterKey scoped to the pulse and the client
	Score    int
}

// AnswerPulse replaces the answers under the given keys with the new ones,
// if the pulse is open at now. It fails with ErrClosed or ErrNotFound. The
// transaction writes the answers and nothing else (no delivery key: a
// redelivered page replaces the same rows again).
func (db *DB) AnswerPulse(ctx context.Context, teamID string, pulseID int64, answers []PulseAnswer, now time.Time) error {
	var keys, scoredKeys []string
	var clients []int64
	var scores []int16
	for _, a := range answers {
		keys = append(keys, a.VoterKey)
		if strain.ValidScore(a.Score) {
			clients = append(clients, a.ClientID)
			scoredKeys = append(scoredKeys, a.VoterKey)
			scores = append(scores, int16(a.Score))
		}
	}
	err := db.inTx(ctx, func(tx *Tx) error {
		var id int64
		err := tx.GetContext(ctx, &id, lockOpenPulseQuery, teamID, pulseID, now)
		if errors.Is(err, sql.ErrNoRows) {
			return pulseGoneOrClosed(ctx, tx, teamID, pulseID)
		}
		if err != nil {
			return MapError(err)
		}
		if _, err := execRows(ctx, tx, deletePulseAnswersQuery, pulseID, pq.Array(keys)); err != nil {
			return err
		}
		_, err = execRows(ctx, tx, insertPulseAnswersQuery, teamID, pulseID, pq.Array(clients), pq.Array(scoredKeys), pq.Array(scores))
		return err
	})
	if err != nil {
		return fmt.Errorf("answering pulse %d: %w", pulseID, err)
	}
	return nil
}

func pulseGoneOrClosed(ctx context.Context, tx *Tx, teamID string, pulseID int64) error {
	var exists bool
	if err := tx.GetContext(ctx, &exists, pulseExistsQuery, teamID, pulseID); err != nil {
		return MapError(err)
	}
	if exists {
		return ErrClosed
	}
	return ErrNotFound
}

// PulseAnswered reports whether any of keys has an answer in the pulse: the
// person answered before (the form then says a new answer replaces it).
func (db *DB) PulseAnswered(ctx context.Context, pulseID int64, keys []string) (bool, error) {
	var yes bool
	if err := db.x.GetContext(ctx, &yes, pulseAnsweredQuery, pulseID, pq.Array(keys)); err != nil {
		return false, fmt.Errorf("checking pulse %d answers: %w", pulseID, MapError(err))
	}
	return yes, nil
}

// CloseDuePulses closes the pulses whose time is up at now, keeping the
// tally of each client with at least minAnswers answers (STRAIN_MIN_ANSWERS)
// and deleting every answer, and takes back closed pulses whose closed
// message a dead closer never posted. It returns the pulses whose closed
// message the caller must post.
func (db *DB) CloseDuePulses(ctx context.Context, teamID string, now time.Time, retryAfter time.Duration, minAnswers int) ([]int64, error) {
	var closed, reclaimed []int64
	err := db.inTx(ctx, func(tx *Tx) error {
		if err := tx.SelectContext(ctx, &closed, closeDuePulsesQuery, teamID, now); err != nil {
			return MapError(err)
		}
		for _, id := range closed {
			if _, err := execRows(ctx, tx, tallyPulseQuery, id, max(minAnswers, strain.MinAnswers)); err != nil {
				return err
			}
			if _, err := execRows(ctx, tx, deletePulseAnswersAllQuery, id); err != nil {
				return err
			}
		}
		return MapError(tx.SelectContext(ctx, &reclaimed, reclaimClosedPulsesQuery, teamID, now, now.Add(-retryAfter)))
	})
	if err != nil {
		return nil, fmt.Errorf("closing due pulses: %w", err)
	}
	return append(closed, reclaimed...), nil
}

// MarkPulsePosted records that the closed message is in the channel.
func (db *DB) MarkPulsePosted(ctx context.Context, teamID string, id int64) error {
	if _, err := execRows(ctx, db.x, markPulsePostedQuery, teamID, id); err != nil {
		return fmt.Errorf("marking pulse %d posted: %w", id, err)
	}
	return nil
}

// ClientTally is one client's answers in a pulse.
type ClientTally struct {
	ClientID int64
	Client   string
	Tally    strain.Tally
}

// PulseResults is a closed pulse's kept tallies, by client name: only
// clients that had enough answers at close. An open pulse has none.
func (db *DB) PulseResults(ctx context.Context, teamID string, pulseID int64) ([]ClientTally, error) {
	var rows []struct {
		ClientID   int64         `db:"client_id"`
		ClientName string        `db:"client_name"`
		Tally      pq.Int64Array `db:"tally"`
	}
	if err := db.x.SelectContext(ctx, &rows, pulseResultsQuery, teamID, pulseID); err != nil {
		return nil, fmt.Errorf("reading pulse %d results: %w", pulseID, MapError(err))
	}
	out := make([]ClientTally, len(rows))
	for i, r := range rows {
		out[i] = ClientTally{ClientID: r.ClientID, Client: r.ClientName, Tally: tallyOf(r.Tally)}
	}
	return out, nil
}

// tallyOf reads a stored tally column.
func tallyOf(a pq.Int64Array) strain.Tally {
	counts := make([]int, len(a))
	for i, n := range a {
		counts[i] = int(n)
	}
	return strain.TallyOfCounts(counts)
}
