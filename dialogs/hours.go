package dialogs

import (
	"context"
	"errors"
	"fmt"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
)

// HoursPrefill is what the hours modal opens with.
type HoursPrefill struct {
	ClientID   int64
	Minutes    int
	Duration   string // the duration as typed, kept even when unreadable so it can be fixed
	Department string // "" means the person's default department
	Note       string
	// Problems are what the typed command left unclear; the modal says so.
	Problems []ledger.Problem
	// NoDepartment says the command named no department and the person has
	// no default one.
	NoDepartment bool
}

// OpenHours opens the hours modal within the trigger's 3 s.
func (d *Dialogs) OpenHours(ctx context.Context, r *bot.Request, pre HoursPrefill) error {
	p := d.Catalog.For(r.Lang)
	clients, err := d.DB.ListClients(ctx, r.TeamID, false)
	if err != nil {
		return err
	}
	if len(clients) == 0 {
		return d.say(ctx, r, p.T("hours.reply.no_clients"))
	}
	departments, err := d.DB.DepartmentNames(ctx, r.TeamID)
	if err != nil {
		return err
	}
	if len(departments) == 0 {
		return d.say(ctx, r, p.T("hours.reply.no_departments"))
	}
	dept := pre.Department
	if dept == "" && !pre.NoDepartment {
		if dept, err = d.DB.PersonDepartment(ctx, r.TeamID, r.UserID); err != nil {
			return err
		}
	}
	duration := pre.Duration
	if duration == "" {
		duration = DurationText(r.Lang, pre.Minutes)
	}
	f := HoursForm{
		Clients: clients, ClientID: pre.ClientID, Departments: departments, Department: dept,
		Duration: duration, Day: d.Today(), Note: pre.Note,
		Notice: HoursNotice(p, pre.Problems, pre.NoDepartment),
		Meta:   Metadata{Channel: r.ChannelID},
	}
	_, err = d.openView(ctx, r, HoursView(p, f), "hours.reply.open_failed")
	return err
}

// hoursButton opens the modal from a "Log hours" button; the value
// preselects the client.
func (d *Dialogs) hoursButton(ctx context.Context, r *bot.Request) error {
	return d.OpenHours(ctx, r, HoursPrefill{ClientID: buttonID(r)})
}

// LogHours stores time typed in full on the command line and replies. A
// redelivered command is stored and answered once.
func (d *Dialogs) LogHours(ctx context.Context, r *bot.Request, v HoursValues) error {
	rep, err := d.saveHours(ctx, r, v)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		return nil
	case err != nil:
		return err
	}
	return r.Reply(ctx, HoursMessage(d.Catalog.For(r.Lang), rep))
}

// saveHours writes the entry and totals the person's week on the client,
// in one transaction claimed by the delivery key, then prices the entry at
// the rate in force on the day worked.
func (d *Dialogs) saveHours(ctx context.Context, r *bot.Request, v HoursValues) (HoursReply, error) {
	rates, err := d.DB.Rates(ctx, r.TeamID)
	if err != nil {
		return HoursReply{}, err
	}
	rep := HoursReply{Currency: d.Currency, Week: ledger.WeekOf(d.Today())}
	err = d.DB.InTx(ctx, func(tx *storage.Tx) error {
		if err := tx.ClaimDelivery(ctx, r.TeamID, r.DeliveryKey()); err != nil {
			return err
		}
		var err error
		rep.Entry, err = tx.InsertTimeEntry(ctx, r.TeamID, storage.TimeEntryInput{
			ClientID: v.ClientID, UserID: r.UserID, Department: v.Department, Minutes: v.Minutes, WorkedOn: v.Day, Note: v.Note,
		})
		if err != nil {
			return err
		}
		rep.WeekMinutes, err = tx.UserClientMinutes(ctx, r.TeamID, r.UserID, v.ClientID, rep.Week)
		return err
	})
	if err != nil {
		return HoursReply{}, err
	}
	e := rep.Entry
	rep.RateMinor, rep.Rated = ledger.RateOn(rates, e.Department, e.WorkedOn)
	rep.CostMinor, _, _ = ledger.Cost([]ledger.Entry{{Department: e.Department, Minutes: e.Minutes, Day: e.WorkedOn}}, rates)
	return rep, nil
}

// submitHours logs the modal's time, or shows what to fix.
func (d *Dialogs) submitHours(ctx context.Context, r *bot.Request) error {
	meta, err := ParseMetadata(r.Interaction.View.PrivateMetadata)
	if err != nil {
		return fmt.Errorf("hours modal: %w", err)
	}
	p := d.Catalog.For(r.Lang)
	v, errs := ReadHours(p, r.ViewState(), d.Today())
	if len(errs) > 0 {
		r.Ack(bot.ViewErrors(errs))
		return nil
	}
	rep, err := d.saveHours(ctx, r, v)
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed): // a double-clicked submit
		r.Ack(nil)
		return nil
	case errors.Is(err, storage.ErrNotFound):
		r.Ack(bot.ViewErrors(map[string]string{BlockClient: p.T("hours.error.gone")}))
		return nil
	case err != nil:
		return err
	}
	r.Ack(nil)
	return d.send(ctx, r, meta.Channel, HoursMessage(p, rep))
}

// undoHours soft-deletes a time entry, for the person who logged it or a
// manager, and replaces the reply.
func (d *Dialogs) undoHours(ctx context.Context, r *bot.Request) error {
	p := d.Catalog.For(r.Lang)
	id := buttonID(r)
	e, err := d.DB.TimeEntry(ctx, r.TeamID, id)
	if errors.Is(err, storage.ErrNotFound) {
		return r.Reply(ctx, bot.Message{Text: p.T("hours.reply.already_undone"), ReplaceOriginal: true})
	}
	if err != nil {
		return err
	}
	allowed, err := mayChange(ctx, r, e.UserID)
	if err != nil {
		return err
	}
	if !allowed {
		return d.say(ctx, r, hoursRefusal(p, e.UserID, r.Managers()))
	}
	err = d.DB.InTx(ctx, func(tx *storage.Tx) error {
		if err := tx.ClaimDelivery(ctx, r.TeamID, r.DeliveryKey()); err != nil {
			return err
		}
		return tx.UndoTimeEntry(ctx, r.TeamID, id)
	})
	switch {
	case errors.Is(err, storage.ErrAlreadyClaimed):
		return nil
	case errors.Is(err, storage.ErrNotFound):
		return r.Reply(ctx, bot.Message{Text: p.T("hours.reply.already_undone"), ReplaceOriginal: true})
	case err != nil:
		return err
	}
	return r.Reply(ctx, HoursUndoneMessage(p, e))
}
