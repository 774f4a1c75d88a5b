package dialogs

import (
	"context"
	"errors"
	"fmt"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/storage"
)

// Resending the farewell drafts: the decision is saved before its DM goes
// out, so a DM that failed leaves a saved decision whose drafts nobody
// received. The client's card then offers managers "Resend drafts".

// ActionResendDrafts DMs the client's latest farewell drafts to the
// manager who pressed it; the button's value is the client's id.
const ActionResendDrafts = "farewell.resend_drafts"

func (d *Dialogs) registerFarewellResend(r *bot.Router) {
	r.Action(ActionResendDrafts, d.scoped((*Dialogs).resendDrafts))
}

// resendDrafts checks, server-side, that the presser is a manager (the
// card may be in a channel, and a payload can be forged), then DMs them
// the drafts and records that they arrived.
func (d *Dialogs) resendDrafts(ctx context.Context, r *bot.Request) error {
	c, ok, err := d.farewellClient(ctx, r)
	if !ok {
		return err
	}
	p := d.Catalog.For(r.Lang)
	dec, err := d.DB.LatestFarewellDecision(ctx, r.TeamID, c.ID)
	if errors.Is(err, storage.ErrNotFound) {
		return d.say(ctx, r, p.T("farewell.resend.none", map[string]any{"Client": bot.Escape(c.Name)}))
	}
	if err != nil {
		return err
	}
	if err := d.sendDrafts(ctx, r, FarewellMessages(p, c.Name, dec.Drafts)); err != nil {
		d.Log.Warn("resending farewell drafts failed", "decision", dec.ID, "err", err)
		return d.say(ctx, r, p.T("farewell.resend.failed", map[string]any{"Client": bot.Escape(c.Name)}))
	}
	if err := d.DB.FarewellDraftsSent(context.WithoutCancel(ctx), r.TeamID, dec.ID); err != nil {
		return fmt.Errorf("recording resent drafts: %w", err)
	}
	return d.say(ctx, r, p.T("farewell.resend.done", map[string]any{"Client": bot.Escape(c.Name)}))
}
