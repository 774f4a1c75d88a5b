package dialogs

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/storage"
)

// logFromMessage serves the "Log as incident" message shortcut: the modal
// opens at once with the message's text (the trigger lasts 3 s), then
// views.update adds the message's permalink as evidence.
func (d *Dialogs) logFromMessage(ctx context.Context, r *bot.Request) error {
	cb := r.Interaction
	ts := cb.Message.Timestamp
	if ts == "" {
		ts = cb.MessageTs
	}
	f, view, err := d.openIncident(ctx, r, IncidentPrefill{Description: bot.Unescape(cb.Message.Text), Source: storage.SourceShortcut}, cb.Channel.ID)
	if err != nil || view == nil {
		return err
	}
	link, err := r.API.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: cb.Channel.ID, Ts: ts})
	if err != nil {
		// The modal is open and usable; the person can paste the link.
		d.Log.Warn("chat.getPermalink failed; incident modal left without it", "channel", cb.Channel.ID, "err", err)
		return nil
	}
	f.Links = MergeLinks([]string{link}, f.Links)
	p := d.Catalog.For(r.Lang)
	if _, err := r.API.UpdateViewContext(ctx, IncidentView(p, f), "", view.Hash, view.ID); err != nil {
		d.Log.Warn("views.update with the permalink failed", "view", view.ID, "err", err)
	}
	return nil
}
