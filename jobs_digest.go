package main

import (
	"github.com/tact-bot/tact/commands"
	"github.com/tact-bot/tact/schedule"
)

// The weekly digest: posted on DIGEST_SCHEDULE, made up at start when the
// bot was down at that time (within DIGEST_CATCHUP_HOURS), and looked at
// again every few minutes so a failed post is retried. Every replica runs
// all three; the claim in PostgreSQL lets one of them post, once.

// digestPoster posts to DIGEST_CHANNEL; nil when it is not set.
func (a *app) digestPoster() *schedule.DigestPoster {
	if a.cfg.DigestChannel == "" {
		return nil
	}
	return &schedule.DigestPoster{
		DB: a.db, API: a.api, Catalog: a.cat, TeamID: a.teamID, Channel: a.cfg.DigestChannel,
		Lang: a.people.DefaultLang(), Currency: a.cfg.Currency, Location: a.cfg.Location, Log: a.log,
	}
}

// digestPublisher is the poster as /digest post uses it; nil (an untyped
// nil, so the command can tell) without a digest channel.
func (a *app) digestPublisher() commands.DigestPublisher {
	if p := a.digestPoster(); p != nil {
		return p
	}
	return nil
}

// digestJob is the scheduled digest; nil without a digest channel.
func (a *app) digestJob() *schedule.DigestJob {
	p := a.digestPoster()
	if p == nil {
		return nil
	}
	return &schedule.DigestJob{Poster: p, Spec: a.cfg.DigestSchedule, CatchUp: a.cfg.DigestCatchup, Location: a.cfg.Location}
}

func (a *app) digestJobs() []scheduled {
	job := a.digestJob()
	if job == nil {
		a.log.Info("DIGEST_CHANNEL is not set: the weekly digest is off")
		return nil
	}
	return []scheduled{
		{spec: a.cfg.DigestSchedule, job: job, catchUp: true},
		{spec: schedule.DigestRetrySpec, job: job.Retry()},
	}
}
