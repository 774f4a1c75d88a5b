package schedule

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// Entry is one job on its cron spec. CatchUp jobs also run once at start,
// so a run missed while the bot was down is made up (the job decides
// whether anything was missed).
type Entry struct {
	Spec    string
	Job     Job
	CatchUp bool
}

// StrainPolls closes strain polls and pulses and posts the monthly pulse
// (dialogs does); each close and post happens once across replicas.
type StrainPolls interface {
	CloseDuePolls(ctx context.Context, api *bot.Client, teamID string, now time.Time) error
	ClosePulses(ctx context.Context, api *bot.Client, teamID string, now time.Time) error
	PostPulse(ctx context.Context, api *bot.Client, teamID, channel, lang, period string, now time.Time) error
}

// People is who a user is, as the jobs need it (bot.People is).
type People interface {
	Lang(ctx context.Context, userID string) string
	DefaultLang() string
}

// Deps is everything the product's jobs are built from; main wires it.
type Deps struct {
	DB       *storage.DB
	API      *bot.Client
	People   People
	Polls    StrainPolls
	Catalog  *locale.Catalog
	Log      *slog.Logger
	TeamID   string // the workspace this bot is installed in
	Location *time.Location
	Currency string
	// DigestChannel gets the weekly digest and the monthly pulse; without
	// it both are off.
	DigestChannel string
	DigestSpec    string        // DIGEST_SCHEDULE
	PulseSpec     string        // PULSE_SCHEDULE
	CatchUp       time.Duration // DIGEST_CATCHUP_HOURS, for the digest and the pulse
}

// Jobs is the table of every scheduled job of the product.
func (d Deps) Jobs() []Entry {
	all := []Entry{
		{Spec: PruneClaimsSpec, Job: PruneClaims{DB: d.DB}, CatchUp: true},
		{Spec: ClosePollsSpec, Job: ClosePolls{Polls: d.strain()}, CatchUp: true},
		{Spec: FarewellRemindersSpec, Job: d.farewellReminders(), CatchUp: true},
		{Spec: RetentionSpec, Job: Retention{DB: d.DB, TeamID: d.TeamID, Location: d.Location, Log: d.Log}, CatchUp: true},
	}
	all = append(all, d.digestJobs()...)
	all = append(all, d.pulseJobs()...)
	for i := range all {
		if _, keeps := all[i].Job.(Retention); !keeps { // retention also erases an uninstalled workspace
			all[i].Job = whileInstalled{Job: all[i].Job, DB: d.DB, TeamID: d.TeamID}
		}
	}
	return all
}

// Installs tells whether a workspace removed the app.
type Installs interface {
	UninstalledSince(ctx context.Context, teamID string) (time.Time, bool, error)
}

// whileInstalled runs a job only while the workspace has the app: once it
// is uninstalled nothing more is posted.
type whileInstalled struct {
	Job
	DB     Installs
	TeamID string
}

func (w whileInstalled) Run(ctx context.Context, now time.Time) error {
	if _, gone, err := w.DB.UninstalledSince(ctx, w.TeamID); err != nil || gone {
		return err
	}
	return w.Job.Run(ctx, now)
}

// DigestPoster posts to the digest channel, for the job and for /digest
// post; nil when there is no channel.
func (d Deps) DigestPoster() *DigestPoster {
	if d.DigestChannel == "" {
		return nil
	}
	return &DigestPoster{
		DB: d.DB, API: d.API, Catalog: d.Catalog, TeamID: d.TeamID, Channel: d.DigestChannel,
		Lang: d.People.DefaultLang(), Currency: d.Currency, Location: d.Location, Log: d.Log,
	}
}

// digestJobs post the weekly digest on its spec, make it up at start when
// the bot was down at that time, and look again every few minutes so a
// failed post is retried. Every replica runs all three; the claim in
// PostgreSQL lets one of them post, once.
func (d Deps) digestJobs() []Entry {
	p := d.DigestPoster()
	if p == nil {
		d.Log.Info("DIGEST_CHANNEL is not set: the weekly digest is off")
		return nil
	}
	job := &DigestJob{Poster: p, Spec: d.DigestSpec, CatchUp: d.CatchUp, Location: d.Location}
	return []Entry{
		{Spec: d.DigestSpec, Job: job, CatchUp: true},
		{Spec: DigestRetrySpec, Job: job.Retry()},
	}
}

// pulseJobs post the monthly pulse like the digest: on its spec, caught up
// at start within the catch-up window, retried every few minutes.
func (d Deps) pulseJobs() []Entry {
	if d.DigestChannel == "" {
		d.Log.Warn("DIGEST_CHANNEL is not set: the monthly strain pulse is off")
		return nil
	}
	pulse, err := NewPulse(d.PulseSpec, d.TeamID, d.CatchUp, d.DB, d.strain())
	if err != nil {
		// The spec was checked when the configuration was read.
		d.Log.Error("monthly strain pulse is off", "err", err)
		return nil
	}
	return []Entry{
		{Spec: d.PulseSpec, Job: pulse, CatchUp: true},
		{Spec: DigestRetrySpec, Job: pulse.Retry()},
	}
}

func (d Deps) farewellReminders() FarewellReminders {
	return FarewellReminders{DB: d.DB, Catalog: d.Catalog, Location: d.Location, TeamID: d.TeamID, Log: d.Log, DM: d.API, People: d.People}
}

func (d Deps) strain() strainSlack {
	return strainSlack{polls: d.Polls, api: d.API, teamID: d.TeamID, channel: d.DigestChannel, people: d.People}
}

// strainSlack gives the poll jobs the bot's Slack client and workspace.
type strainSlack struct {
	polls           StrainPolls
	api             *bot.Client
	teamID, channel string
	people          People
}

func (s strainSlack) CloseDue(ctx context.Context, now time.Time) error {
	return errors.Join(
		s.polls.CloseDuePolls(ctx, s.api, s.teamID, now),
		s.polls.ClosePulses(ctx, s.api, s.teamID, now),
	)
}

func (s strainSlack) PostPulse(ctx context.Context, period string, now time.Time) error {
	return s.polls.PostPulse(ctx, s.api, s.teamID, s.channel, s.people.DefaultLang(), period, now)
}
