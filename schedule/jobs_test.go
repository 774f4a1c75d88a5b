package schedule_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/schedule"
)

func jobTable(channel string) []schedule.Entry {
	return schedule.Deps{
		People: bot.NewPeople(nil, "en", nil), Log: slog.New(slog.DiscardHandler), TeamID: "T0JOBS",
		Location: time.UTC, Currency: "USD", DigestChannel: channel,
		DigestSpec: "0 9 * * 1", PulseSpec: "0 10 1-7 * 1", CatchUp: 48 * time.Hour,
	}.Jobs()
}

// The one table holds every job once, on a spec cron reads, and every job
// runs once at start too, to make up a run missed while the bot was down.
// The digest and the pulse are looked for every minute, at the day and
// time the settings say then.
func TestJobTableListsEveryJobOnce(t *testing.T) {
	var names []string
	for _, e := range jobTable("C0DIGEST") {
		if _, err := cron.ParseStandard(e.Spec); err != nil {
			t.Errorf("%s: %v", e.Job.Name(), err)
		}
		if !e.CatchUp {
			t.Errorf("%s does not run at start", e.Job.Name())
		}
		if n := e.Job.Name(); (n == "digest" || n == schedule.PulseJob) && e.Spec != schedule.CheckSpec {
			t.Errorf("%s runs on %q; want every minute", n, e.Spec)
		}
		names = append(names, e.Job.Name())
	}
	want := []string{"digest", "farewell-reminders", "prune-claims", "retention", "strain-close", schedule.PulseJob}
	slices.Sort(names)
	if !slices.Equal(names, want) {
		t.Fatalf("jobs %v; want %v", names, want)
	}
}

// Without a digest channel there is nowhere to post the digest: its job
// looks and does nothing (no database, no Slack is touched).
func TestDigestJobWithoutAChannelPostsNothing(t *testing.T) {
	job := &schedule.DigestJob{Poster: &schedule.DigestPoster{TeamID: "T0JOBS", Settings: schedule.FixedSettings{DigestSpec: "* * * * *", Location: time.UTC}}, CatchUp: time.Hour}
	if err := job.Run(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
}
