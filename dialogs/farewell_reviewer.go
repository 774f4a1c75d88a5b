package dialogs

import (
	"context"
	"errors"
	"strconv"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/storage"
)

// The independent reviewer (seed 004: not sales, not the account team)
// is asked by DM to look at the decision and confirm; the decision then
// shows whether and when it was reviewed.

// ActionConfirmReview records the review; the button's value is the
// decision's id, and only the reviewer named in it is heard.
const ActionConfirmReview = "farewell.confirm_review"

func (d *Dialogs) registerReviewer(r *bot.Router) {
	r.Action(ActionConfirmReview, d.scoped((*Dialogs).confirmReview))
}

// askReview DMs the reviewer the decision's summary with a button to
// confirm; nothing when no reviewer was named.
func (d *Dialogs) askReview(ctx context.Context, r *bot.Request, decision int64, dec farewell.Decision, saved storage.FarewellDrafts) error {
	reviewer := dec.Checks.Reviewer
	if reviewer == "" || reviewer == r.UserID {
		return nil
	}
	p := d.Catalog.For(dec.Lang)
	head := p.T("farewell.reviewer.ask", map[string]any{"Manager": "<@" + r.UserID + ">", "Client": bot.Escape(dec.Client)})
	blocks := []slack.Block{section(head)}
	for _, chunk := range blockkit.Split(saved.Body(string(farewell.DocSummary)), blockkit.MaxSectionText, mrkdwnLen) {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(mrkdwnKeepMentions(chunk)), nil, nil))
	}
	confirm := slack.NewButtonBlockElement(ActionConfirmReview, strconv.FormatInt(decision, 10), plain(p.T("farewell.reviewer.confirm")))
	confirm.Style = slack.StylePrimary
	blocks = append(blocks, slack.NewActionBlock("", confirm))
	ch, _, _, err := r.API.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{reviewer}})
	if err != nil {
		return err
	}
	_, err = r.API.Post(ctx, ch.ID, bot.Message{Text: head, Blocks: blocks})
	return err
}

// confirmReview records the review for the reviewer the decision names,
// checked server-side; anyone else is told who may confirm.
func (d *Dialogs) confirmReview(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	_, at, err := d.DB.MarkReviewed(ctx, r.TeamID, buttonID(r), r.UserID)
	if errors.Is(err, storage.ErrNotFound) {
		return d.say(ctx, r, p.T("farewell.reviewer.not_you"))
	}
	if err != nil {
		return err
	}
	return r.Reply(ctx, bot.Message{ReplaceOriginal: true, Text: p.T("farewell.reviewer.done", map[string]any{"Date": p.Date(at.In(d.Location))})})
}
