package storage

import (
	"context"
	"time"
)

// StrainScore is a client's latest strain result that reached the
// anonymity threshold: the average of a closed poll or pulse, and when.
type StrainScore struct {
	ClientID int64
	Average  float64
	Answers  int
	Day      time.Time // the day the poll or pulse closed
	History  []float64 // earlier results, oldest first, ending with Average
}

// LatestStrain returns, per client, the latest strain result closed by
// asOf with at least strain.MinAnswers answers. Clients without one are
// absent. (Filled in by the polls feature.)
func (db *DB) LatestStrain(ctx context.Context, teamID string, asOf time.Time) (map[int64]StrainScore, error) {
	return map[int64]StrainScore{}, nil
}
