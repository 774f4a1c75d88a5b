package schedule

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// PulseJob is the job_runs name under which each month's pulse is claimed.
const PulseJob = "strain-pulse"

// PulseStale is how long a claimed month whose poster went silent blocks
// another attempt: longer than a job may run.
const PulseStale = 10 * time.Minute

// PulsePoster posts the pulse of period ("2026-11"); posting one that
// exists already must do nothing, and an attempt whose post may have
// reached the channel unrecorded must be recognised, not doubled.
type PulsePoster interface {
	PostPulse(ctx context.Context, period string, now time.Time) error
}

// RunClaimer lets one replica claim a job's period (storage.DB does).
type RunClaimer interface {
	ClaimJobRun(ctx context.Context, teamID, job, period string, stale time.Duration) (bool, error)
	FinishJobRun(ctx context.Context, teamID, job, period string) error
	ReleaseJobRun(ctx context.Context, teamID, job, period string) error
}

// Pulse posts the monthly strain pulse, once per month across replicas,
// and catches up a firing missed while the bot was down, like the digest.
//
// Its spec's day-of-month and day-of-week are both required to match.
// Standard cron, robfig/cron included, ORs them when both are restricted:
// the default "0 10 1-7 * 1" ("first Monday at 10:00") fires on the 1st to
// the 7th AND on every Monday. The job therefore skips a firing whose day
// doesn't match both fields, which gives "first Monday" its plain meaning
// and changes nothing for specs that restrict only one of them.
type Pulse struct {
	specs   PulseSpecs
	teamID  string
	catchUp time.Duration
	claims  RunClaimer
	poster  PulsePoster
}

// PulseSpecs is the pulse's spec and zone as the workspace has them set
// now; "" is off, a nil zone is the scheduler's.
type PulseSpecs func(ctx context.Context) (spec string, loc *time.Location, err error)

// NewPulse builds the job for spec (five fields, read in the scheduler's
// zone). A firing missed by at most catchUp is posted late.
func NewPulse(spec, teamID string, catchUp time.Duration, claims RunClaimer, poster PulsePoster) (*Pulse, error) {
	if _, err := parseSpec(spec); err != nil {
		return nil, err
	}
	return NewPulseWith(func(context.Context) (string, *time.Location, error) { return spec, nil, nil }, teamID, catchUp, claims, poster)
}

// NewPulseWith builds the job reading its spec at each run, so a change
// in the workspace's settings applies at its next check.
func NewPulseWith(specs PulseSpecs, teamID string, catchUp time.Duration, claims RunClaimer, poster PulsePoster) (*Pulse, error) {
	if claims == nil || poster == nil || specs == nil {
		return nil, errors.New("pulse job: specs, claims and poster are required")
	}
	return &Pulse{specs: specs, teamID: teamID, catchUp: catchUp, claims: claims, poster: poster}, nil
}

func parseSpec(spec string) (*cron.SpecSchedule, error) {
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("pulse schedule %q: %w", spec, err)
	}
	s, ok := sched.(*cron.SpecSchedule)
	if !ok {
		// @every specs have no days to check.
		return nil, fmt.Errorf("pulse schedule %q: use five cron fields, e.g. \"0 10 1-7 * 1\"", spec)
	}
	return s, nil
}

// Name names the job in logs.
func (*Pulse) Name() string { return PulseJob }

// Run posts the pulse of the latest firing at or before now, within the
// catch-up window, whose day matches both day fields, unless a replica
// has it already. A failed post hands the month back (on a context of its
// own, so a shutdown cannot lose it) for the retry schedule or the next
// start; the poster recognises a post that did reach the channel.
func (j *Pulse) Run(ctx context.Context, now time.Time) error {
	raw, loc, err := j.specs(ctx)
	if err != nil || raw == "" {
		return err
	}
	spec, err := parseSpec(raw)
	if err != nil {
		return err
	}
	if loc != nil {
		now = now.In(loc)
	}
	// Cron fires a moment after the minute: a window of at least a
	// minute still sees that firing.
	due, ok := lastFiringWhere(spec, now, max(j.catchUp, time.Minute), func(t time.Time) bool { return daysMatch(spec, t) })
	if !ok {
		return nil
	}
	period := due.Format("2006-01")
	first, err := j.claims.ClaimJobRun(ctx, j.teamID, PulseJob, period, PulseStale)
	if err != nil || !first {
		return err
	}
	if err := j.poster.PostPulse(ctx, period, now); err != nil {
		rel, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		return errors.Join(fmt.Errorf("posting the %s pulse: %w", period, err), j.claims.ReleaseJobRun(rel, j.teamID, PulseJob, period))
	}
	return j.claims.FinishJobRun(context.WithoutCancel(ctx), j.teamID, PulseJob, period)
}

// daysMatch reports whether t's day of the month and day of the week both
// match s ("*" matches every day).
func daysMatch(s *cron.SpecSchedule, t time.Time) bool {
	return 1<<uint(t.Day())&s.Dom != 0 && 1<<uint(t.Weekday())&s.Dow != 0
}
