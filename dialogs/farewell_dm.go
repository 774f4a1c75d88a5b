package dialogs

import (
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// Limits of one DM: Slack allows 50 blocks; the text is kept well under
// what a message can carry so the drafts stay readable.
const (
	dmBlocks      = 50
	dmChars       = 12000
	dmHeaderChars = 150
	dmSectionText = 3000
)

// FarewellMessages are the DMs that bring the manager the saved drafts:
// a head, then each draft under its title, split into as many messages as
// Slack's limits need.
func FarewellMessages(p *locale.Printer, client string, d storage.FarewellDrafts) []bot.Message {
	blocks := []slack.Block{section(p.T("farewell.ui.dm.head", map[string]any{"Client": bot.Escape(client)}))}
	for _, doc := range d.Docs {
		blocks = append(blocks, slack.NewHeaderBlock(plain(locale.Clip(doc.Title, dmHeaderChars))))
		for _, chunk := range splitText(doc.Text, dmSectionText, mrkdwnLen) {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(mrkdwnKeepMentions(chunk)), nil, nil))
		}
	}
	groups := packBlocks(blocks, dmBlocks, dmChars)
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

// packBlocks fills messages in order with at most maxBlocks blocks and
// about maxChars characters of text each; a header never ends a message.
func packBlocks(blocks []slack.Block, maxBlocks, maxChars int) [][]slack.Block {
	var out [][]slack.Block
	var cur []slack.Block
	chars := 0
	for _, b := range blocks {
		n := blockChars(b)
		if len(cur) > 0 && (len(cur)+1 > maxBlocks || chars+n > maxChars) {
			carry := []slack.Block{}
			if _, isHeader := cur[len(cur)-1].(*slack.HeaderBlock); isHeader && len(cur) > 1 {
				carry = append(carry, cur[len(cur)-1])
				cur = cur[:len(cur)-1]
			}
			out = append(out, cur)
			cur, chars = carry, 0
			for _, c := range carry {
				chars += blockChars(c)
			}
		}
		cur = append(cur, b)
		chars += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func blockChars(b slack.Block) int {
	switch b := b.(type) {
	case *slack.SectionBlock:
		if b.Text != nil {
			return utf8.RuneCountInString(b.Text.Text)
		}
	case *slack.HeaderBlock:
		return utf8.RuneCountInString(b.Text.Text)
	}
	return 0
}

// FarewellReminderMessage is the DM sent to the manager a week before and
// on the last working day, with the checklist as they saved it.
func FarewellReminderMessage(p *locale.Printer, r storage.FarewellReminder) bot.Message {
	data := map[string]any{"Client": bot.Escape(r.ClientName), "EndDate": p.Date(r.EndOn)}
	blocks := []slack.Block{section(p.T("farewell.remind."+r.Kind, data))}
	if list := r.Drafts.Body("checklist"); list != "" {
		blocks = append(blocks, section(p.T("farewell.remind.checklist")))
		for _, chunk := range splitText(list, dmSectionText, mrkdwnLen) {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(mrkdwnKeepMentions(chunk)), nil, nil))
		}
	}
	if len(blocks) > dmBlocks {
		blocks = blocks[:dmBlocks]
	}
	return bot.Message{Text: p.T("farewell.remind.fallback", map[string]any{"Client": bot.Escape(r.ClientName)}), Blocks: blocks}
}
