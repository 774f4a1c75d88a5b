package dialogs

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/strain"
)

// The monthly pulse's channel message and its private form: every active
// client with a 1–5 select each, a page at a time.

const (
	ActionPulseOpen   = "strain.pulse.open" // value: pulse id
	CallbackPulsePage = "strain.pulse.page"
	ActionPulseScore  = "strain.pulse.score"
	// blockPulseClient + client id is each client's input block.
	blockPulseClient = "client:"
	blockPulseIntro  = "pulse.intro"
)

// pulsePageSize is how many clients one page of the form lists: well
// within Slack's 100 blocks a view, short enough to answer, and with
// ordinary names small enough for the next page to travel in the
// submission's ack (under 20 KB; FitsAck, else views.update).
const pulsePageSize = 25

// pulseResultsShown bounds the closed message's list (50 blocks a message).
const pulseResultsShown = 40

// PulseCard is what the pulse's channel message shows.
type PulseCard struct {
	PulseID  int64
	Month    time.Time // any day of the pulse's month
	ClosesAt time.Time
	Zone     *time.Location
	Closed   bool
	Min      int // STRAIN_MIN_ANSWERS, for the words
	// Results are the closed pulse's clients with enough answers to show.
	Results []storage.ClientTally
}

// PulseMessage renders the pulse message in the workspace's language.
func PulseMessage(p *locale.Printer, c PulseCard) bot.Message {
	month := p.MonthYear(c.Month)
	if c.Closed {
		return closedPulseMessage(p, c, month)
	}
	return bot.Message{
		Text: p.T("strain.pulse.fallback"),
		Blocks: []slack.Block{
			slack.NewSectionBlock(mrkdwn(p.T("strain.pulse.title", map[string]any{"Month": month})+"\n"+p.T("strain.pulse.text", map[string]any{"Min": c.Min})), nil, nil),
			slack.NewContextBlock("", mrkdwn(p.T("strain.pulse.closes", map[string]any{"When": When(p, c.ClosesAt, c.Zone)}))),
			slack.NewActionBlock("strain.pulse", slack.NewButtonBlockElement(ActionPulseOpen, strconv.FormatInt(c.PulseID, 10),
				plain(p.T("strain.pulse.button"))).WithStyle(slack.StylePrimary)),
		},
	}
}

func closedPulseMessage(p *locale.Printer, c PulseCard, month string) bot.Message {
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(p.T("strain.pulse.closed_title", map[string]any{"Month": month})), nil, nil)}
	shown := c.Results
	if len(shown) == 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(p.T("strain.pulse.no_results", map[string]any{"Min": c.Min})), nil, nil))
		return bot.Message{Text: p.T("strain.pulse.fallback"), Blocks: blocks}
	}
	lines := []string{p.T("strain.pulse.results")}
	for _, r := range shown[:min(len(shown), pulseResultsShown)] {
		lines = append(lines, "• "+p.T("strain.pulse.result_line", map[string]any{
			"Name": bot.Escape(r.Client), "Average": p.Decimal(r.Tally.Average(), 1), "Answers": p.N("count.answers", r.Tally.Count),
		}))
	}
	if more := len(shown) - pulseResultsShown; more > 0 {
		lines = append(lines, p.N("strain.pulse.more", more))
	}
	blocks = append(blocks, blockkit.Sections(lines, blockkit.MaxSectionText)...)
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(p.T("strain.pulse.thin_note", map[string]any{"Min": c.Min}))))
	return bot.Message{Text: p.T("strain.pulse.fallback"), Blocks: blocks}
}

// PulsePage is one page of the pulse form.
type PulsePage struct {
	Clients  []ledger.Client // this page's, at most pulsePageSize
	Offset   int             // the first one's place among all, from 0
	Total    int             // active clients in all
	Answered bool            // the person answered this pulse before
	Meta     StrainMeta      // Pulse and Channel; Offset and Clients are filled in here
}

// Last reports whether no page follows.
func (pg PulsePage) Last() bool { return pg.Offset+len(pg.Clients) >= pg.Total }

// PulsePageView renders one page: a 1–5 select per client, all optional.
func PulsePageView(p *locale.Printer, pg PulsePage) slack.ModalViewRequest {
	meta := pg.Meta
	meta.Offset = pg.Offset
	meta.Clients = make([]int64, len(pg.Clients))
	intro := []string{}
	if pg.Offset == 0 {
		intro = append(intro, p.T("strain.pulse.intro"))
	}
	if pg.Total > len(pg.Clients) {
		intro = append(intro, p.T("strain.pulse.page", map[string]any{"From": pg.Offset + 1, "To": pg.Offset + len(pg.Clients), "Total": pg.Total}))
	}
	if pg.Answered {
		intro = append(intro, p.T("strain.pulse.again"))
	}
	var blocks []slack.Block
	if len(intro) > 0 {
		blocks = append(blocks, slack.NewContextBlock(blockPulseIntro, mrkdwn(locale.Clip(strings.Join(intro, " "), blockkit.MaxContextText))))
	}
	options := scoreOptions(p)
	for i, c := range pg.Clients {
		meta.Clients[i] = c.ID
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, compact(p.T("strain.pulse.skip")), ActionPulseScore, options...)
		in := slack.NewInputBlock(blockPulseClient+strconv.FormatInt(c.ID, 10), compact(locale.Clip(c.Name, 150)), nil, sel)
		in.Optional = true
		blocks = append(blocks, in)
	}
	submit := "strain.pulse.submit"
	if !pg.Last() {
		submit = "strain.pulse.next"
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackPulsePage,
		PrivateMetadata: meta.String(),
		Title:           plain(locale.Clip(p.T("strain.pulse.modal_title"), 24)),
		Submit:          plain(locale.Clip(p.T(submit), 24)),
		Close:           plain(locale.Clip(p.T("strain.pulse.cancel"), 24)),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

func scoreOptions(p *locale.Printer) []*slack.OptionBlockObject {
	opts := make([]*slack.OptionBlockObject, 0, strain.MaxScore)
	for s := strain.MinScore; s <= strain.MaxScore; s++ {
		text := p.T("strain.pulse.option", map[string]any{"Score": s, "Label": ScoreLabel(p, s)})
		opts = append(opts, slack.NewOptionBlockObject(strconv.Itoa(s), compact(locale.Clip(text, blockkit.MaxOptionText)), nil))
	}
	return opts
}

// compact is plain text without the "emoji" flag: the form repeats it
// 7 times a client, and the bytes count against the ack's 20 KB.
func compact(s string) *slack.TextBlockObject {
	return &slack.TextBlockObject{Type: slack.PlainTextType, Text: s}
}

// FitsAck reports whether view can be sent in a view_submission's ack.
func FitsAck(view slack.ModalViewRequest) bool {
	raw, err := json.Marshal(bot.ViewUpdate(view))
	return err == nil && len(raw) < maxAckBytes
}

// PulseNoticeView is the form replaced by one paragraph: thanks, or why
// the answers could not be taken.
func PulseNoticeView(p *locale.Printer, title, text string) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  plain(locale.Clip(title, 24)),
		Close:  plain(locale.Clip(p.T("strain.pulse.done_close"), 24)),
		Blocks: slack.Blocks{BlockSet: []slack.Block{blockkit.Section(text)}},
	}
}

// PulseScore is one answer read from a page; Score 0 means skipped.
type PulseScore struct {
	ClientID int64
	Score    int
}

// ReadPulsePage reads the page's answers for the clients it listed;
// anything unreadable counts as skipped.
func ReadPulsePage(state map[string]map[string]slack.BlockAction, clients []int64) []PulseScore {
	out := make([]PulseScore, 0, len(clients))
	for _, id := range clients {
		a := state[blockPulseClient+strconv.FormatInt(id, 10)][ActionPulseScore]
		score, err := strconv.Atoi(a.SelectedOption.Value)
		if err != nil || !strain.ValidScore(score) {
			score = 0
		}
		out = append(out, PulseScore{ClientID: id, Score: score})
	}
	return out
}
