package schedule

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/storage"
)

// Many workspaces: every job of the table runs for every workspace, at
// each run, with that workspace's Slack client and directory, so a
// workspace installed a minute ago gets its digest at its own time and one
// removed gets nothing more. Jobs about no workspace in particular
// (pruning claims) run once.

// Fleet is the jobs of every workspace. Base is the wiring they share;
// its TeamID, API and People are set per workspace.
type Fleet struct {
	Base Deps
	// Teams lists the workspaces to run for: installed ones, and removed
	// ones whose data waits for the retention.
	Teams   func(ctx context.Context) ([]string, error)
	Tenants bot.TenantSource
	Tokens  *TokenRefresh // nil when the app does not rotate tokens
}

// Jobs is Deps.Jobs' table, each job run for every workspace.
func (f Fleet) Jobs() []Entry {
	table := f.Base.Jobs()
	out := make([]Entry, 0, len(table)+1)
	for i, e := range table {
		if e.Job.Name() == (PruneClaims{}).Name() {
			out = append(out, e)
			continue
		}
		out = append(out, Entry{Spec: e.Spec, CatchUp: e.CatchUp, Job: fleetJob{fleet: f, index: i, name: e.Job.Name()}})
	}
	if f.Tokens != nil {
		out = append(out, Entry{Spec: CheckSpec, Job: f.Tokens, CatchUp: true})
	}
	return out
}

// For is the jobs of one workspace (what a fleet job runs for it).
func (f Fleet) For(ctx context.Context, teamID string) Deps {
	d := f.Base
	d.TeamID = teamID
	t, err := f.Tenants.For(ctx, teamID)
	if err == nil {
		d.API, d.People = t.API, t.People
	}
	// Without an install (removed, waiting for the retention) the shared
	// client stays: only the retention runs then, and it calls no Slack.
	return d
}

type fleetJob struct {
	fleet Fleet
	index int
	name  string
}

func (j fleetJob) Name() string { return j.name }

func (j fleetJob) Run(ctx context.Context, now time.Time) error {
	teams, err := j.fleet.Teams(ctx)
	if err != nil {
		return fmt.Errorf("listing workspaces: %w", err)
	}
	var errs []error
	for _, team := range teams {
		if ctx.Err() != nil {
			break
		}
		job := j.fleet.For(ctx, team).Jobs()[j.index].Job
		if err := job.Run(ctx, now); err != nil {
			errs = append(errs, fmt.Errorf("workspace %s: %w", team, err))
		}
	}
	return errors.Join(errs...)
}

// TokenRefresh refreshes, before they expire, the access tokens of the
// workspaces whose app rotates tokens: one replica refreshes each token
// (storage.Installations.Refresh holds a lock while it does).
type TokenRefresh struct {
	Installs storage.Installations
	Refresh  func(ctx context.Context, refreshToken string) (storage.Tokens, error)
	// Ahead is how long before expiry a token is refreshed; default 2 h
	// (Slack's tokens last 12 h).
	Ahead time.Duration
}

func (*TokenRefresh) Name() string { return "token-refresh" }

func (r *TokenRefresh) Run(ctx context.Context, now time.Time) error {
	ahead := r.Ahead
	if ahead <= 0 {
		ahead = 2 * time.Hour
	}
	due := now.Add(ahead)
	teams, err := r.Installs.Expiring(ctx, due)
	if err != nil {
		return err
	}
	var errs []error
	for _, team := range teams {
		if _, err := r.Installs.Refresh(ctx, team, due, r.Refresh); err != nil && !errors.Is(err, storage.ErrRefreshBusy) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
