package storage

import (
	"context"
	"fmt"
)

// Posting the monthly pulse: the job finds the month's pulse a dead
// attempt left behind, to finish it instead of posting another.

const pulseOfPeriodQuery = `SELECT` + pulseColumns + ` FROM strain_pulses WHERE team_id = $1 AND period = $2`

// PulseOfPeriod reads the pulse of period ("2026-11"); ErrNotFound when
// there is none.
func (db *DB) PulseOfPeriod(ctx context.Context, teamID, period string) (Pulse, error) {
	var row pulseRow
	if err := db.x.GetContext(ctx, &row, pulseOfPeriodQuery, teamID, period); err != nil {
		return Pulse{}, fmt.Errorf("reading the %s pulse: %w", period, MapError(err))
	}
	return row.pulse(), nil
}
