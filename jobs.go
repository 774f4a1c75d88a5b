package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage"
)

// app is what the running bot is made of, for the parts built after the
// router: scheduled jobs.
type app struct {
	cfg     *config
	db      *storage.DB
	cat     *locale.Catalog
	log     *slog.Logger
	api     *bot.Client
	people  *bot.People
	dialogs *dialogs.Dialogs
	teamID  string // the workspace this bot is installed in (auth.test)
	secret  []byte
	// jobGrace is how long scheduled jobs may run on after shutdown
	// begins (0: schedule.DefaultGrace).
	jobGrace time.Duration
}

// scheduled is a job on its cron spec; catchUp jobs also run once at start,
// so a run missed while the bot was down is made up (the job decides
// whether anything was missed).
type scheduled struct {
	spec    string
	job     schedule.Job
	catchUp bool
}

// jobs lists every scheduled job of the product.
func (a *app) jobs() []scheduled {
	all := []scheduled{{spec: schedule.PruneClaimsSpec, job: schedule.PruneClaims{DB: a.db}, catchUp: true}}
	all = append(all, a.pollJobs()...)
	all = append(all, a.digestJobs()...)
	all = append(all, a.farewellJobs()...)
	return all
}

// startSchedules starts the cron jobs in the team's zone.
func (a *app) startSchedules(ctx context.Context) (func(), error) {
	s := schedule.New(a.cfg.Location, a.log, a.jobGrace)
	var catchUp []schedule.Job
	for _, j := range a.jobs() {
		if err := s.Add(j.spec, j.job); err != nil {
			return nil, usageError{err}
		}
		if j.catchUp {
			catchUp = append(catchUp, j.job)
		}
	}
	s.Start(ctx)
	for _, j := range catchUp {
		go s.RunNow(j)
	}
	return s.Stop, nil
}
