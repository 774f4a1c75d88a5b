package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/settings"
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
	// Settings, when set, are read at every run: the digest's and pulse's
	// channel, day, time, zone, language and currency as the workspace's
	// managers set them in Slack. Unset, the fields above are used.
	Settings dialogs.Settings
}

// settings is the source the digest and pulse jobs read: Settings, or
// the fields of d when it is unset.
func (d Deps) settings() dialogs.Settings {
	if d.Settings != nil {
		return d.Settings
	}
	return FixedSettings{
		DigestChannel: d.DigestChannel, DigestSpec: d.DigestSpec, PulseSpec: d.PulseSpec,
		Currency: d.Currency, Location: d.Location, Language: d.People.DefaultLang(),
	}
}

// FixedSettings is one workspace's settings that never change (the
// environment's alone, or a test's).
type FixedSettings settings.Workspace

// For is the settings, with the rules settings.Merge applies to any.
func (f FixedSettings) For(context.Context, string) (settings.Workspace, error) {
	return settings.Merge(settings.Workspace(f), settings.Stored{}), nil
}

// Jobs is the table of every scheduled job of the product.
func (d Deps) Jobs() []Entry {
	all := []Entry{
		{Spec: PruneClaimsSpec, Job: PruneClaims{DB: d.DB}, CatchUp: true},
		{Spec: ClosePollsSpec, Job: ClosePolls{Polls: d.strain()}, CatchUp: true},
		{Spec: FarewellRemindersSpec, Job: d.inZone(d.farewellReminders()), CatchUp: true},
		{Spec: RetentionSpec, Job: d.inZone(Retention{DB: d.DB, TeamID: d.TeamID, Log: d.Log}), CatchUp: true},
	}
	all = append(all, d.digestJobs()...)
	all = append(all, d.pulseJobs()...)
	for i := range all {
		if all[i].Job.Name() != "retention" { // retention also erases an uninstalled workspace
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

// DigestPoster posts to the digest channel the workspace's settings name
// at each post, for the job and for /digest post.
func (d Deps) DigestPoster() *DigestPoster {
	return &DigestPoster{
		DB: d.DB, API: d.API, Catalog: d.Catalog, TeamID: d.TeamID, Log: d.Log, Settings: d.settings(),
	}
}

// ManualDigests posts /digest post for whichever workspace asks, with
// that workspace's Slack client.
type ManualDigests struct{ Deps Deps }

// PostManual posts the week's digest to the workspace's digest channel.
func (m ManualDigests) PostManual(ctx context.Context, api *bot.Client, teamID string, week digest.Week, userID, deliveryKey string) (string, error) {
	d := m.Deps
	d.TeamID, d.API = teamID, api
	return d.DigestPoster().PostManual(ctx, week, userID, deliveryKey)
}

// digestJobs look every minute whether the weekly digest is due, at the
// day and time the workspace's settings say then, and post it; the first
// look at start makes up one missed while the bot was down, and later
// looks retry a failed post. Every replica looks; the claim in PostgreSQL
// lets one of them post, once. Without a digest channel nothing is posted.
func (d Deps) digestJobs() []Entry {
	job := &DigestJob{Poster: d.DigestPoster(), CatchUp: d.CatchUp}
	return []Entry{{Spec: CheckSpec, Job: job, CatchUp: true}}
}

// pulseJobs look for the monthly pulse like the digest: every minute, at
// start for one missed within the catch-up window, and again after a
// failure.
func (d Deps) pulseJobs() []Entry {
	src := d.settings()
	specs := func(ctx context.Context) (string, *time.Location, error) {
		ws, err := src.For(ctx, d.TeamID)
		return ws.PulseSpec, ws.Location, err
	}
	pulse, err := NewPulseWith(specs, d.TeamID, d.CatchUp, d.DB, d.strain())
	if err != nil {
		d.Log.Error("monthly strain pulse is off", "err", err)
		return nil
	}
	return []Entry{{Spec: CheckSpec, Job: pulse, CatchUp: true}}
}

func (d Deps) farewellReminders() FarewellReminders {
	return FarewellReminders{DB: d.DB, Catalog: d.Catalog, TeamID: d.TeamID, Log: d.Log, DM: d.API, People: d.People}
}

// inZone runs job with now read in the workspace's zone as its settings
// say at that run: which day "today" is follows a zone changed in Slack.
func (d Deps) inZone(job Job) Job {
	return zoned{Job: job, settings: d.settings(), teamID: d.TeamID}
}

type zoned struct {
	Job
	settings dialogs.Settings
	teamID   string
}

func (z zoned) Run(ctx context.Context, now time.Time) error {
	ws, err := z.settings.For(ctx, z.teamID)
	if err != nil {
		return fmt.Errorf("reading the workspace's settings: %w", err)
	}
	if ws.Location != nil {
		now = now.In(ws.Location)
	}
	return z.Job.Run(ctx, now)
}

func (d Deps) strain() strainSlack {
	return strainSlack{polls: d.Polls, api: d.API, teamID: d.TeamID, settings: d.settings()}
}

// strainSlack gives the poll jobs the bot's Slack client and workspace.
type strainSlack struct {
	polls    StrainPolls
	api      *bot.Client
	teamID   string
	settings dialogs.Settings
}

func (s strainSlack) CloseDue(ctx context.Context, now time.Time) error {
	return errors.Join(
		s.polls.CloseDuePolls(ctx, s.api, s.teamID, now),
		s.polls.ClosePulses(ctx, s.api, s.teamID, now),
	)
}

func (s strainSlack) PostPulse(ctx context.Context, period string, now time.Time) error {
	ws, err := s.settings.For(ctx, s.teamID)
	if err != nil {
		return fmt.Errorf("reading the workspace's settings: %w", err)
	}
	if ws.DigestChannel == "" {
		return errors.New("the pulse is due but no digest channel is set")
	}
	return s.polls.PostPulse(ctx, s.api, s.teamID, ws.DigestChannel, ws.Language, period, now)
}
