// Package schedule runs Tact's cron jobs: each job is a type with Run that
// tests call directly, its spec beside it, and every job is listed in one
// table (jobs.go, Deps.Jobs); this file is the one place they meet cron,
// with an explicit time zone and panic recovery. Jobs make themselves exactly-once
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

// DefaultGrace is how long running jobs may go on after shutdown begins
// before their context is cancelled.
const DefaultGrace = 15 * time.Second

// Job is one scheduled piece of work. now is the scheduled time in the
// scheduler's zone.
type Job interface {
	Name() string
	Run(ctx context.Context, now time.Time) error
}

// Scheduler fires jobs on cron specs read in one time zone. Jobs run on a
// context of their own, not the caller's: a SIGTERM stops new runs but
// lets a running one finish (a digest half posted is worse than a late
// one) for a bounded grace, and only then cancels it, so it can hand its
// claim back.
type Scheduler struct {
	cron    *cron.Cron
	log     *slog.Logger
	timeout time.Duration
	grace   time.Duration

	catchUp    []Job           // run once by Start
	jobs       context.Context // parent of every run; cancelled after the grace
	cancelJobs context.CancelFunc

	mu       sync.Mutex
	stopping bool
	running  sync.WaitGroup
	stopOnce sync.Once
	stopped  chan struct{}
}

// New makes a scheduler reading specs in loc; grace <= 0 means DefaultGrace.
func New(loc *time.Location, log *slog.Logger, grace time.Duration) *Scheduler {
	if grace <= 0 {
		grace = DefaultGrace
	}
	jobs, cancel := context.WithCancel(context.Background())
	return &Scheduler{
		cron:       cron.New(cron.WithLocation(loc)),
		log:        log,
		timeout:    5 * time.Minute,
		grace:      grace,
		jobs:       jobs,
		cancelJobs: cancel,
		stopped:    make(chan struct{}),
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

// Register schedules every entry; the CatchUp ones also run once when
// Start is called.
func (s *Scheduler) Register(entries []Entry) error {
	for _, e := range entries {
		if err := s.Add(e.Spec, e.Job); err != nil {
			return err
		}
		if e.CatchUp {
			s.catchUp = append(s.catchUp, e.Job)
		}
	}
	return nil
}

// Start runs the schedules, and the registered catch-up runs at once,
// until ctx ends or Stop is called. Ending ctx starts the shutdown at
// once; running jobs keep their own context.
func (s *Scheduler) Start(ctx context.Context) {
	s.cron.Start()
	for _, j := range s.catchUp {
		go s.RunNow(j)
	}
	go func() {
		select {
		case <-ctx.Done():
			s.Stop()
		case <-s.stopped:
		}
	}()
}

// Stop stops firing, gives running jobs the grace to finish, then cancels
// them and waits until they have returned. Every call waits for the same
// shutdown.
func (s *Scheduler) Stop() {
	s.stopOnce.Do(func() { go s.shutdown() })
	<-s.stopped
}

func (s *Scheduler) shutdown() {
	defer close(s.stopped)
	s.mu.Lock()
	s.stopping = true
	s.mu.Unlock()
	// cron's own Stop would wait for running jobs; the grace is ours.
	s.cron.Stop()
	idle := make(chan struct{})
	go func() { s.running.Wait(); close(idle) }()
	timer := time.NewTimer(s.grace)
	defer timer.Stop()
	select {
	case <-idle:
	case <-timer.C:
		s.log.Warn("scheduled jobs still running after the grace; cancelling them", "grace", s.grace)
		s.cancelJobs()
		<-idle
	}
	s.cancelJobs()
}

// RunNow runs a job once now, as the schedule would (for catch-up at start).
func (s *Scheduler) RunNow(job Job) {
	s.fire(job, time.Now().In(s.cron.Location()))
}

// fire runs one job with a timeout, logging failures and recovering panics
// so one bad run never stops the schedule. Nothing starts once shutdown
// has begun.
func (s *Scheduler) fire(job Job, now time.Time) {
	s.mu.Lock()
	if s.stopping {
		s.mu.Unlock()
		return
	}
	s.running.Add(1)
	s.mu.Unlock()
	defer s.running.Done()
	ctx, cancel := context.WithTimeout(s.jobs, s.timeout)
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
