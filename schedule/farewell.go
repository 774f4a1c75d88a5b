package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// farewellWizardTTL is how long an abandoned farewell wizard's state is
// kept before the daily run drops it.
const farewellWizardTTL = 7 * 24 * time.Hour

// farewellStaleDays is how late an end-date reminder may still go out
// (the bot was down on the day); later it would only confuse.
const farewellStaleDays = 3

// FarewellRemindersSpec runs the reminders every morning in the team's
// zone: a week before a last working day, and on it. They catch up at
// start: a morning missed while the bot was down is made up.
const FarewellRemindersSpec = "0 9 * * *"

// Messenger sends a direct message (bot.Client does).
type Messenger interface {
	DM(ctx context.Context, userID string, m bot.Message) (string, error)
}

// FarewellReminderStale is how long a claimed reminder may go undelivered
// before another run takes it: longer than a job may run (5 minutes), so
// a live run is never raced.
const FarewellReminderStale = 10 * time.Minute

// FarewellReminders DMs the manager who decided about a client: a week
// before the last working day and on it, with a warm check-in draft 3 and
// 6 months after it, and on the boundaries' review day. It runs daily; every
// reminder is claimed in PostgreSQL before it is sent, so it goes out once
// however many replicas or runs see it.
type FarewellReminders struct {
	DB       *storage.DB
	Catalog  *locale.Catalog
	Location *time.Location // the team's zone: which day "today" is; nil: now's zone
	TeamID   string
	DM       Messenger
	People   People // the manager's language; nil: the one saved with the reminder
	Log      *slog.Logger
	// Stale is how long a claim may go undelivered before it is taken
	// again; 0 means FarewellReminderStale.
	Stale time.Duration
}

// Name implements Job.
func (FarewellReminders) Name() string { return "farewell-reminders" }

// Run sends the reminders due by now's day. A reminder that cannot be
// delivered is given back, so the next run tries again; one whose run died
// is taken again once its claim is stale.
func (j FarewellReminders) Run(ctx context.Context, now time.Time) error {
	if j.Location == nil {
		j.Location = now.Location()
	}
	today := ledger.DayIn(now, j.Location)
	due, err := j.DB.ClaimDueFarewellReminders(ctx, j.TeamID, today, j.stale())
	if err != nil {
		return err
	}
	var errs []error
	for _, r := range due {
		if err := j.send(ctx, r, today); err != nil {
			errs = append(errs, fmt.Errorf("farewell reminder %d: %w", r.ID, err))
		}
	}
	if n, err := j.DB.PruneFarewellWizards(ctx, now.Add(-farewellWizardTTL)); err != nil {
		errs = append(errs, err)
	} else if n > 0 {
		j.log().Info("abandoned farewell wizards dropped", "count", n)
	}
	return errors.Join(errs...)
}

// send DMs one claimed reminder and settles its claim, on a context of its
// own: a shutdown that cut the DM off must still hand the claim back.
func (j FarewellReminders) send(ctx context.Context, r storage.FarewellReminder, today time.Time) error {
	settle, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if stale(r, today) {
		j.log().Info("farewell reminder skipped: its day has passed", "reminder", r.ID, "kind", r.Kind, "due", r.DueOn)
		return j.DB.FarewellReminderDone(settle, r.ID)
	}
	lang := r.Lang
	if j.People != nil {
		lang = j.People.Lang(ctx, r.Manager)
	}
	if r.Kind == storage.ReminderBoundariesReview {
		review, err := j.DB.LoadBoundaryReview(ctx, r.TeamID, r.ClientID, ledger.DayIn(r.DecidedAt, j.Location), today, j.Location)
		if err != nil {
			return errors.Join(err, j.DB.ReleaseFarewellReminder(settle, r.ID))
		}
		r.Review = &review
	}
	if _, err := j.DM.DM(ctx, r.Manager, dialogs.FarewellReminderMessage(j.Catalog.For(lang), j.Catalog.For(r.Lang), r)); err != nil {
		return errors.Join(err, j.DB.ReleaseFarewellReminder(settle, r.ID))
	}
	return j.DB.FarewellReminderDone(settle, r.ID)
}

func (j FarewellReminders) stale() time.Duration {
	if j.Stale > 0 {
		return j.Stale
	}
	return FarewellReminderStale
}

// touchStaleDays is how late a check-in suggestion may still go out.
const touchStaleDays = 14

// stale reports a reminder whose moment has passed: a week-before reminder
// once the end date is here, a check-in two weeks after its day, the rest
// (end date, boundaries review) days later.
func stale(r storage.FarewellReminder, today time.Time) bool {
	switch r.Kind {
	case storage.ReminderWeekBefore:
		return !r.EndOn.After(today)
	case storage.ReminderTouch3m, storage.ReminderTouch6m:
		return today.After(r.DueOn.AddDate(0, 0, touchStaleDays))
	}
	return today.After(r.DueOn.AddDate(0, 0, farewellStaleDays))
}

func (j FarewellReminders) log() *slog.Logger {
	if j.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return j.Log
}
