package dialogs

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// clip shortens s to at most n characters without a marker: for input
// values, where an added "…" would become part of what is saved.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// noticeBlock shows what a typed command left unclear, above the fields.
func noticeBlock(text string) slack.Block {
	return slack.NewContextBlock(BlockNotice, mrkdwn(locale.Clip(text, blockkit.MaxContextText)))
}

// entryModal is the modal that logs one entry (hours, an incident): the
// notice of what a typed command left unclear, if any, above the inputs.
// title, submit and closeID are catalogue ids.
func entryModal(p *locale.Printer, callback, title, submit, closeID string, notice string, meta Metadata, inputs ...slack.Block) slack.ModalViewRequest {
	var blocks []slack.Block
	if notice != "" {
		blocks = append(blocks, noticeBlock(notice))
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callback,
		Title:           plain(p.T(title)),
		Submit:          plain(p.T(submit)),
		Close:           plain(p.T(closeID)),
		Blocks:          slack.Blocks{BlockSet: append(blocks, inputs...)},
		PrivateMetadata: meta.String(),
	}
}

// clientInput is the client field: a static select of the given clients,
// or an external select searched through block_suggestion when there are
// more than a static select can hold.
func clientInput(clients []ledger.Client, selected int64, label, placeholder, search string) *slack.InputBlock {
	var initial *slack.OptionBlockObject
	for _, c := range clients {
		if c.ID == selected {
			initial = clientOption(c)
		}
	}
	var sel *slack.SelectBlockElement
	if len(clients) > blockkit.MaxStaticSelect {
		sel = slack.NewOptionsSelectBlockElement(slack.OptTypeExternal, plain(search), ActionClient)
		minQuery := 1
		sel.MinQueryLength = &minQuery
	} else {
		opts := make([]*slack.OptionBlockObject, len(clients))
		for i, c := range clients {
			opts[i] = clientOption(c)
		}
		sel = slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(placeholder), ActionClient, opts...)
	}
	sel.InitialOption = initial
	return slack.NewInputBlock(BlockClient, plain(label), nil, sel)
}

func clientOption(c ledger.Client) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(strconv.FormatInt(c.ID, 10), plain(locale.Clip(c.Name, blockkit.MaxOptionText)), nil)
}

// ClientOptions answers an external client select's search: clients whose
// name starts with the query first, then those containing it, at most
// blockkit.MaxStaticSelect, compared as names are everywhere (ledger.NameKey).
func ClientOptions(clients []ledger.Client, query string) []*slack.OptionBlockObject {
	q := ledger.NameKey(query)
	var prefix, inside []*slack.OptionBlockObject
	for _, c := range clients {
		key := ledger.NameKey(c.Name)
		switch {
		case strings.HasPrefix(key, q):
			prefix = append(prefix, clientOption(c))
		case strings.Contains(key, q):
			inside = append(inside, clientOption(c))
		}
	}
	out := append(prefix, inside...)
	if len(out) > blockkit.MaxStaticSelect {
		out = out[:blockkit.MaxStaticSelect]
	}
	return out
}

// dayInput is a date picker that starts on day.
func dayInput(label string, day time.Time) *slack.InputBlock {
	dp := slack.NewDatePickerBlockElement(ActionDay)
	dp.InitialDate = day.Format(time.DateOnly)
	return slack.NewInputBlock(BlockDay, plain(label), nil, dp)
}

// readDay reads the date picker: today when empty or unreadable, and
// whether the day lies after today.
func readDay(v string, today time.Time) (day time.Time, future bool) {
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return today, false
	}
	return d, d.After(today)
}

// readClient reads the selected client's id, 0 when none.
func readClient(state map[string]map[string]slack.BlockAction) int64 {
	id, err := strconv.ParseInt(state[BlockClient][ActionClient].SelectedOption.Value, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

// noMarkup drops mrkdwn code marks from a message shown where Slack renders
// no markup (field errors, hints).
func noMarkup(s string) string { return strings.ReplaceAll(s, "`", "") }
