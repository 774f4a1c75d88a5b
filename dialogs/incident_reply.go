package dialogs

import (
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// recentWeeks is the window of the incident count shown after each log.
const recentWeeks = 4

// RecentSpan is the window of the incident count shown after each log:
// the last four weeks up to today.
func RecentSpan(today time.Time) ledger.Span { return ledger.LastWeeks(today, recentWeeks) }

// IncidentReply is what the reply to a logged or edited incident says.
type IncidentReply struct {
	Incident storage.Incident
	Recent   int  // the client's incidents within RecentSpan
	Updated  bool // an edit rather than a new incident
	Currency string
}

// IncidentMessage is the private reply to a logged incident: its number, a
// one-line summary, the client's recent count, and Edit and Delete buttons.
func IncidentMessage(p *locale.Printer, rep IncidentReply) bot.Message {
	inc := rep.Incident
	number := map[string]any{"Number": inc.ID}
	summary := p.T("incident.reply.summary", map[string]any{
		"Client":   bot.Escape(inc.ClientName),
		"Category": CategoryLabel(p, inc.Category),
		"Severity": p.T("incident.severity_inline." + string(inc.Severity)),
		"Date":     p.Date(inc.OccurredOn),
	})
	head := "incident.reply.logged"
	if rep.Updated {
		head = "incident.reply.updated"
	}
	lines := []string{p.T(head, number, map[string]any{"Summary": summary})}
	if pay := PaymentText(p, inc.Payment, rep.Currency); pay != "" {
		lines = append(lines, pay)
	}
	if inc.Category == ledger.OurMiss {
		lines = append(lines, p.T("incident.reply.our_miss"))
	}
	lines = append(lines, p.N("incident.recent", rep.Recent, map[string]any{"Client": bot.Escape(inc.ClientName)}))
	text := strings.Join(lines, "\n")
	blocks := []slack.Block{blockkit.Section(text)}
	if len(inc.Evidence) > 0 {
		ev := p.T("incident.reply.evidence", map[string]any{"Links": evidenceList(inc.Evidence, blockkit.MaxContextText-100)})
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(locale.Clip(ev, blockkit.MaxContextText))))
	}
	id := strconv.FormatInt(inc.ID, 10)
	edit := slack.NewButtonBlockElement(ActionIncidentEdit, id, plain(p.T("common.edit")))
	del := slack.NewButtonBlockElement(ActionIncidentDelete, id, plain(p.T("common.delete")))
	del.Style = slack.StyleDanger
	del.Confirm = slack.NewConfirmationBlockObject(
		plain(p.T("incident.reply.confirm_title")),
		plain(p.T("incident.reply.confirm_text", number)),
		plain(p.T("incident.reply.confirm_yes")),
		plain(p.T("incident.reply.confirm_no")),
	)
	del.Confirm.Style = slack.StyleDanger
	blocks = append(blocks, slack.NewActionBlock("", edit, del))
	return bot.Message{Text: text, Blocks: blocks}
}

// evidenceList shows links for mrkdwn, as many as fit in n characters.
func evidenceList(links []string, n int) string {
	var parts []string
	used := 0
	for _, l := range links {
		if used+len([]rune(l))+2 > n {
			parts = append(parts, "…")
			break
		}
		if strings.ContainsAny(l, "<>|") {
			parts = append(parts, bot.Escape(l)) // would break the link markup
		} else {
			parts = append(parts, "<"+l+">")
		}
		used += len([]rune(l)) + 4
	}
	return strings.Join(parts, ", ")
}

// IncidentNoteMessage is a text-only reply about an incident, such as
// "Incident #12 deleted.", that replaces the one with the buttons.
func IncidentNoteMessage(p *locale.Printer, id string, number int64) bot.Message {
	return bot.Message{Text: p.T(id, map[string]any{"Number": number}), ReplaceOriginal: true}
}

// incidentRefusal tells someone who neither logged the incident nor
// manages who may change it.
func incidentRefusal(p *locale.Printer, number int64, reporter, managers string) string {
	data := map[string]any{"Number": number, "Reporter": "<@" + reporter + ">", "Managers": managers}
	if managers == "" {
		return p.T("incident.reply.not_allowed_alone", data)
	}
	return p.T("incident.reply.not_allowed", data)
}

// PaymentText is a late payment's amount and days overdue in words; ""
// when neither was given.
func PaymentText(p *locale.Printer, pay ledger.Payment, currency string) string {
	var parts []string
	if pay.AmountMinor > 0 {
		parts = append(parts, p.T("digest.late.outstanding", map[string]any{"Amount": p.Money(pay.AmountMinor, currency)}))
	}
	if pay.DaysLate > 0 {
		parts = append(parts, p.T("incident.reply.days_late", map[string]any{"Days": p.N("digest.days", pay.DaysLate)}))
	}
	if len(parts) == 0 {
		return ""
	}
	return p.T("incident.reply.payment", map[string]any{"Detail": strings.Join(parts, ", ")})
}
