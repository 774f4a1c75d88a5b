package storage_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

func TestClaimJobRunRaceHasOneWinner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	const racers = 10
	var (
		wg      sync.WaitGroup
		start   = make(chan struct{})
		results = make(chan bool, racers)
		errs    = make(chan error, racers)
	)
	for range racers {
		wg.Go(func() {
			<-start
			first, err := db.ClaimJobRun(ctx, "T1", "weekly-digest", "2025-W23", 0)
			if err != nil {
				errs <- err
				return
			}
			results <- first
		})
	}
	close(start)
	wg.Wait()
	close(results)
	close(errs)
	for err := range errs {
		t.Errorf("ClaimJobRun: %v", err)
	}
	winners := 0
	for first := range results {
		if first {
			winners++
		}
	}
	if winners != 1 {
		t.Errorf("%d claims won, want exactly 1", winners)
	}
}

func TestJobRunLifecycle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)

	if err := db.FinishJobRun(ctx, "T1", "digest", "2025-06-02"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("FinishJobRun before claim = %v, want ErrNotFound", err)
	}
	for _, c := range []struct{ team, period string }{{"T1", "2025-06-02"}, {"T2", "2025-06-02"}, {"T1", "2025-06-03"}} {
		if first, err := db.ClaimJobRun(ctx, c.team, "digest", c.period, 0); err != nil || !first {
			t.Errorf("ClaimJobRun(%s, %s) = %v, %v; want true", c.team, c.period, first, err)
		}
	}
	if err := db.FinishJobRun(ctx, "T1", "digest", "2025-06-02"); err != nil {
		t.Fatalf("FinishJobRun: %v", err)
	}
	var doneAt *time.Time
	if err := db.X().Get(&doneAt, `SELECT done_at FROM job_runs WHERE team_id = 'T1' AND period = '2025-06-02'`); err != nil {
		t.Fatal(err)
	}
	if doneAt == nil || time.Since(*doneAt) > time.Minute {
		t.Errorf("done_at = %v, want about now", doneAt)
	}
	if first, err := db.ClaimJobRun(ctx, "T1", "digest", "2025-06-02", 0); err != nil || first {
		t.Errorf("ClaimJobRun after finish = %v, %v; want false", first, err)
	}
}

func TestClaimJobRunTakesOverAStaleOrReleasedRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	claim := func(stale time.Duration) bool {
		t.Helper()
		first, err := db.ClaimJobRun(ctx, "T1", "strain-pulse", "2026-12", stale)
		if err != nil {
			t.Fatal(err)
		}
		return first
	}
	if !claim(time.Hour) {
		t.Fatal("the first claim lost")
	}
	if claim(time.Hour) || claim(0) {
		t.Fatal("a fresh claim was taken over")
	}
	time.Sleep(20 * time.Millisecond)
	if claim(0) {
		t.Fatal("a claim was taken over without a stale window")
	}
	if !claim(10 * time.Millisecond) {
		t.Fatal("a stale claim was not taken over")
	}
	if err := db.ReleaseJobRun(ctx, "T1", "strain-pulse", "2026-12"); err != nil {
		t.Fatal(err)
	}
	if !claim(time.Hour) {
		t.Fatal("a released run was not claimable")
	}
	if err := db.FinishJobRun(ctx, "T1", "strain-pulse", "2026-12"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if err := db.ReleaseJobRun(ctx, "T1", "strain-pulse", "2026-12"); err != nil {
		t.Fatal(err)
	}
	if claim(10 * time.Millisecond) {
		t.Fatal("a finished run was claimed again")
	}
}
