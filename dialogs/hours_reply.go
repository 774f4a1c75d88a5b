package dialogs

import (
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// HoursReply is what the reply to logged time says.
type HoursReply struct {
	Entry    storage.TimeEntry
	Currency string
	// Rated is false when the department had no rate on the day worked;
	// then RateMinor and CostMinor mean nothing.
	Rated       bool
	RateMinor   int64
	CostMinor   int64
	Week        ledger.Span // this week, Monday to Sunday in the team's zone
	WeekMinutes int         // the person's total on the client this week
}

// NewHoursReply prices logged time at the rate in force on the day worked.
func NewHoursReply(l storage.LoggedHours, currency string) HoursReply {
	e := l.Entry
	rep := HoursReply{Entry: e, Currency: currency, Week: l.Week, WeekMinutes: l.WeekMinutes}
	rep.RateMinor, rep.Rated = ledger.RateOn(l.Rates, e.Department, e.WorkedOn)
	rep.CostMinor, _, _ = ledger.Cost([]ledger.Entry{{Department: e.Department, Minutes: e.Minutes, Day: e.WorkedOn}}, l.Rates)
	return rep
}

// HoursMessage is the private reply to logged time: what was logged, its
// cost, the week's total on the client, and an Undo button.
func HoursMessage(p *locale.Printer, rep HoursReply) bot.Message {
	e := rep.Entry
	client := bot.Escape(e.ClientName)
	lines := []string{p.T("hours.reply.logged", map[string]any{
		"Duration": p.Duration(e.Minutes), "Client": client, "Department": bot.Escape(e.Department), "Date": p.Date(e.WorkedOn),
	})}
	if e.OutsideContract {
		lines = append(lines, p.T("hours.reply.outside"))
	}
	if rep.Rated {
		lines = append(lines, p.T("hours.reply.cost", map[string]any{
			"Cost": p.Money(rep.CostMinor, rep.Currency), "Rate": p.Money(rep.RateMinor, rep.Currency),
		}))
	} else {
		lines = append(lines, p.T("hours.reply.no_rate", map[string]any{"Department": bot.Escape(e.Department)}))
	}
	lines = append(lines, p.T("hours.reply.week", map[string]any{
		"Client": client, "Week": p.DateRange(rep.Week.From, rep.Week.To), "Total": p.Duration(rep.WeekMinutes),
	}))
	if e.Note != "" {
		lines = append(lines, p.T("hours.reply.note", map[string]any{"Note": bot.Escape(locale.Clip(e.Note, 300))}))
	}
	text := strings.Join(lines, "\n")
	undo := slack.NewButtonBlockElement(ActionHoursUndo, strconv.FormatInt(e.ID, 10), plain(p.T("common.undo")))
	return bot.Message{Text: text, Blocks: []slack.Block{
		blockkit.Section(text),
		slack.NewActionBlock("", undo),
	}}
}

// HoursUndoneMessage replaces the reply once the entry is undone.
func HoursUndoneMessage(p *locale.Printer, e storage.TimeEntry) bot.Message {
	return bot.Message{ReplaceOriginal: true, Text: p.T("hours.reply.undone", map[string]any{
		"Duration": p.Duration(e.Minutes), "Client": bot.Escape(e.ClientName), "Date": p.Date(e.WorkedOn),
	})}
}

// hoursRefusal tells someone who neither logged the time nor manages who
// may undo it.
func hoursRefusal(p *locale.Printer, owner, managers string) string {
	data := map[string]any{"Owner": "<@" + owner + ">", "Managers": managers}
	if managers == "" {
		return p.T("hours.reply.not_allowed_alone", data)
	}
	return p.T("hours.reply.not_allowed", data)
}
