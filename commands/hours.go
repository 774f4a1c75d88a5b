package commands

import (
	"context"
	"strings"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
)

// hoursGrammar is the command's grammar, as in the app manifest.
const hoursGrammar = "[<client> <duration> [<department>] [<note>]]"

// hoursCommand is `/hours`: log time spent on a client today. Typed in
// full it logs at once; anything less opens the modal with what was
// understood.
func (s *Set) hoursCommand() Command {
	return entryCommand("hours", hoursGrammar, s.openHours, s.logHours, s.hoursHelp)
}

func (s *Set) openHours(ctx context.Context, r *bot.Request, _ string) error {
	return s.Dialogs.OpenHours(ctx, r, dialogs.HoursPrefill{})
}

// logHours reads `/hours <client> <duration> [<department>] [<note>]`. The
// department is the word after the duration when it names one, else the
// person's default. Typed in full it is logged here; else the modal opens
// with what was understood and what was read for it.
func (s *Set) logHours(ctx context.Context, r *bot.Request, text string) error {
	choices, err := s.Dialogs.HoursChoices(ctx, r.TeamID, r.UserID)
	if err != nil {
		return err
	}
	d := ledger.ParseHoursText(bot.Unescape(text), choices.Clients, choices.Departments)
	dept := d.Department
	if dept == "" {
		dept = choices.PersonDepartment
	}
	if long, err := s.replyTooLong(ctx, r, d.Note, ledger.MaxHoursNoteRunes, "hours.error.note_long"); long {
		return err
	}
	if !d.Complete() || dept == "" {
		pre := dialogs.HoursPrefill{Minutes: d.Minutes, Duration: d.Duration, Department: dept, Note: d.Note,
			Outside: d.OutsideContract, Problems: d.Problems, NoDepartment: dept == ""}
		if d.Client.Found() {
			pre.ClientID = d.Client.Client.ID
		}
		return s.Dialogs.OpenHoursWith(ctx, r, choices, pre)
	}
	today := s.Today()
	logged, err := s.DB.LogHours(ctx, deliveryOf(r), storage.TimeEntryInput{
		ClientID: d.Client.Client.ID, Minutes: d.Minutes, Department: dept, WorkedOn: today, Note: d.Note,
		OutsideContract: d.OutsideContract,
	}, ledger.WeekOf(today))
	return replyToWrite(ctx, r, err, func() bot.Message {
		return dialogs.HoursMessage(s.Catalog.For(r.Lang), dialogs.NewHoursReply(logged, s.Currency))
	})
}

// hoursHelp is the generated usage plus the accepted durations, how the
// department is found, and an example.
func (s *Set) hoursHelp(ctx context.Context, r *bot.Request, _ string) error {
	p := s.Catalog.For(r.Lang)
	c := s.hoursCommand()
	text := strings.Join([]string{
		s.usage(p, &c),
		p.T("cmd.hours.help_durations"),
		p.T("cmd.hours.help_department"),
		p.T("cmd.hours.help_outside"),
		p.T("cmd.hours.help_example"),
	}, "\n")
	return r.Reply(ctx, bot.Message{Text: text, Blocks: textBlocks(text)})
}
