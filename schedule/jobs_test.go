package schedule_test

import (
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

// The one table holds every job once, on a spec cron reads, and the jobs
// that make up a run missed while the bot was down are marked to run at
// start; the retries are not.
func TestJobTableListsEveryJobOnce(t *testing.T) {
	catchUp := map[string]bool{}
	var names []string
	for _, e := range jobTable("C0DIGEST") {
		if _, err := cron.ParseStandard(e.Spec); err != nil {
			t.Errorf("%s: %v", e.Job.Name(), err)
		}
		names = append(names, e.Job.Name())
		catchUp[e.Job.Name()] = e.CatchUp
	}
	want := []string{"digest", "digest-retry", "farewell-reminders", "prune-claims", "retention", "strain-close", schedule.PulseJob, schedule.PulseJob + "-retry"}
	slices.Sort(names)
	if !slices.Equal(names, want) {
		t.Fatalf("jobs %v; want %v", names, want)
	}
	for name, want := range map[string]bool{
		"digest": true, "digest-retry": false, "farewell-reminders": true, "prune-claims": true,
		"strain-close": true, "retention": true, schedule.PulseJob: true, schedule.PulseJob + "-retry": false,
	} {
		if catchUp[name] != want {
			t.Errorf("%s runs at start: %v; want %v", name, catchUp[name], want)
		}
	}
}

// Without a digest channel there is nowhere to post the digest and the
// pulse: their jobs are off, the others stay.
func TestJobTableWithoutAChannelHasNoDigestOrPulse(t *testing.T) {
	var names []string
	for _, e := range jobTable("") {
		names = append(names, e.Job.Name())
	}
	slices.Sort(names)
	if want := []string{"farewell-reminders", "prune-claims", "retention", "strain-close"}; !slices.Equal(names, want) {
		t.Errorf("jobs %v; want %v", names, want)
	}
}
