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
	UninstalledSince(ctx context.Context, teamID string) (time.Time, bool, error)
	PurgeWorkspace(ctx context.Context, teamID string) error
	ClaimJobRun(ctx context.Context, teamID, job, period string, stale time.Duration) (bool, error)
	FinishJobRun(ctx context.Context, teamID, job, period string) error
	EraseOldIncidentTexts(ctx context.Context, teamID string, keptFrom time.Time) (int, error)
}

// RetentionSpec runs retention nightly, in the team's zone.
const RetentionSpec = "40 3 * * *"

// Retention erases the texts and evidence of incidents older than the
// workspace keeps them (/tact retention), once a night across replicas;
// for a workspace that removed the app longer ago than that, everything.
type Retention struct {
	DB       Retainer
	TeamID   string
	Location *time.Location // nil: now's zone
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
	loc := j.Location
	if loc == nil {
		loc = now.Location()
	}
	today := ledger.DayIn(now, loc)
	night := today.Format(time.DateOnly)
	first, err := j.DB.ClaimJobRun(ctx, j.TeamID, j.Name(), night, time.Hour)
	if err != nil || !first {
		return err
	}
	if err := j.erase(ctx, today.AddDate(0, -months, 0)); err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	return j.DB.FinishJobRun(ctx, j.TeamID, j.Name(), night)
}

// erase erases the incident texts from before keptFrom, or everything
// when the workspace removed the app before that day.
func (j Retention) erase(ctx context.Context, keptFrom time.Time) error {
	since, gone, err := j.DB.UninstalledSince(ctx, j.TeamID)
	switch {
	case err != nil:
		return err
	case gone && since.Before(keptFrom):
		j.Log.Info("erasing the data of a workspace that removed the app", "since", since)
		return j.DB.PurgeWorkspace(ctx, j.TeamID)
	case gone:
		return nil // kept until the retention has passed, in case it comes back
	}
	n, err := j.DB.EraseOldIncidentTexts(ctx, j.TeamID, keptFrom)
	if n > 0 {
		j.Log.Info("retention erased incident texts", "count", n)
	}
	return err
}
