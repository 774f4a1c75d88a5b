package schedule_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage/storagetest"
)

// recordingPoster remembers the periods it was asked to post.
type recordingPoster struct {
	mu      sync.Mutex
	periods []string
	days    []time.Time
	fail    bool
}

func (p *recordingPoster) PostPulse(_ context.Context, period string, now time.Time) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail {
		return errors.New("slack is down")
	}
	p.periods = append(p.periods, period)
	p.days = append(p.days, now)
	return nil
}

// robfig/cron ORs restricted day fields, as standard cron does: the
// default pulse spec alone would fire on every one of the first seven days
// and on every Monday.
func TestPulseSpecAloneFiresOnTooManyDays(t *testing.T) {
	sched, err := cron.ParseStandard("0 10 1-7 * 1")
	if err != nil {
		t.Fatal(err)
	}
	fires := 0
	at := time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)
	for {
		at = sched.Next(at)
		if at.Month() != time.December {
			break
		}
		fires++
	}
	// December 2026: the 1st–7th plus the Mondays 14, 21 and 28.
	if fires != 10 {
		t.Fatalf("the spec fired %d times in December 2026; the OR reading gives 10", fires)
	}
}

// Over two years of cron firings, the job posts once a month, each time on
// the month's first Monday, in the scheduler's zone.
func TestPulsePostsOnFirstMondaysOnly(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Fatal(err)
	}
	db := storagetest.New(t)
	poster := &recordingPoster{}
	job, err := schedule.NewPulse("0 10 1-7 * 1", "T0PULSE", 48*time.Hour, db, poster)
	if err != nil {
		t.Fatal(err)
	}
	sched, _ := cron.ParseStandard("CRON_TZ=Europe/Moscow 0 10 1-7 * 1")
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	for {
		at = sched.Next(at).In(loc)
		if at.Year() > 2027 {
			break
		}
		if err := job.Run(context.Background(), at); err != nil {
			t.Fatal(err)
		}
	}
	if len(poster.days) != 24 {
		t.Fatalf("posted %d pulses in two years, want 24: %v", len(poster.days), poster.periods)
	}
	for _, d := range poster.days {
		if d.Weekday() != time.Monday || d.Day() > 7 || d.Hour() != 10 {
			t.Errorf("posted on %s, which is not a first Monday at 10:00", d.Format(time.RFC1123))
		}
	}
	// Running again on a first Monday already claimed posts nothing more.
	if err := job.Run(context.Background(), time.Date(2027, 12, 6, 10, 0, 0, 0, loc)); err != nil {
		t.Fatal(err)
	}
	if len(poster.days) != 24 {
		t.Fatal("a claimed month was posted again")
	}
}

func TestSpecDaysMatch(t *testing.T) {
	mon := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC) // first Monday
	tue := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC) // a Tuesday among the first seven days
	mon2 := time.Date(2026, 12, 14, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		spec string
		at   time.Time
		want bool
	}{
		{"0 10 1-7 * 1", mon, true},
		{"0 10 1-7 * 1", tue, false},
		{"0 10 1-7 * 1", mon2, false},
		{"0 10 1 * *", tue, true}, // only the day of the month restricted
		{"0 10 * * 1", mon2, true},
		{"0 10 * * 1", tue, false},
		{"0 10 * * *", tue, true},
	}
	for _, c := range cases {
		got, err := schedule.SpecDaysMatch(c.spec, c.at)
		if err != nil || got != c.want {
			t.Errorf("SpecDaysMatch(%q, %s) = %v, %v; want %v", c.spec, c.at.Format("Mon 2 Jan"), got, err, c.want)
		}
	}
	if _, err := schedule.NewPulse("@every 1h", "T", 0, storagetest.New(t), &recordingPoster{}); err == nil {
		t.Error("an @every spec, which has no days, was accepted")
	}
}

// Replicas firing at the same moment post the month's pulse once.
func TestPulseRacingReplicasPostOnce(t *testing.T) {
	db := storagetest.New(t)
	poster := &recordingPoster{}
	var jobs []*schedule.Pulse
	for range 4 {
		j, err := schedule.NewPulse("0 10 1-7 * 1", "T0RACE", 0, db, poster)
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, j)
	}
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			if err := j.Run(context.Background(), at); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if len(poster.periods) != 1 || poster.periods[0] != "2026-12" {
		t.Fatalf("posted %v, want one 2026-12 pulse", poster.periods)
	}
}

func TestPulseFailedPostIsReported(t *testing.T) {
	job, err := schedule.NewPulse("0 10 1-7 * 1", "T0FAIL", 0, storagetest.New(t), &recordingPoster{fail: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := job.Run(context.Background(), time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)); err == nil {
		t.Fatal("a failed post was not reported")
	}
}

type countingCloser struct{ runs []time.Time }

func (c *countingCloser) CloseDue(_ context.Context, now time.Time) error {
	c.runs = append(c.runs, now)
	return nil
}

func TestClosePollsPassesNow(t *testing.T) {
	c := &countingCloser{}
	job := schedule.ClosePolls{Polls: c}
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	if err := job.Run(context.Background(), at); err != nil || len(c.runs) != 1 || !c.runs[0].Equal(at) {
		t.Fatalf("close job ran %v, %v", c.runs, err)
	}
	if _, err := cron.ParseStandard(schedule.ClosePollsSpec); err != nil {
		t.Fatal(err)
	}
}

// A first Monday missed while the bot was down is posted at start within
// the catch-up window, once, under that month; later it is left alone.
func TestPulseCatchesUpAMissedFirstMonday(t *testing.T) {
	db := storagetest.New(t)
	poster := &recordingPoster{}
	job, err := schedule.NewPulse("0 10 1-7 * 1", "T0CATCH", 48*time.Hour, db, poster)
	if err != nil {
		t.Fatal(err)
	}
	firstMonday := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	for _, now := range []time.Time{
		firstMonday.Add(-time.Hour),     // before it: November's first Monday is long past
		firstMonday.Add(30 * time.Hour), // the start after downtime: posts
		firstMonday.Add(31 * time.Hour), // another start: done already
	} {
		if err := job.Run(context.Background(), now); err != nil {
			t.Fatal(err)
		}
	}
	if len(poster.periods) != 1 || poster.periods[0] != "2026-12" {
		t.Fatalf("posted %v; want the 2026-12 pulse once", poster.periods)
	}
	late, err := schedule.NewPulse("0 10 1-7 * 1", "T0LATE", 48*time.Hour, db, poster)
	if err != nil {
		t.Fatal(err)
	}
	if err := late.Run(context.Background(), firstMonday.Add(49*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if len(poster.periods) != 1 {
		t.Fatalf("posted past the catch-up window: %v", poster.periods)
	}
}

// A failed post hands the month back: the next run posts it.
func TestPulseFailedPostIsRetried(t *testing.T) {
	poster := &recordingPoster{fail: true}
	job, err := schedule.NewPulse("0 10 1-7 * 1", "T0RETRY", 48*time.Hour, storagetest.New(t), poster)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	if err := job.Run(context.Background(), at); err == nil {
		t.Fatal("a failed post was not reported")
	}
	poster.fail = false
	if err := job.Run(context.Background(), at.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if len(poster.periods) != 1 || poster.periods[0] != "2026-12" {
		t.Fatalf("posted %v after the failure; want 2026-12 once", poster.periods)
	}
}
