package bot

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/locale"
)

// Reply answers the user privately: through response_url when Slack gave
// one, else as an ephemeral message in the channel, else by DM. A message
// Slack refuses for its size or blocks goes again as plain text within
// Slack's limit: a clipped answer beats none. (The refusal is logged: it is
// a bug in whoever built the message.)
func (r *Request) Reply(ctx context.Context, m Message) error {
	err := r.reply(ctx, m)
	if !refusedContent(err) || (len(m.Blocks) == 0 && utf8.RuneCountInString(m.Text) <= blockkit.MaxMessageText) || m.Text == "" {
		return err
	}
	if r.log != nil {
		r.log.Warn("Slack refused a reply; sending it as plain text", "kind", r.Kind, "key", locale.Clip(r.Key, 80), "err", err)
	}
	plain := m
	plain.Blocks, plain.Text = nil, locale.Clip(m.Text, blockkit.MaxMessageText)
	if err := r.reply(ctx, plain); err != nil {
		return fmt.Errorf("replying as plain text after %w", err)
	}
	return nil
}

// refusedContent reports whether Slack refused a message for what it
// contained (blocks, length), which a plain text retry can get past.
func refusedContent(err error) bool {
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		return false
	}
	switch se.Err {
	case "invalid_blocks", "invalid_blocks_format", "msg_too_long", "too_many_blocks":
		return true
	}
	return false
}

func (r *Request) reply(ctx context.Context, m Message) error {
	switch {
	case r.ResponseURL != "":
		return r.API.Respond(ctx, r.ResponseURL, m)
	case r.ChannelID != "" && r.UserID != "":
		_, err := r.API.PostEphemeralContext(ctx, r.ChannelID, r.UserID,
			slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...))
		if err != nil {
			return fmt.Errorf("chat.postEphemeral: %w", err)
		}
		return nil
	case r.UserID != "":
		_, err := r.API.DM(ctx, r.UserID, m)
		return err
	}
	return errors.New("reply: no user to answer")
}
