package storage

import (
	"context"
	"fmt"
	"time"
)

// StrainScore is a client's latest strain result that was shown (it had
// STRAIN_MIN_ANSWERS answers at close): the average of a closed poll or pulse, and when.
type StrainScore struct {
	ClientID int64
	Average  float64
	Answers  int
	Day      time.Time // the UTC calendar day the poll or pulse closed (00:00 UTC)
	ClosedAt time.Time // the instant it closed, for the day in the team's zone (ledger.DayIn)
	History  []float64 // earlier results, oldest first, ending with Average
}

// Results are the tallies kept at close: only polls and pulse clients that
// had enough answers have one.
const latestStrainQuery = `
SELECT client_id, closed_at, answers, total::float8 / answers AS average FROM (
    SELECT p.client_id, p.closed_at, s.answers, s.total
    FROM strain_polls p, LATERAL (
        SELECT sum(n) AS answers, sum(n * i) AS total FROM unnest(p.tally) WITH ORDINALITY AS x (n, i)) s
    WHERE p.team_id = $1 AND p.tally IS NOT NULL AND p.closed_at <= $2
  UNION ALL
    SELECT t.client_id, u.closed_at, s.answers, s.total
    FROM strain_pulse_tallies t JOIN strain_pulses u ON u.id = t.pulse_id,
    LATERAL (
        SELECT sum(n) AS answers, sum(n * i) AS total FROM unnest(t.tally) WITH ORDINALITY AS x (n, i)) s
    WHERE t.team_id = $1 AND u.closed_at IS NOT NULL AND u.closed_at <= $2
) results
WHERE answers > 0
ORDER BY client_id, closed_at`

// LatestStrain returns, per client, the latest strain result closed by
// asOf that was shown (a kept tally), with the earlier ones as
// History. Clients without one are absent.
func (db *DB) LatestStrain(ctx context.Context, teamID string, asOf time.Time) (map[int64]StrainScore, error) {
	var rows []struct {
		ClientID int64     `db:"client_id"`
		ClosedAt time.Time `db:"closed_at"`
		Answers  int       `db:"answers"`
		Average  float64   `db:"average"`
	}
	if err := db.x.SelectContext(ctx, &rows, latestStrainQuery, teamID, asOf); err != nil {
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

// StrainHistories are the results per client, oldest first, ending with
// the latest: what strain.Trend reads.
func StrainHistories(latest map[int64]StrainScore) map[int64][]float64 {
	out := make(map[int64][]float64, len(latest))
	for id, s := range latest {
		out[id] = s.History
		if len(s.History) == 0 {
			out[id] = []float64{s.Average}
		}
	}
	return out
}
