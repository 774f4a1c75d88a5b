package dialogs

import (
	"context"
	"errors"
	"fmt"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/storage"
)

// The boundaries' review: on its day the manager sees the figures before
// and after and chooses. "Part ways" opens the wizard (ActionOpenFarewell);
// "Keep" sets the next review DefaultReviewWeeks ahead.

// ActionKeepBoundaries keeps a boundaries decision for another stretch; the
// button's value is the decision's id.
const ActionKeepBoundaries = "farewell.keep_boundaries"

func (d *Dialogs) registerBoundariesReview(r *bot.Router) {
	r.Action(ActionKeepBoundaries, d.scoped((*Dialogs).keepBoundaries))
}

// keepBoundaries checks, server-side, that the presser is a manager, moves
// the review and replaces the reminder with what was done.
func (d *Dialogs) keepBoundaries(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	id, ok, err := d.managerDecision(ctx, r)
	if !ok {
		return err
	}
	next := d.Today().AddDate(0, 0, 7*farewell.DefaultReviewWeeks)
	_, err = d.DB.KeepBoundaries(ctx, deliveryOf(r), id, next)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		return nil
	case errors.Is(err, storage.ErrNotFound):
		return d.say(ctx, r, p.T("farewell.review.gone"))
	case err != nil:
		return err
	}
	return r.Reply(ctx, bot.Message{ReplaceOriginal: true, Text: p.T("farewell.review.kept", map[string]any{"Date": p.Date(next)})})
}

// managerDecision is the decision a reminder's button names, for a manager
// (checked server-side: the reminder is a DM, but a payload can be
// forged); anyone else is told who may, and ok is false.
func (d *Dialogs) managerDecision(ctx context.Context, r *bot.Request) (id int64, ok bool, err error) {
	allowed, err := farewellAllowed(ctx, r)
	if err != nil || !allowed {
		if err == nil {
			err = d.say(ctx, r, refusal(ctx, d.Catalog.For(r.Lang), r))
		}
		return 0, false, err
	}
	if id = buttonID(r); id == 0 {
		return 0, false, fmt.Errorf("%s: no decision id in %+v", r.Action.ActionID, r.Action)
	}
	return id, true, nil
}
