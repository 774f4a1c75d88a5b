package dialogs

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// previewBlocks is the last step: the decision summary, read-only, and
// every other draft in editable fields, split across several when longer
// than a field holds.
func previewBlocks(p *locale.Printer, client string, d farewell.Drafts) []slack.Block {
	blocks := []slack.Block{section(p.T("farewell.ui.preview.head", map[string]any{"Client": bot.Escape(client)}))}
	for i, chunk := range blockkit.Split(d.Summary, blockkit.MaxSectionText, mrkdwnLen) {
		var opts []slack.SectionBlockOption
		if i == 0 {
			opts = append(opts, slack.SectionBlockOptionBlockID(blockSummary))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(mrkdwnKeepMentions(chunk)), nil, nil, opts...))
	}
	blocks = append(blocks, slack.NewDividerBlock())
	for _, doc := range farewell.Docs() {
		if doc == farewell.DocSummary || d.Titles[doc] == "" {
			continue
		}
		parts := blockkit.Split(d.Body(doc), blockkit.MaxInput, utf8.RuneCountInString)
		for i, chunk := range parts {
			label := d.Titles[doc]
			if len(parts) > 1 {
				label = p.T("farewell.ui.preview.draft_part", map[string]any{"Title": label, "Part": i + 1, "Parts": len(parts)})
			}
			blocks = append(blocks, textInput(draftBlock(doc, i), label, "", "", chunk, true, blockkit.MaxInput))
		}
	}
	return blocks
}

func draftBlock(doc farewell.Doc, part int) string {
	return blockDraftPrefix + string(doc) + "." + strconv.Itoa(part)
}

// editedDrafts are the drafts as the manager leaves them in the preview:
// each draft's fields joined again, the summary as written.
func editedDrafts(d farewell.Drafts, v viewValues) storage.FarewellDrafts {
	out := storage.FarewellDrafts{Lang: d.Lang, Path: string(d.Path)}
	for _, doc := range farewell.Docs() {
		title := d.Titles[doc]
		if title == "" {
			continue
		}
		text := d.Body(doc)
		if doc != farewell.DocSummary {
			if edited, ok := v.draft(doc); ok {
				text = edited
			}
		}
		if strings.TrimSpace(text) == "" {
			continue // cleared by the manager: not wanted
		}
		out.Docs = append(out.Docs, storage.FarewellDraft{Doc: string(doc), Title: title, Text: text})
	}
	return out
}

// draft joins the fields of one draft in order; ok is false when the view
// sent none of them.
func (v viewValues) draft(doc farewell.Doc) (string, bool) {
	prefix := blockDraftPrefix + string(doc) + "."
	type part struct {
		n    int
		text string
	}
	var parts []part
	for block, actions := range v {
		n, err := strconv.Atoi(strings.TrimPrefix(block, prefix))
		if !strings.HasPrefix(block, prefix) || err != nil {
			continue
		}
		parts = append(parts, part{n, actions[fieldAction(block)].Value})
	}
	if len(parts) == 0 {
		return "", false
	}
	slices.SortFunc(parts, func(a, b part) int { return a.n - b.n })
	var texts []string
	for _, p := range parts {
		if strings.TrimSpace(p.text) != "" {
			texts = append(texts, p.text)
		}
	}
	// Drafts are split at line ends, so the line end goes back between.
	return strings.Join(texts, "\n"), true
}

// mentionRe finds the Slack mentions drafts may hold: users and groups.
var mentionRe = regexp.MustCompile(`<@[A-Z0-9]+>|<!subteam\^[A-Z0-9]+>`)

// mrkdwnKeepMentions escapes plain draft text for mrkdwn, leaving the
// mentions the drafts put in (the speaker, the reviewer) working.
func mrkdwnKeepMentions(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range mentionRe.FindAllStringIndex(s, -1) {
		b.WriteString(bot.Escape(s[last:m[0]]))
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(bot.Escape(s[last:]))
	return b.String()
}

// mrkdwnLen is how long s is once escaped for mrkdwn, in characters.
func mrkdwnLen(s string) int { return utf8.RuneCountInString(mrkdwnKeepMentions(s)) }

// draftProblems lists what Validate found at the very end, for the
// preview (a date that passed while the wizard stayed open).
func draftProblems(p *locale.Printer, errs []farewell.FieldError) string {
	texts := make([]string, len(errs))
	for i, e := range errs {
		texts[i] = e.Text(p)
	}
	return p.T("farewell.ui.preview.stale", map[string]any{"Problems": strings.Join(texts, " ")})
}

// firstDraftBlock is the preview's first field, where end-of-wizard
// problems are shown.
func firstDraftBlock(d farewell.Drafts) string {
	for _, doc := range farewell.Docs() {
		if doc != farewell.DocSummary && d.Titles[doc] != "" {
			return draftBlock(doc, 0)
		}
	}
	panic(fmt.Sprintf("drafts for %s have nothing to edit", d.Path))
}
