package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/tact-bot/tact/strain"
)

// StrainScore is a client's latest strain result that reached the
// anonymity threshold: the average of a closed poll or pulse, and when.
type StrainScore struct {
	ClientID int64
	Average  float64
	Answers  int
	Day      time.Time // the UTC calendar day the poll or pulse closed (00:00 UTC)
	ClosedAt time.Time // the instant it closed, for the day in the team's zone (ledger.DayIn)
	History  []float64 // earlier results, oldest first, ending with Average
}

// Polls and pulse clients with fewer answers than the threshold never count:
// their answers are deleted at close, and the HAVING keeps it true for
// anything closed before that rule.
const latestStrainQuery = `
SELECT client_id, closed_at, answers, average FROM (
    SELECT p.client_id, p.closed_at, count(*) AS answers, avg(v.score)::float8 AS average
    FROM strain_polls p JOIN strain_votes v ON v.poll_id = p.id
    WHERE p.team_id = $1 AND p.closed_at IS NOT NULL AND p.closed_at <= $2
    GROUP BY p.id, p.client_id, p.closed_at
    HAVING count(*) >= $3
  UNION ALL
    SELECT a.client_id, u.closed_at, count(*) AS answers, avg(a.score)::float8 AS average
    FROM strain_pulses u JOIN strain_pulse_answers a ON a.pulse_id = u.id
    WHERE u.team_id = $1 AND u.closed_at IS NOT NULL AND u.closed_at <= $2
    GROUP BY u.id, a.client_id, u.closed_at
    HAVING count(*) >= $3
) results
ORDER BY client_id, closed_at`

// LatestStrain returns, per client, the latest strain result closed by
// asOf with at least strain.MinAnswers answers, with the earlier ones as
// History. Clients without one are absent.
func (db *DB) LatestStrain(ctx context.Context, teamID string, asOf time.Time) (map[int64]StrainScore, error) {
	var rows []struct {
		ClientID int64     `db:"client_id"`
		ClosedAt time.Time `db:"closed_at"`
		Answers  int       `db:"answers"`
		Average  float64   `db:"average"`
	}
	if err := db.x.SelectContext(ctx, &rows, latestStrainQuery, teamID, asOf, strain.MinAnswers); err != nil {
		return nil, fmt.Errorf("reading strain results: %w", MapError(err))
	}
	out := map[int64]StrainScore{}
	for _, r := range rows {
		s := out[r.ClientID]
		closed := r.ClosedAt.UTC()
		s.ClientID, s.Average, s.Answers, s.ClosedAt = r.ClientID, r.Average, r.Answers, closed
		s.Day = time.Date(closed.Year(), closed.Month(), closed.Day(), 0, 0, 0, 0, time.UTC)
		s.History = append(s.History, r.Average)
		out[r.ClientID] = s
	}
	return out, nil
}
