package dialogs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/strain"
)

// Strain polls: /strain posts one in the channel; people press a score,
// may say why in a modal, and the creator or a manager may close it early.
//
// Privacy rules these handlers keep: a vote is stored only under
// strain.VoterKey; the score travels in the button's value, never in an
// action_id (those reach logs); votes, comments and pulse answers are
// registered bot.Anonymous and take no delivery key, so nothing of a
// voter's action outlives the close but the tally; while open the message
// shows only the count; no log line here carries a user id; errors carry no
// score.

// Action ids, callback ids and blocks of the poll and pulse. Changing one
// breaks messages already posted.
const (
	// ActionPollVotePrefix starts every score button's action_id; the rest
	// is opaque (voteActionIDs). The value is VoteValue.
	ActionPollVotePrefix = "strain.vote."
	ActionPollWhy        = "strain.why"   // value: poll id
	ActionPollClose      = "strain.close" // value: poll id
	CallbackPollComment  = "strain.comment"
	BlockPollComment     = "strain.comment"
	ActionPollComment    = "strain.comment.text"

	BlockPollVote   = "strain.vote"
	BlockPollStatus = "strain.status"
	BlockPollMore   = "strain.more"
)

// closeRetryAfter is how long a closed message may stay unposted before
// another replica takes the job over from a closer that died.
const closeRetryAfter = 5 * time.Minute

// maxLiveRenders bounds one handler's re-rendering of a busy poll; the
// votes after that are shown by whoever votes next or by the close.
const maxLiveRenders = 10

// finalRenderWait is how often the closed message's renderer looks for the
// render lease while a live render finishes.
const finalRenderWait = 200 * time.Millisecond

// releaseTimeout bounds giving back the render lease, on a context of its
// own: a cancelled one must not keep others out for the whole lease.
const releaseTimeout = 5 * time.Second

func (d *Dialogs) registerPolls(r *bot.Router) {
	r.ActionPrefix(ActionPollVotePrefix, d.scoped((*Dialogs).vote), bot.Anonymous)
	r.Action(ActionPollWhy, d.scoped((*Dialogs).openPollComment), bot.Anonymous)
	r.Action(ActionPollClose, d.scoped((*Dialogs).closePollButton))
	r.ViewSubmission(CallbackPollComment, d.scoped((*Dialogs).submitPollComment), bot.Anonymous)
	r.Action(ActionPulseOpen, d.scoped((*Dialogs).openPulse), bot.Anonymous)
	r.ViewSubmission(CallbackPulsePage, d.scoped((*Dialogs).submitPulsePage), bot.Anonymous)
}

// pollHours is how long a poll or pulse stays open.
func (d *Dialogs) pollHours() time.Duration { return time.Duration(d.PollHours) * time.Hour }

// StartPoll posts a strain poll about client in the request's channel. A
// redelivered command posts nothing; a channel the bot isn't in gets the
// poster told to invite it.
func (d *Dialogs) StartPoll(ctx context.Context, r *bot.Request, client ledger.Client) error {
	p := d.Catalog.For(r.Lang)
	shared, err := r.API.SharedWithOtherOrg(ctx, r.ChannelID)
	switch {
	case slackError(err, "missing_scope"):
		// Installed before the manifest asked for conversations.info's scopes.
		return d.say(ctx, r, p.T("staff.cannot_check_channel"))
	case err != nil && !slackError(err, "channel_not_found"): // not found: the post below says to invite the bot
		return err
	case shared:
		// Another organisation's people would see the poll and could answer.
		return d.say(ctx, r, p.T("staff.ext_shared_poll"))
	}
	poll, err := d.DB.CreatePoll(ctx, deliveryOf(r), storage.NewPoll{
		ClientID: client.ID, Channel: r.ChannelID, Lang: r.Lang, CreatedBy: r.UserID, ClosesAt: d.Now().Add(d.pollHours()),
	})
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		return nil
	case err != nil:
		return err
	}
	ts, err := r.API.Post(ctx, r.ChannelID, PollMessage(p, d.pollCard(storage.PollView{Poll: poll})))
	if err != nil {
		if derr := d.DB.DeletePoll(ctx, r.TeamID, poll.ID); derr != nil {
			d.Log.Warn("deleting an unposted strain poll", "poll", poll.ID, "err", derr)
		}
		if slackError(err, "not_in_channel", "channel_not_found") {
			return d.say(ctx, r, p.T("strain.start.not_in_channel", map[string]any{"Name": bot.Escape(client.Name)}))
		}
		return fmt.Errorf("posting strain poll: %w", err)
	}
	if err := d.DB.SetPollMessage(ctx, r.TeamID, poll.ID, ts); err != nil {
		return err
	}
	return d.say(ctx, r, p.T("strain.start.posted", map[string]any{"Name": bot.Escape(client.Name), "When": When(p, poll.ClosesAt, d.Location)}))
}

// slackError reports whether err is one of Slack's error codes.
func slackError(err error, codes ...string) bool {
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		return false
	}
	for _, c := range codes {
		if se.Err == c {
			return true
		}
	}
	return false
}

// pollCard is what a poll's message shows, in its stored state.
func (d *Dialogs) pollCard(v storage.PollView) PollCard {
	return PollCard{
		PollID: v.Poll.ID, Client: v.Poll.Client, Answers: v.Answers, Min: d.MinAnswers, Shown: v.Shown, Tally: v.Tally,
		ClosesAt: v.Poll.ClosesAt, Zone: d.Location, Closed: v.Poll.Closed(), Comments: v.Comments,
		VoteIDs: voteActionIDs(d.Secret, v.Poll.TeamID, v.Poll.ID),
	}
}

// vote records a score press and confirms it privately, then refreshes
// the message.
func (d *Dialogs) vote(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	pollID, score, ok := ParseVoteValue(r.Action.Value)
	if !ok {
		return errors.New("strain vote: unreadable button value")
	}
	key := strain.VoterKey(d.Secret, r.TeamID, pollScope(pollID), r.UserID)
	closesAt, err := d.DB.Vote(ctx, r.TeamID, pollID, key, score, d.Now())
	switch {
	case errors.Is(err, storage.ErrClosed):
		return d.say(ctx, r, p.T("strain.vote.closed"))
	case errors.Is(err, storage.ErrNotFound):
		return d.say(ctx, r, p.T("strain.vote.gone"))
	case err != nil:
		return err
	}
	err = d.say(ctx, r, p.T("strain.vote.recorded", map[string]any{
		"Score": score, "Label": ScoreLabel(p, score), "When": When(p, closesAt, d.Location),
	}))
	d.renderLive(ctx, r.API, r.TeamID, pollID)
	return err
}

// renderLive brings the open poll's count up to date. One renderer per
// poll holds its message at a time, across replicas, with no transaction
// open while Slack is called; one that finds it held leaves its vote to the
// holder, who looks again after releasing. A failure only leaves the count
// behind until the next vote, so it is logged, not told to the voter.
func (d *Dialogs) renderLive(ctx context.Context, api *bot.Client, teamID string, pollID int64) {
	for range maxLiveRenders {
		got, err := d.DB.ClaimPollRender(ctx, teamID, pollID, false)
		if err != nil || !got {
			d.logRender(err, pollID)
			return
		}
		shown, err := d.updatePoll(ctx, api, teamID, pollID)
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
		rerr := d.DB.ReleasePollRender(rctx, teamID, pollID, shown, false)
		cancel()
		if err = errors.Join(err, rerr); err != nil || shown < 0 {
			d.logRender(err, pollID)
			return
		}
		behind, err := d.DB.PollBehind(ctx, teamID, pollID)
		if err != nil || !behind {
			d.logRender(err, pollID)
			return
		}
	}
}

func (d *Dialogs) logRender(err error, pollID int64) {
	if err != nil {
		d.Log.Warn("strain poll message not updated", "poll", pollID, "err", err)
	}
}

// updatePoll puts the poll's stored state in its message, within the
// render lease, and returns the count shown (-1 when nothing was shown).
func (d *Dialogs) updatePoll(ctx context.Context, api *bot.Client, teamID string, pollID int64) (int, error) {
	v, err := d.DB.PollView(ctx, teamID, pollID)
	if err != nil || v.Poll.MessageTS == "" {
		return -1, err
	}
	ctx, cancel := context.WithTimeout(ctx, storage.RenderTimeout)
	defer cancel()
	p := d.Catalog.For(v.Poll.Lang)
	if err := api.Update(ctx, v.Poll.Channel, v.Poll.MessageTS, PollMessage(p, d.pollCard(v))); err != nil {
		return -1, err
	}
	return v.Answers, nil
}

// buttonPoll reads the poll a button's value names. When the poll is
// gone it says so and returns ok=false.
func (d *Dialogs) buttonPoll(ctx context.Context, r *bot.Request) (storage.Poll, bool, error) {
	poll, err := d.DB.Poll(ctx, r.TeamID, buttonID(r))
	if errors.Is(err, storage.ErrNotFound) {
		return poll, false, d.say(ctx, r, d.Catalog.For(r.Lang).T("strain.vote.gone"))
	}
	return poll, err == nil, err
}

// closePollButton closes a poll early, for its creator or a manager.
func (d *Dialogs) closePollButton(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	poll, ok, err := d.buttonPoll(ctx, r)
	if !ok {
		return err
	}
	if poll.Closed() {
		return d.say(ctx, r, p.T("strain.close.already"))
	}
	allowed, err := mayChange(ctx, r, poll.CreatedBy)
	if err != nil {
		return err
	}
	if !allowed {
		return d.say(ctx, r, closeRefusal(p, r.Managers(ctx), When(p, poll.ClosesAt, d.Location)))
	}
	won, err := d.DB.ClosePoll(ctx, r.TeamID, poll.ID, d.Now(), d.MinAnswers)
	if err != nil {
		return err
	}
	if !won {
		return d.say(ctx, r, p.T("strain.close.already"))
	}
	return d.renderClosed(ctx, r.API, r.TeamID, poll.ID)
}

func closeRefusal(p *locale.Printer, managers, when string) string {
	if managers == "" {
		return p.T("strain.close.refused_no_managers", map[string]any{"When": when})
	}
	return p.T("strain.close.refused", map[string]any{"Managers": managers, "When": when})
}

// renderClosed replaces the poll's message with its final result, after
// any live render in flight (it waits for the render lease, which no live
// render takes once the poll is closed), and records that it did.
func (d *Dialogs) renderClosed(ctx context.Context, api *bot.Client, teamID string, pollID int64) error {
	for {
		got, err := d.DB.ClaimPollRender(ctx, teamID, pollID, true)
		if err != nil {
			return err
		}
		if got {
			break
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting to render strain poll %d: %w", pollID, ctx.Err())
		case <-time.After(finalRenderWait):
		}
	}
	shown, err := d.updatePoll(ctx, api, teamID, pollID)
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer cancel()
	return errors.Join(err, d.DB.ReleasePollRender(rctx, teamID, pollID, shown, err == nil && shown >= 0))
}

// CloseDuePolls closes the polls whose time is up at now and posts their
// results, and finishes closes a dead replica left half done. Run by a
// schedule job on every replica: each poll is closed by exactly one.
func (d *Dialogs) CloseDuePolls(ctx context.Context, api *bot.Client, teamID string, now time.Time) error {
	d = d.ForTeam(ctx, teamID)
	ids, err := d.DB.CloseDuePolls(ctx, teamID, now, closeRetryAfter, d.MinAnswers)
	if err != nil {
		return err
	}
	return eachClosed(ids, "strain poll", func(id int64) error { return d.renderClosed(ctx, api, teamID, id) })
}

// eachClosed shows every closed poll or pulse of ids with show, going on
// past failures; each error names its what ("pulse") and id.
func eachClosed(ids []int64, what string, show func(id int64) error) error {
	var errs []error
	for _, id := range ids {
		if err := show(id); err != nil {
			errs = append(errs, fmt.Errorf("%s %d: %w", what, id, err))
		}
	}
	return errors.Join(errs...)
}
