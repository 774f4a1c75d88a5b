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
	Outside    bool // outside the contract
	// Problems are what the typed command left unclear; the modal says so.
	Problems []ledger.Problem
	// NoDepartment says the command named no department and the person has
	// no default one.
	NoDepartment bool
}

// HoursChoices are what the hours modal offers: the active clients and
// the departments.
type HoursChoices = storage.HoursChoices

// OpenHours opens the hours modal within the trigger's 3 s.
func (d *Dialogs) OpenHours(ctx context.Context, r *bot.Request, pre HoursPrefill) error {
	c, err := d.HoursChoices(ctx, r.TeamID, r.UserID)
	if err != nil {
		return err
	}
	return d.OpenHoursWith(ctx, r, c, pre)
}

// HoursChoices reads what the hours modal offers in the team, and the
// person's default department, in one round trip.
func (d *Dialogs) HoursChoices(ctx context.Context, teamID, userID string) (HoursChoices, error) {
	return d.DB.HoursChoices(ctx, teamID, userID)
}

// OpenHoursWith opens the hours modal with choices the caller has already
// read, as the typed command has.
func (d *Dialogs) OpenHoursWith(ctx context.Context, r *bot.Request, c HoursChoices, pre HoursPrefill) error {
	p := d.Catalog.For(r.Lang)
	if len(c.Clients) == 0 {
		return d.say(ctx, r, p.T("hours.reply.no_clients"))
	}
	if len(c.Departments) == 0 {
		return d.say(ctx, r, p.T("hours.reply.no_departments"))
	}
	dept := pre.Department
	if dept == "" && !pre.NoDepartment {
		dept = c.PersonDepartment
	}
	duration := pre.Duration
	if duration == "" {
		duration = DurationText(r.Lang, pre.Minutes)
	}
	f := HoursForm{
		Clients: c.Clients, ClientID: pre.ClientID, Departments: c.Departments, Department: dept,
		Duration: duration, Day: d.Today(), Note: pre.Note, Outside: pre.Outside,
		Notice: HoursNotice(p, pre.Problems, pre.NoDepartment),
		Meta:   Metadata{Channel: r.ChannelID},
	}
	_, err := d.openView(ctx, r, HoursView(p, f), "hours.reply.open_failed")
	return err
}

// hoursButton opens the modal from a "Log hours" button; the value
// preselects the client.
func (d *Dialogs) hoursButton(ctx context.Context, r *bot.Request) error {
	return d.OpenHours(ctx, r, HoursPrefill{ClientID: buttonID(r)})
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
	logged, err := d.DB.LogHours(ctx, deliveryOf(r), v.input(), ledger.WeekOf(d.Today()))
	if saved, err := ackSaved(r, err, p.T("hours.error.gone")); !saved {
		return err
	}
	return d.send(ctx, r, meta.Channel, HoursMessage(p, NewHoursReply(logged, d.Currency)))
}

func (v HoursValues) input() storage.TimeEntryInput {
	return storage.TimeEntryInput{ClientID: v.ClientID, Department: v.Department, Minutes: v.Minutes, WorkedOn: v.Day, Note: v.Note,
		OutsideContract: v.Outside}
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
		return d.say(ctx, r, hoursRefusal(p, e.UserID, r.Managers(ctx)))
	}
	err = d.DB.UndoHours(ctx, deliveryOf(r), id)
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
