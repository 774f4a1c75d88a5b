package dialogs

import (
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// dmChars is how much text one DM carries: well under what a message can,
// so the drafts stay readable.
const dmChars = 12000

// FarewellMessages are the DMs that bring the manager the saved drafts:
// a head, then each draft under its title, split into as many messages as
// Slack's limits need.
func FarewellMessages(p *locale.Printer, client string, d storage.FarewellDrafts) []bot.Message {
	blocks := []slack.Block{section(p.T("farewell.ui.dm.head", map[string]any{"Client": bot.Escape(client)}))}
	for _, doc := range d.Docs {
		blocks = append(blocks, slack.NewHeaderBlock(plain(locale.Clip(doc.Title, blockkit.MaxHeaderText))))
		for _, chunk := range blockkit.Split(doc.Text, blockkit.MaxSectionText, mrkdwnLen) {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(mrkdwnKeepMentions(chunk)), nil, nil))
		}
	}
	groups := blockkit.Messages(blocks, blockkit.MaxMessageBlocks, dmChars)
	out := make([]bot.Message, len(groups))
	for i, g := range groups {
		text := p.T("farewell.ui.dm.fallback", map[string]any{"Client": bot.Escape(client)})
		if i > 0 {
			text = p.T("farewell.ui.dm.continued", map[string]any{"Client": bot.Escape(client), "Part": i + 1, "Parts": len(groups)})
		}
		out[i] = bot.Message{Text: text, Blocks: g}
	}
	return out
}

// FarewellReminderMessage is the DM sent to the manager who decided, in
// their language (p): a week before and on the last working day with the
// checklist as they saved it; 3 and 6 months after it with a check-in
// draft in the drafts' language (draft); on the boundaries' review day
// with the figures before and after and the choice to keep or part.
func FarewellReminderMessage(p, draft *locale.Printer, r storage.FarewellReminder) bot.Message {
	data := map[string]any{"Client": bot.Escape(r.ClientName), "EndDate": p.Date(r.EndOn)}
	blocks := []slack.Block{section(p.T("farewell.remind."+r.Kind, data))}
	switch r.Kind {
	case storage.ReminderTouch3m, storage.ReminderTouch6m:
		blocks = append(blocks, section(p.T("farewell.remind.touch_draft")),
			section(bot.Escape(draft.T("farewell.touch.draft", map[string]any{"Client": r.ClientName}))))
	case storage.ReminderBoundariesReview:
		blocks = append(blocks, reviewBlocks(p, r)...)
	case storage.ReminderEndDate:
		lessons := slack.NewButtonBlockElement(ActionLessons, strconv.FormatInt(r.DecisionID, 10), plain(p.T("farewell.lessons.button")))
		blocks = append(blocks, slack.NewActionBlock("", lessons))
	}
	if list := r.Drafts.Body("checklist"); list != "" && (r.Kind == storage.ReminderWeekBefore || r.Kind == storage.ReminderEndDate) {
		blocks = append(blocks, section(p.T("farewell.remind.checklist")))
		for _, chunk := range blockkit.Split(list, blockkit.MaxSectionText, mrkdwnLen) {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(mrkdwnKeepMentions(chunk)), nil, nil))
		}
	}
	if len(blocks) > blockkit.MaxMessageBlocks {
		blocks = blocks[:blockkit.MaxMessageBlocks]
	}
	return bot.Message{Text: p.T("farewell.remind.fallback", map[string]any{"Client": bot.Escape(r.ClientName)}), Blocks: blocks}
}

// reviewBlocks set the client's figures since the boundaries beside those
// of as many days before, and ask: keep them, or move to parting?
func reviewBlocks(p *locale.Printer, r storage.FarewellReminder) []slack.Block {
	var lines []string
	if rv := r.Review; rv != nil {
		weeks := float64(rv.Days) / 7
		perWeek := func(f storage.ReviewFigures) string { return p.Duration(int(float64(f.Minutes) / weeks)) }
		strain := func(f storage.ReviewFigures) string {
			if f.Strain == nil {
				return p.T("farewell.review.no_strain")
			}
			return p.Decimal(*f.Strain, 1)
		}
		lines = append(lines,
			p.T("farewell.review.head", map[string]any{"Since": p.Date(rv.Since), "Days": p.N("digest.days", rv.Days)}),
			p.T("farewell.review.hours", map[string]any{"Before": perWeek(rv.Before), "After": perWeek(rv.After)}),
			p.T("farewell.review.incidents", map[string]any{"Before": p.Number(int64(rv.Before.Incidents)), "After": p.Number(int64(rv.After.Incidents))}),
			p.T("farewell.review.strain", map[string]any{"Before": strain(rv.Before), "After": strain(rv.After)}),
		)
	}
	lines = append(lines, p.T("farewell.review.ask"))
	keep := slack.NewButtonBlockElement(ActionKeepBoundaries, strconv.FormatInt(r.DecisionID, 10), plain(p.T("farewell.review.keep")))
	part := slack.NewButtonBlockElement(ActionOpenFarewell, strconv.FormatInt(r.ClientID, 10), plain(p.T("farewell.review.part")))
	return []slack.Block{section(strings.Join(lines, "\n")), slack.NewActionBlock("", keep, part)}
}
