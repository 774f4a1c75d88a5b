package dialogs

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/strain"
)

// The monthly pulse: posted by a schedule job, answered in a private form,
// closed by the same job as the polls.

// maxAckBytes is the largest view_submission ack we send: slack-go refuses
// 20 KB and more, so a bigger next page goes by views.update instead.
const maxAckBytes = 18 << 10

// PulseEventType is the message metadata event type of a pulse message.
const PulseEventType = "tact_pulse"

// PulseMark is the metadata a pulse's message carries: which team and
// month, so a retry can recognise it in the channel.
func PulseMark(teamID, period string) bot.Mark {
	return bot.Mark{EventType: PulseEventType, Payload: map[string]string{"team": teamID, "period": period, "kind": "pulse"}}
}

// PostPulse posts the pulse of period (a month, "2026-11") in channel,
// unless it is posted already: two replicas racing post it once. The
// caller holds the month's claim; a pulse row an earlier attempt left
// without its message is finished here: its message, if it reached the
// channel, is found by its mark and brought up to date, else posted.
func (d *Dialogs) PostPulse(ctx context.Context, api *bot.Client, teamID, channel, lang, period string, now time.Time) error {
	d = d.ForTeam(ctx, teamID)
	month, err := time.ParseInLocation("2006-01", period, d.Location)
	if err != nil {
		return fmt.Errorf("pulse period %q: %w", period, err)
	}
	pulse, created, err := d.DB.CreatePulse(ctx, teamID, period, channel, lang, now.Add(d.pollHours()))
	if err != nil {
		return err
	}
	if !created {
		if pulse, err = d.DB.PulseOfPeriod(ctx, teamID, period); err != nil || pulse.MessageTS != "" {
			return err
		}
	}
	p := d.Catalog.For(pulse.Lang)
	msg := PulseMessage(p, PulseCard{PulseID: pulse.ID, Month: month, ClosesAt: pulse.ClosesAt, Zone: d.Location, Min: d.MinAnswers})
	mark := PulseMark(teamID, period)
	if !created {
		ts, err := api.FindPosted(ctx, pulse.Channel, mark, month)
		if err != nil {
			return fmt.Errorf("looking for the %s pulse of an earlier attempt: %w", period, err)
		}
		if ts != "" {
			if err := api.Update(ctx, pulse.Channel, ts, msg); err != nil {
				return err
			}
			return d.DB.SetPulseMessage(context.WithoutCancel(ctx), teamID, pulse.ID, ts)
		}
	}
	ts, err := api.Post(ctx, pulse.Channel, msg, mark.Option())
	if err != nil {
		// Refused: nothing is in the channel, so nothing is kept. Else the
		// message may be there; the row stays for the next attempt to
		// recognise it.
		if bot.Refused(err) {
			if derr := d.DB.DeletePulse(context.WithoutCancel(ctx), teamID, pulse.ID); derr != nil {
				d.Log.Warn("deleting an unposted pulse", "pulse", pulse.ID, "err", derr)
			}
		}
		return fmt.Errorf("posting the %s pulse: %w", period, err)
	}
	// Recorded even when shutdown began meanwhile: the message is out.
	return d.DB.SetPulseMessage(context.WithoutCancel(ctx), teamID, pulse.ID, ts)
}

// pulseScope names one client in one pulse for strain.VoterKey: a person's
// keys differ from client to client, so their answers can't be linked.
func pulseScope(period string, clientID int64) string {
	return "pulse:" + period + ":" + strconv.FormatInt(clientID, 10)
}

func (d *Dialogs) pulseKeys(teamID, userID, period string, clients []int64) []string {
	keys := make([]string, len(clients))
	for i, id := range clients {
		keys[i] = strain.VoterKey(d.Secret, teamID, pulseScope(period, id), userID)
	}
	return keys
}

// openPulse opens the first page of the form for an open pulse.
func (d *Dialogs) openPulse(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	pulse, err := d.DB.Pulse(ctx, r.TeamID, buttonID(r))
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return d.say(ctx, r, p.T("strain.pulse.gone"))
	case err != nil:
		return err
	case !pulse.OpenAt(d.Now()):
		return d.say(ctx, r, p.T("strain.pulse.closed"))
	}
	page, err := d.pulsePage(ctx, r, pulse, 0)
	if err != nil {
		return err
	}
	if len(page.Clients) == 0 {
		return d.say(ctx, r, p.T("strain.pulse.no_clients"))
	}
	page.Meta = StrainMeta{Pulse: pulse.ID, Channel: r.ChannelID}
	_, err = d.openView(ctx, r, PulsePageView(p, page), "strain.pulse.open_failed")
	return err
}

// pulsePage loads the page of active clients starting at offset.
func (d *Dialogs) pulsePage(ctx context.Context, r *bot.Request, pulse storage.Pulse, offset int) (PulsePage, error) {
	clients, err := d.DB.ListClients(ctx, r.TeamID, false)
	if err != nil {
		return PulsePage{}, err
	}
	offset = min(offset, len(clients))
	page := PulsePage{Clients: clients[offset:min(offset+pulsePageSize, len(clients))], Offset: offset, Total: len(clients)}
	if len(page.Clients) == 0 {
		return page, nil
	}
	page.Answered, err = d.DB.PulseAnswered(ctx, pulse.ID, d.pulseKeys(r.TeamID, r.UserID, pulse.Period, clientIDs(page.Clients)))
	return page, err
}

func clientIDs(cs []ledger.Client) []int64 {
	ids := make([]int64, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

// submitPulsePage records the page's answers, replacing the person's
// earlier ones about these clients, and moves to the next page or thanks.
func (d *Dialogs) submitPulsePage(ctx context.Context, r *bot.Request) error {
	meta, err := ParseStrainMeta(r.Interaction.View.PrivateMetadata)
	if err != nil {
		return fmt.Errorf("pulse modal: %w", err)
	}
	p := d.Catalog.For(r.Lang)
	pulse, err := d.DB.Pulse(ctx, r.TeamID, meta.Pulse)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		r.Ack(bot.ViewUpdate(PulseNoticeView(p, p.T("strain.pulse.modal_title"), p.T("strain.pulse.gone"))))
		return nil
	case err != nil:
		return err
	}
	scores := ReadPulsePage(r.ViewState(), meta.Clients)
	keys := d.pulseKeys(r.TeamID, r.UserID, pulse.Period, meta.Clients)
	answers := make([]storage.PulseAnswer, len(scores))
	for i, s := range scores {
		answers[i] = storage.PulseAnswer{ClientID: s.ClientID, VoterKey: keys[i], Score: s.Score}
	}
	err = d.DB.AnswerPulse(ctx, r.TeamID, pulse.ID, answers, d.Now())
	switch {
	case errors.Is(err, storage.ErrClosed), errors.Is(err, storage.ErrNotFound):
		r.Ack(bot.ViewUpdate(PulseNoticeView(p, p.T("strain.pulse.modal_title"), p.T("strain.pulse.closed"))))
		return nil
	case err != nil:
		return err
	}
	next, err := d.pulsePage(ctx, r, pulse, meta.Offset+len(meta.Clients))
	if err != nil {
		return err
	}
	if len(next.Clients) == 0 {
		r.Ack(bot.ViewUpdate(PulseNoticeView(p, p.T("strain.pulse.done_title"), p.T("strain.pulse.done", map[string]any{"When": When(p, pulse.ClosesAt, d.Location)}))))
		return nil
	}
	next.Meta = StrainMeta{Pulse: pulse.ID, Channel: meta.Channel}
	return d.showPulsePage(ctx, r, PulsePageView(p, next))
}

// showPulsePage answers the submission with the next page, in the ack when
// it fits, else by views.update after a short placeholder.
func (d *Dialogs) showPulsePage(ctx context.Context, r *bot.Request, view slack.ModalViewRequest) error {
	if FitsAck(view) {
		r.Ack(bot.ViewUpdate(view))
		return nil
	}
	p := d.Catalog.For(r.Lang)
	r.Ack(bot.ViewUpdate(PulseNoticeView(p, p.T("strain.pulse.modal_title"), "…")))
	if _, err := r.API.UpdateViewContext(ctx, view, "", "", r.Interaction.View.ID); err != nil {
		return fmt.Errorf("views.update of the pulse page: %w", err)
	}
	return nil
}

// ClosePulses closes the pulses whose time is up at now and posts their
// results in place of the button. Each pulse is closed by one replica.
func (d *Dialogs) ClosePulses(ctx context.Context, api *bot.Client, teamID string, now time.Time) error {
	d = d.ForTeam(ctx, teamID)
	ids, err := d.DB.CloseDuePulses(ctx, teamID, now, closeRetryAfter, d.MinAnswers)
	if err != nil {
		return err
	}
	return eachClosed(ids, "pulse", func(id int64) error { return d.postClosedPulse(ctx, api, teamID, id) })
}

func (d *Dialogs) postClosedPulse(ctx context.Context, api *bot.Client, teamID string, id int64) error {
	pulse, err := d.DB.Pulse(ctx, teamID, id)
	if err != nil {
		return err
	}
	results, err := d.DB.PulseResults(ctx, teamID, id)
	if err != nil {
		return err
	}
	month, err := time.ParseInLocation("2006-01", pulse.Period, d.Location)
	if err != nil {
		return fmt.Errorf("pulse period %q: %w", pulse.Period, err)
	}
	p := d.Catalog.For(pulse.Lang)
	msg := PulseMessage(p, PulseCard{PulseID: id, Month: month, ClosesAt: pulse.ClosesAt, Zone: d.Location, Closed: true, Min: d.MinAnswers, Results: results})
	if err := api.Update(ctx, pulse.Channel, pulse.MessageTS, msg); err != nil {
		return err
	}
	return d.DB.MarkPulsePosted(ctx, teamID, id)
}
