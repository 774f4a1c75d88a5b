// Package schedule runs Tact's cron jobs: each job is a type with Run that
// tests call directly; this file is the one place they meet cron, with an
// explicit time zone and panic recovery. Jobs make themselves exactly-once
// across replicas by claiming their period in PostgreSQL.
package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is one scheduled piece of work. now is the scheduled time in the
// scheduler's zone.
type Job interface {
	Name() string
	Run(ctx context.Context, now time.Time) error
}

// Scheduler fires jobs on cron specs read in one time zone.
type Scheduler struct {
	cron    *cron.Cron
	log     *slog.Logger
	timeout time.Duration

	mu      sync.Mutex
	ctx     context.Context
	running sync.WaitGroup
}

// New makes a scheduler reading specs in loc.
func New(loc *time.Location, log *slog.Logger) *Scheduler {
	return &Scheduler{
		cron:    cron.New(cron.WithLocation(loc)),
		log:     log,
		timeout: 5 * time.Minute,
		ctx:     context.Background(),
	}
}

// Add schedules job on a standard five-field spec.
func (s *Scheduler) Add(spec string, job Job) error {
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return fmt.Errorf("schedule %s %q: %w", job.Name(), spec, err)
	}
	s.cron.Schedule(sched, cron.FuncJob(func() { s.fire(job, time.Now().In(s.cron.Location())) }))
	return nil
}

// Start runs the schedules until Stop; jobs get a context derived from ctx.
func (s *Scheduler) Start(ctx context.Context) {
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
	s.cron.Start()
}

// Stop stops firing and waits for running jobs.
func (s *Scheduler) Stop() {
	<-s.cron.Stop().Done()
	s.running.Wait()
}

// RunNow runs a job once now, as the schedule would (for catch-up at start).
func (s *Scheduler) RunNow(job Job) {
	s.fire(job, time.Now().In(s.cron.Location()))
}

// fire runs one job with a timeout, logging failures and recovering panics
// so one bad run never stops the schedule.
func (s *Scheduler) fire(job Job, now time.Time) {
	s.running.Add(1)
	defer s.running.Done()
	s.mu.Lock()
	parent := s.ctx
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(parent, s.timeout)
	defer cancel()
	log := s.log.With("job", job.Name())
	defer func() {
		if p := recover(); p != nil {
			log.Error("scheduled job panicked", "panic", fmt.Sprint(p))
		}
	}()
	start := time.Now()
	if err := job.Run(ctx, now); err != nil {
		log.Error("scheduled job failed", "err", err)
		return
	}
	log.Debug("scheduled job done", "took", time.Since(start))
}
