package schedule

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/settings"
	"github.com/tact-bot/tact/storage"
)

// The weekly digest in the digest channel. Every replica runs the job; the
// week is claimed in PostgreSQL before anything is posted, and each step
// (message, thread replies, chart) is recorded as it lands, so the digest
// goes out once across replicas and restarts, and a failed post is retried
// from where it stopped instead of being lost or doubled.

// DigestStale is how long a claim whose poster went silent blocks a retry.
// It outlasts a job's run (the scheduler's timeout is 5 minutes), so a live
// poster is never raced by a retry.
const DigestStale = 10 * time.Minute

// CheckSpec is how often replicas look for a digest or pulse that is due
// (at the time the workspace's settings say now) but not yet (completely)
// posted: every minute, so a time changed in Slack is kept to the minute
// and a failed post is retried.
const CheckSpec = "* * * * *"

// DigestPoster posts a week's digest to the digest channel.
type DigestPoster struct {
	DB      *storage.DB
	API     *bot.Client
	Catalog *locale.Catalog
	TeamID  string
	Log     *slog.Logger
	Stale   time.Duration // 0 means DigestStale
	// Settings give the channel, its language (the workspace's), the
	// currency, the zone and the schedule, read at each post and run.
	Settings dialogs.Settings

	ws settings.Workspace // as read by current
}

// current is the poster with the workspace's settings in force now.
func (d *DigestPoster) current(ctx context.Context) (*DigestPoster, error) {
	ws, err := d.Settings.For(ctx, d.TeamID)
	if err != nil {
		return nil, fmt.Errorf("reading the workspace's settings: %w", err)
	}
	c := *d
	c.ws = ws
	return &c, nil
}

// PostScheduled posts week's scheduled digest unless another claimer has
// it. posted reports whether this call did the posting (or finished it).
func (d *DigestPoster) PostScheduled(ctx context.Context, week digest.Week) (posted bool, err error) {
	if d, err = d.current(ctx); err != nil || d.ws.DigestChannel == "" {
		return false, err
	}
	stale := d.Stale
	if stale <= 0 {
		stale = DigestStale
	}
	post, ok, err := d.DB.ClaimScheduledDigest(ctx, d.TeamID, week.Start, d.ws.DigestChannel, stale)
	if err != nil || !ok {
		return false, err
	}
	if post.Attempts > 1 {
		d.log().Info("retrying the digest", "week", week.Start.Format(time.DateOnly), "attempt", post.Attempts, "status", post.Status)
	}
	if err := d.publish(ctx, post, week); err != nil {
		return false, err
	}
	return true, nil
}

// PostManual posts week's digest now, for a manager: it has a row of its
// own, so the scheduled digest still goes out. A redelivered request
// fails with storage.ErrAlreadyClaimed and posts nothing. It returns the
// channel posted to.
func (d *DigestPoster) PostManual(ctx context.Context, week digest.Week, userID, deliveryKey string) (string, error) {
	d, err := d.current(ctx)
	if err != nil {
		return "", err
	}
	if d.ws.DigestChannel == "" {
		return "", dialogs.ErrNoDigestChannel
	}
	post, err := d.DB.ClaimManualDigest(ctx, storage.Delivery{TeamID: d.TeamID, UserID: userID, Key: deliveryKey}, week.Start, d.ws.DigestChannel)
	if err != nil {
		return "", err
	}
	return d.ws.DigestChannel, d.publish(ctx, post, week)
}

// publish does what post has not done yet: the message, the thread
// replies, the chart; each recorded before the next.
func (d *DigestPoster) publish(ctx context.Context, post storage.DigestPost, week digest.Week) error {
	in, err := d.DB.DigestInput(ctx, d.TeamID, week, d.ws.Location)
	if err != nil {
		return d.fail(ctx, post, fmt.Errorf("loading the digest: %w", err), true)
	}
	report := digest.Build(in)
	p := d.Catalog.For(d.ws.Language)
	msg, thread := dialogs.DigestMessages(p, dialogs.DigestView{Report: report, Currency: d.ws.Currency, Farewell: true})
	ts, err := d.postMessage(ctx, post, msg)
	if err != nil {
		return err
	}
	for i := post.ThreadPosted; i < len(thread); i++ {
		if _, err := d.API.Post(ctx, post.ChannelID, thread[i], slack.MsgOptionTS(ts)); err != nil {
			return d.fail(ctx, post, fmt.Errorf("thread reply %d: %w", i+1, err), false)
		}
		if err := d.record(ctx, func(ctx context.Context) error { return d.DB.DigestThreadPosted(ctx, post, i+1) }); err != nil {
			return err
		}
	}
	if post.ChartFileID == "" {
		id, err := d.uploadChart(ctx, p, report, post.ChannelID, ts)
		if err != nil {
			return d.fail(ctx, post, err, false)
		}
		if id != "" {
			if err := d.record(ctx, func(ctx context.Context) error { return d.DB.DigestChartUploaded(ctx, post, id) }); err != nil {
				return err
			}
		}
	}
	return d.record(ctx, func(ctx context.Context) error { return d.DB.DigestPostDone(ctx, post) })
}

// DigestEventType is the message metadata event type of a digest message.
const DigestEventType = "tact_digest"

// digestMark is the metadata a digest's message carries: which team,
// week and kind (and, for a manual post, which), so a retry can recognise
// it in the channel.
func digestMark(post storage.DigestPost) bot.Mark {
	m := bot.Mark{EventType: DigestEventType, Payload: map[string]string{
		"team": post.TeamID, "week": post.WeekStart.Format(time.DateOnly), "kind": post.Kind,
	}}
	if post.Kind == storage.DigestManual {
		m.Payload["post"] = strconv.FormatInt(post.ID, 10)
	}
	return m
}

// postMessage posts the digest's message unless it is out already: once
// recorded, or, on a retry whose earlier attempt may have posted it
// without recording it, once found in the channel by its mark.
func (d *DigestPoster) postMessage(ctx context.Context, post storage.DigestPost, msg bot.Message) (string, error) {
	if post.MessageTS != "" {
		return post.MessageTS, nil
	}
	mark := digestMark(post)
	if post.Attempts > 1 {
		ts, err := d.API.FindPosted(ctx, post.ChannelID, mark, post.WeekStart)
		if err != nil {
			return "", d.fail(ctx, post, fmt.Errorf("looking for an earlier attempt's message: %w", err), true)
		}
		if ts != "" {
			d.log().Info("digest message of an earlier attempt found; not posting it again", "week", post.WeekStart.Format(time.DateOnly), "ts", ts)
			return ts, d.record(ctx, func(ctx context.Context) error { return d.DB.DigestMessagePosted(ctx, post, ts) })
		}
	}
	ts, err := d.API.Post(ctx, post.ChannelID, msg, mark.Option())
	if err != nil {
		// Refused, nothing is in the channel; cut off by shutdown, it may
		// be, and the next attempt finds it by its mark: either way
		// another replica or the next start may take the digest now.
		return "", d.fail(ctx, post, err, bot.Refused(err) || ctx.Err() != nil)
	}
	return ts, d.record(ctx, func(ctx context.Context) error { return d.DB.DigestMessagePosted(ctx, post, ts) })
}

// uploadChart puts the chart in the digest's thread through the files v2
// flow (files.getUploadURLExternal, the bytes, files.completeUploadExternal
// with the thread ts). It returns the file's id, "" when there was nothing
// to draw.
func (d *DigestPoster) uploadChart(ctx context.Context, p *locale.Printer, r digest.Report, channel, ts string) (string, error) {
	png, err := dialogs.DigestChart(p, r, d.ws.Currency)
	if err != nil || png == nil {
		return "", err
	}
	rng := p.DateRange(r.Week.Start, r.Week.End)
	f, err := d.API.UploadFileContext(ctx, slack.UploadFileParameters{
		Reader:          bytes.NewReader(png),
		FileSize:        len(png),
		Filename:        "digest-" + r.Week.Start.Format(time.DateOnly) + ".png",
		Title:           p.T("digest.chart.title", map[string]any{"Range": rng}),
		AltTxt:          p.T("digest.chart.alt", map[string]any{"Range": rng}),
		InitialComment:  p.T("digest.chart.comment"),
		Channel:         channel,
		ThreadTimestamp: ts,
	})
	if err != nil {
		return "", fmt.Errorf("uploading the chart: %w", err)
	}
	return f.ID, nil
}

// fail records why a step failed and returns err. retryNow says nothing
// reached the channel, so the digest may be claimed again at once.
func (d *DigestPoster) fail(ctx context.Context, post storage.DigestPost, err error, retryNow bool) error {
	// The failure is recorded even when the run's context is ending.
	rec, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if rerr := d.DB.DigestPostFailed(rec, post, err.Error(), retryNow); rerr != nil {
		d.log().Error("recording a failed digest post", "err", rerr)
	}
	return fmt.Errorf("posting the digest of %s: %w", post.WeekStart.Format(time.DateOnly), err)
}

// record saves a step that already happened in Slack, retrying a while
// and on a context of its own: losing the record would post the step
// again on the next attempt, so not even shutdown cuts it short.
func (d *DigestPoster) record(ctx context.Context, save func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	wait := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := save(ctx)
		if err == nil || attempt == 5 {
			return err
		}
		d.log().Warn("recording a digest step failed; retrying", "err", err, "attempt", attempt)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return fmt.Errorf("%w (%w)", err, ctx.Err())
		}
		wait *= 2
	}
}

func (d *DigestPoster) log() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}

// DigestJob posts the scheduled digest: at the time the workspace's
// settings name and, on start or on a later check, for a time it missed
// within CatchUp.
type DigestJob struct {
	Poster  *DigestPoster
	CatchUp time.Duration
}

// Name names the job in logs.
func (j *DigestJob) Name() string { return "digest" }

// Run posts the digest of the full week before the latest time the spec
// fired at or before now, when that was at most CatchUp ago and nobody has
// posted it yet. Any number of runs, on any number of replicas, post it
// once.
func (j *DigestJob) Run(ctx context.Context, now time.Time) error {
	p, err := j.Poster.current(ctx)
	if err != nil || p.ws.DigestChannel == "" {
		return err
	}
	loc := p.ws.Location
	due, ok, err := LastFiring(p.ws.DigestSpec, loc, now, j.CatchUp)
	if err != nil || !ok {
		return err
	}
	week := digest.WeekOf(due, loc).Prev()
	posted, err := j.Poster.PostScheduled(ctx, week)
	if err != nil {
		return err
	}
	if posted {
		j.Poster.log().Info("digest posted", "week", week.Start.Format(time.DateOnly), "due", due)
	}
	return nil
}

// LastFiring returns the latest time at or before now that spec (a
// standard five-field cron spec) fires in loc, looking back at most
// window; ok is false when it did not fire in that window. robfig/cron
// only answers "next", so it walks forward from the window's start.
func LastFiring(spec string, loc *time.Location, now time.Time, window time.Duration) (last time.Time, ok bool, err error) {
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("digest schedule %q: %w", spec, err)
	}
	last, ok = lastFiringWhere(sched, now.In(loc), window, func(time.Time) bool { return true })
	return last, ok, nil
}

// lastFiringWhere is the latest firing of sched in [now-window, now] that
// keep accepts, read in now's zone.
func lastFiringWhere(sched cron.Schedule, now time.Time, window time.Duration, keep func(time.Time) bool) (last time.Time, ok bool) {
	from := now.Add(-window)
	// Next is strictly after its argument, so start a second early to
	// count a firing at the window's very start.
	for t := sched.Next(from.Add(-time.Second)); !t.IsZero() && !t.After(now); t = sched.Next(t) {
		if !t.Before(from) && keep(t) {
			last, ok = t, true
		}
	}
	return last, ok
}
