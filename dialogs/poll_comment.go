package dialogs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/strain"
)

// "Say why (anonymous)": a short comment on a poll, one per person (a new
// one replaces the old), stored under a keyed hash scoped apart from the
// vote's while open and with no key at all once closed, shown in random
// order with the closed result when that is shown.

// strainMetaVersion is bumped when StrainMeta changes incompatibly.
const strainMetaVersion = 1

// StrainMeta is the private_metadata of the poll comment and pulse modals.
// It never holds the person's answers.
type StrainMeta struct {
	Version int     `json:"v"`
	Poll    int64   `json:"poll,omitempty"`
	Pulse   int64   `json:"pulse,omitempty"`
	Channel string  `json:"ch,omitempty"`  // where to answer after a submission
	Offset  int     `json:"off,omitempty"` // the pulse page's first client, counted from 0
	Clients []int64 `json:"ids,omitempty"` // the clients on the pulse page
}

// String encodes m for private_metadata (well under 3000 characters: a
// pulse page lists at most pulsePageSize ids).
func (m StrainMeta) String() string {
	m.Version = strainMetaVersion
	b, _ := json.Marshal(m) // ints and plain strings: cannot fail
	return string(b)
}

// ParseStrainMeta decodes StrainMeta.String.
func ParseStrainMeta(s string) (StrainMeta, error) {
	var m StrainMeta
	if err := decodeMeta(s, &m, &m.Version, strainMetaVersion); err != nil {
		return StrainMeta{}, err
	}
	return m, nil
}

// PollCommentView is the comment modal.
func PollCommentView(p *locale.Printer, client string, minAnswers int, meta StrainMeta) slack.ModalViewRequest {
	input := slack.NewPlainTextInputBlockElement(plain(p.T("strain.comment.placeholder")), ActionPollComment)
	input.Multiline = true
	input.MaxLength = strain.MaxCommentRunes
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackPollComment,
		PrivateMetadata: meta.String(),
		Title:           plain(locale.Clip(p.T("strain.comment.title"), 24)),
		Submit:          plain(locale.Clip(p.T("strain.comment.submit"), 24)),
		Close:           plain(locale.Clip(p.T("strain.comment.cancel"), 24)),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewContextBlock("", mrkdwn(locale.Clip(p.T("strain.comment.intro", map[string]any{"Name": bot.Escape(client), "Min": minAnswers}), blockkit.MaxContextText))),
			slack.NewInputBlock(BlockPollComment, plain(p.T("strain.comment.label")), nil, input),
		}},
	}
}

// openPollComment opens the comment modal for an open poll.
func (d *Dialogs) openPollComment(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	poll, ok, err := d.buttonPoll(ctx, r)
	if !ok {
		return err
	}
	if !poll.OpenAt(d.Now()) {
		return d.say(ctx, r, p.T("strain.vote.closed"))
	}
	_, err = d.openView(ctx, r, PollCommentView(p, poll.Client, d.MinAnswers, StrainMeta{Poll: poll.ID, Channel: r.ChannelID}), "strain.comment.open_failed")
	return err
}

// submitPollComment stores the comment under the commenter's comment key,
// replacing their earlier one. Like a vote it takes no delivery key: a
// redelivered submission writes the same row again.
func (d *Dialogs) submitPollComment(ctx context.Context, r *bot.Request) error {
	meta, err := ParseStrainMeta(r.Interaction.View.PrivateMetadata)
	if err != nil {
		return fmt.Errorf("strain comment modal: %w", err)
	}
	p := d.Catalog.For(r.Lang)
	body := clip(strings.TrimSpace(r.ViewState()[BlockPollComment][ActionPollComment].Value), strain.MaxCommentRunes)
	if body == "" {
		r.Ack(bot.ViewErrors(map[string]string{BlockPollComment: p.T("strain.comment.empty")}))
		return nil
	}
	key := strain.VoterKey(d.Secret, r.TeamID, commentScope(meta.Poll), r.UserID)
	err = d.DB.SetPollComment(ctx, r.TeamID, meta.Poll, key, body, d.Now())
	switch {
	case errors.Is(err, storage.ErrClosed), errors.Is(err, storage.ErrNotFound):
		r.Ack(bot.ViewErrors(map[string]string{BlockPollComment: p.T("strain.vote.closed")}))
		return nil
	case errors.Is(err, storage.ErrConflict):
		r.Ack(bot.ViewErrors(map[string]string{BlockPollComment: p.T("strain.comment.too_many", map[string]any{"Max": strconv.Itoa(storage.MaxPollComments)})}))
		return nil
	case err != nil:
		return err
	}
	r.Ack(nil)
	return d.send(ctx, r, meta.Channel, bot.Message{Text: p.T("strain.comment.saved")})
}

// commentScope names a poll's comments for strain.VoterKey: apart from the
// vote's scope, so a comment's key cannot be matched with a vote's.
func commentScope(pollID int64) string { return pollScope(pollID) + ":comment" }
