package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/storage"
)

// /digest: the weekly cost-to-serve digest on demand. `/digest` is this
// week so far and `/digest last` the last full week, both just for the
// person asking; `/digest post` (managers) posts the last full week to the
// digest channel now, apart from the scheduled post.

// digestFollowUps is how many thread-sized replies follow an ephemeral
// digest: a response_url takes five posts, and the first is the digest.
const digestFollowUps = 3

// DigestPublisher posts a week's digest to the digest channel now and
// returns the channel, through the asking workspace's Slack client. A
// redelivered request fails with storage.ErrAlreadyClaimed.
type DigestPublisher interface {
	PostManual(ctx context.Context, api *bot.Client, teamID string, week digest.Week, userID, deliveryKey string) (channel string, err error)
}

func (s *Set) digestCommand() Command {
	return Command{
		Name:      "/digest",
		Summary:   "cmd.digest.summary",
		UsageHint: "[last | post]",
		Subs: []Sub{
			{Name: "", Usage: "", Summary: "cmd.digest.now", Run: s.digestNow},
			{Name: "last", Usage: "last", Summary: "cmd.digest.last", Run: s.digestLast},
			{Name: "post", Usage: "post", Summary: "cmd.digest.post", Manager: true, Run: s.digestPost},
		},
	}
}

// registerDigestActions adds the digest's "Review" button, which answers
// with the client's card privately.
func (s *Set) registerDigestActions(router *bot.Router) {
	router.Action(dialogs.ActionReviewClient, s.scoped((*Set).reviewClient))
}

func (s *Set) digestNow(ctx context.Context, r *bot.Request, _ string) error {
	today := s.Today()
	return s.replyDigest(ctx, r, digest.WeekOf(today, time.UTC), dialogs.DigestSoFar, today)
}

func (s *Set) digestLast(ctx context.Context, r *bot.Request, _ string) error {
	today := s.Today()
	return s.replyDigest(ctx, r, digest.WeekOf(today, time.UTC).Prev(), dialogs.DigestPastWeek, today)
}

// replyDigest answers with a week's digest, privately: the message, then
// what a channel post would put in its thread.
func (s *Set) replyDigest(ctx context.Context, r *bot.Request, week digest.Week, scope dialogs.DigestScope, today time.Time) error {
	report, err := s.Dialogs.DigestReport(ctx, r.TeamID, week)
	if err != nil {
		return err
	}
	manager, err := r.IsManager(ctx)
	if err != nil {
		return fmt.Errorf("checking manager: %w", err)
	}
	p := s.Catalog.For(r.Lang)
	msg, thread := dialogs.DigestMessages(p, dialogs.DigestView{Report: report, Currency: s.Currency, Scope: scope, AsOf: today, Farewell: manager})
	if err := r.Reply(ctx, msg); err != nil {
		return err
	}
	for _, m := range thread[:min(len(thread), digestFollowUps)] {
		if err := r.Reply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// digestPost posts the last full week to the digest channel (managers; the
// dispatcher has checked).
func (s *Set) digestPost(ctx context.Context, r *bot.Request, _ string) error {
	p := s.Catalog.For(r.Lang)
	week := digest.WeekOf(s.Today(), time.UTC).Prev()
	channel, err := s.Digest.PostManual(ctx, r.API, r.TeamID, week, r.UserID, r.DeliveryKey())
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		return nil // a redelivery: the first delivery answers
	case errors.Is(err, dialogs.ErrNoDigestChannel):
		return r.Reply(ctx, bot.Message{Text: p.T("digest.post.no_channel")})
	}
	if err != nil {
		return err
	}
	return r.Reply(ctx, bot.Message{Text: p.T("digest.post.done", map[string]any{
		"Range": p.DateRange(week.Start, week.End), "Channel": channel,
	})})
}

// reviewClient answers the "Review" button with the client's card.
func (s *Set) reviewClient(ctx context.Context, r *bot.Request) error {
	id, err := strconv.ParseInt(r.Action.Value, 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("review button with value %q", r.Action.Value)
	}
	msg, err := s.ClientCardFor(ctx, r, id)
	if errors.Is(err, storage.ErrNotFound) {
		return r.Reply(ctx, bot.Message{Text: s.Catalog.For(r.Lang).T("digest.review_gone")})
	}
	if err != nil {
		return err
	}
	return r.Reply(ctx, msg)
}
