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
	s := schedule.New(loc, slog.New(slog.NewTextHandler(io.Discard, nil)))
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
	s := schedule.New(time.UTC, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := s.Add("every monday", &countingJob{}); err == nil {
		t.Fatal("a bad spec was accepted")
	}
	if err := s.Add("0 9 * * 1", &countingJob{}); err != nil {
		t.Fatalf("a good spec was refused: %v", err)
	}
}
