package main

import (
	"context"
	"errors"
	"time"

	"github.com/tact-bot/tact/schedule"
)

// pollJobs closes strain polls and pulses every minute (and once at start,
// for those due while the bot was down) and posts the monthly pulse on
// PULSE_SCHEDULE. Like the digest, a pulse missed while the bot was down
// is posted at start when at most DIGEST_CATCHUP_HOURS late, and a failed
// one is retried every few minutes. Without DIGEST_CHANNEL there is
// nowhere to post it.
func (a *app) pollJobs() []scheduled {
	s := strainJobs{a}
	jobs := []scheduled{{spec: schedule.ClosePollsSpec, job: schedule.ClosePolls{Polls: s}, catchUp: true}}
	if a.cfg.DigestChannel == "" {
		a.log.Warn("DIGEST_CHANNEL is not set: the monthly strain pulse is off")
		return jobs
	}
	pulse, err := schedule.NewPulse(a.cfg.PulseSchedule, a.teamID, a.cfg.DigestCatchup, a.db, s)
	if err != nil {
		// The spec was checked when the configuration was read.
		a.log.Error("monthly strain pulse is off", "err", err)
		return jobs
	}
	return append(jobs,
		scheduled{spec: a.cfg.PulseSchedule, job: pulse, catchUp: true},
		scheduled{spec: schedule.DigestRetrySpec, job: pulse.Retry()})
}

// strainJobs gives the schedule jobs the bot's Slack client and workspace.
type strainJobs struct{ a *app }

func (s strainJobs) CloseDue(ctx context.Context, now time.Time) error {
	return errors.Join(
		s.a.dialogs.CloseDuePolls(ctx, s.a.api, s.a.teamID, now),
		s.a.dialogs.ClosePulses(ctx, s.a.api, s.a.teamID, now),
	)
}

func (s strainJobs) PostPulse(ctx context.Context, period string, now time.Time) error {
	return s.a.dialogs.PostPulse(ctx, s.a.api, s.a.teamID, s.a.cfg.DigestChannel, s.a.people.DefaultLang(), period, now)
}
