package schedule_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tact-bot/tact/schedule"
)

type countingJob struct {
	runs  atomic.Int32
	fail  bool
	panic bool
	last  atomic.Value
}

func (j *countingJob) Name() string { return "counting" }

func (j *countingJob) Run(_ context.Context, now time.Time) error {
	j.runs.Add(1)
	j.last.Store(now)
	switch {
	case j.panic:
		panic("boom")
	case j.fail:
		return errors.New("failed")
	}
	return nil
}

func TestRunNowUsesTheZoneAndSurvivesPanics(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	s := schedule.New(loc, slog.New(slog.NewTextHandler(io.Discard, nil)), 0)
	s.Start(context.Background())
	defer s.Stop()
	for _, job := range []*countingJob{{}, {fail: true}, {panic: true}} {
		s.RunNow(job)
		if job.runs.Load() != 1 {
			t.Fatalf("job ran %d times", job.runs.Load())
		}
		if got := job.last.Load().(time.Time).Location(); got != loc {
			t.Fatalf("job saw zone %v, want %v", got, loc)
		}
	}
}

func TestAddRejectsBadSpecs(t *testing.T) {
	s := schedule.New(time.UTC, slog.New(slog.NewTextHandler(io.Discard, nil)), 0)
	if err := s.Add("every monday", &countingJob{}); err == nil {
		t.Fatal("a bad spec was accepted")
	}
	if err := s.Add("0 9 * * 1", &countingJob{}); err != nil {
		t.Fatalf("a good spec was refused: %v", err)
	}
}

// blockingJob runs until released or its context ends, and reports which.
type blockingJob struct {
	started  chan struct{}
	release  chan struct{}
	finished chan error
}

func newBlockingJob() *blockingJob {
	return &blockingJob{started: make(chan struct{}), release: make(chan struct{}), finished: make(chan error, 1)}
}

func (j *blockingJob) Name() string { return "blocking" }

func (j *blockingJob) Run(ctx context.Context, _ time.Time) error {
	close(j.started)
	select {
	case <-j.release:
		j.finished <- nil
	case <-ctx.Done():
		j.finished <- ctx.Err()
	}
	return nil
}

func TestShutdownLetsARunningJobFinishWithinTheGrace(t *testing.T) {
	s := schedule.New(time.UTC, slog.New(slog.DiscardHandler), 5*time.Second)
	ctx, sigterm := context.WithCancel(context.Background())
	s.Start(ctx)
	job := newBlockingJob()
	go s.RunNow(job)
	<-job.started
	sigterm()
	time.Sleep(200 * time.Millisecond) // the shutdown has begun
	late := &countingJob{}
	s.RunNow(late)
	if late.runs.Load() != 0 {
		t.Fatal("a job started after shutdown began")
	}
	close(job.release)
	s.Stop()
	if err := <-job.finished; err != nil {
		t.Fatalf("the running job was cancelled by the shutdown: %v", err)
	}
}

func TestShutdownCancelsAJobPastTheGrace(t *testing.T) {
	s := schedule.New(time.UTC, slog.New(slog.DiscardHandler), 300*time.Millisecond)
	s.Start(context.Background())
	job := newBlockingJob()
	go s.RunNow(job)
	<-job.started
	start := time.Now()
	s.Stop()
	if err := <-job.finished; !errors.Is(err, context.Canceled) {
		t.Fatalf("job ended with %v, want its context cancelled", err)
	}
	if took := time.Since(start); took < 300*time.Millisecond || took > 3*time.Second {
		t.Fatalf("Stop took %v with a 300ms grace", took)
	}
}

// Registered catch-up jobs run once when the scheduler starts, the others
// only on their spec; a bad spec stops the registration.
func TestRegisterRunsCatchUpJobsAtStart(t *testing.T) {
	s := schedule.New(time.UTC, slog.New(slog.DiscardHandler), 0)
	catchUp, onSpec := &countingJob{}, &countingJob{}
	if err := s.Register([]schedule.Entry{
		{Spec: "0 0 1 1 *", Job: catchUp, CatchUp: true},
		{Spec: "0 0 1 1 *", Job: onSpec},
	}); err != nil {
		t.Fatal(err)
	}
	s.Start(context.Background())
	deadline := time.Now().Add(5 * time.Second)
	for catchUp.runs.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	s.Stop()
	if catchUp.runs.Load() != 1 || onSpec.runs.Load() != 0 {
		t.Errorf("at start the catch-up job ran %d times, the other %d; want 1 and 0", catchUp.runs.Load(), onSpec.runs.Load())
	}
	if err := schedule.New(time.UTC, slog.New(slog.DiscardHandler), 0).Register([]schedule.Entry{{Spec: "every monday", Job: &countingJob{}}}); err == nil {
		t.Error("a bad spec was registered")
	}
}
