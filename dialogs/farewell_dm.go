package dialogs

import (
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

// FarewellReminderMessage is the DM sent to the manager a week before and
// on the last working day, with the checklist as they saved it.
func FarewellReminderMessage(p *locale.Printer, r storage.FarewellReminder) bot.Message {
	data := map[string]any{"Client": bot.Escape(r.ClientName), "EndDate": p.Date(r.EndOn)}
	blocks := []slack.Block{section(p.T("farewell.remind."+r.Kind, data))}
	if list := r.Drafts.Body("checklist"); list != "" {
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
