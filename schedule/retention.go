package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// Retainer is what the retention job needs of storage.
type Retainer interface {
	Retention(ctx context.Context, teamID string) (int, error)
	ClaimJobRun(ctx context.Context, teamID, job, period string, stale time.Duration) (bool, error)
	FinishJobRun(ctx context.Context, teamID, job, period string) error
	EraseOldIncidentTexts(ctx context.Context, teamID string, keptFrom time.Time) (int, error)
}

// RetentionSpec runs retention nightly, in the team's zone.
const RetentionSpec = "40 3 * * *"

// Retention erases the texts and evidence of incidents older than the
// workspace keeps them (/tact retention), once a night across replicas.
type Retention struct {
	DB       Retainer
	TeamID   string
	Location *time.Location
	Log      *slog.Logger
}

// Name names the job in logs.
func (Retention) Name() string { return "retention" }

// Run erases what is older than the retention, once for the night.
func (j Retention) Run(ctx context.Context, now time.Time) error {
	months, err := j.DB.Retention(ctx, j.TeamID)
	if err != nil || months == 0 {
		return err
	}
	today := ledger.DayIn(now, j.Location)
	night := today.Format(time.DateOnly)
	first, err := j.DB.ClaimJobRun(ctx, j.TeamID, j.Name(), night, time.Hour)
	if err != nil || !first {
		return err
	}
	n, err := j.DB.EraseOldIncidentTexts(ctx, j.TeamID, today.AddDate(0, -months, 0))
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	if n > 0 {
		j.Log.Info("retention erased incident texts", "count", n, "months", months)
	}
	return j.DB.FinishJobRun(ctx, j.TeamID, j.Name(), night)
}
