package dialogs

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// ErrNoDigestChannel is a digest to post in a workspace whose settings name
// no digest channel.
var ErrNoDigestChannel = errors.New("no digest channel is set")

// The digest's Block Kit, one renderer for the channel post, /digest and
// the Home tab: a header with the dates, the team's totals, then clients by
// risk. Flagged clients come in full, each flag's reason in words, with a
// "Review" button (and "Open farewell wizard" where asked); the rest as one
// line each. What does not fit one message goes to thread replies.

// DigestScope is which week a digest shows.
type DigestScope int

const (
	// DigestPastWeek is a full week that has ended.
	DigestPastWeek DigestScope = iota
	// DigestSoFar is the current week up to DigestView.AsOf.
	DigestSoFar
)

// DigestView is a digest and how to show it.
type DigestView struct {
	Report   digest.Report
	Currency string
	Scope    DigestScope
	AsOf     time.Time // the last day counted, for DigestSoFar
	// Farewell adds "Open farewell wizard" beside "Review" on flagged
	// clients.
	Farewell bool
}

// Budgets that keep every message within Block Kit's limits (see
// blockkit) whatever the workspace's size.
const (
	digestDetailed       = 15 // flagged clients shown in full, two blocks each
	digestCompactInline  = 12 // one-line clients in the message before the thread takes over
	digestThreadSections = 45 // sections in one thread reply
	digestHomeSections   = 10 // one-line sections on the Home tab (its view size is capped too)
)

// DigestMessages renders the digest as a message with the header, the
// team's totals and the riskiest clients, and thread replies carrying the
// clients that did not fit (none when all did).
func DigestMessages(p *locale.Printer, v DigestView) (bot.Message, []bot.Message) {
	r := v.Report
	blocks := []slack.Block{slack.NewHeaderBlock(plain(locale.Clip(digestTitle(p, v), blockkit.MaxHeaderText)))}
	blocks = append(blocks, digestSummary(p, v)...)
	msg := bot.Message{Text: p.T("digest.fallback", map[string]any{
		"Range": digestRange(p, v), "Flagged": p.Number(int64(r.Team.Flagged)), "Clients": p.N("digest.of_clients", len(r.Clients)),
	})}
	if len(r.Clients) == 0 {
		msg.Blocks = append(blocks, slack.NewSectionBlock(mrkdwn(p.T("digest.empty")), nil, nil))
		return msg, nil
	}
	blocks = append(blocks, slack.NewDividerBlock())
	n := detailedCount(r.Clients)
	for _, c := range r.Clients[:n] {
		blocks = append(blocks, digestClientBlocks(p, v, c)...)
	}
	rest := r.Clients[n:]
	shown := 0
	if len(rest) > 0 {
		lines := append([]string{p.T("digest.others")}, compactLines(p, v, rest[:min(len(rest), digestCompactInline)])...)
		groups, used := blockkit.Pack(lines, blockkit.SectionRoom, 2)
		blocks = append(blocks, blockkit.SectionBlocks(groups)...)
		shown = used - 1 // the title
	}
	later := rest[max(shown, 0):]
	if len(later) > 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(p.N("digest.more_thread", len(later)))))
	}
	msg.Blocks = blocks
	return msg, digestThread(p, v, later)
}

// DigestHomeBlocks renders the digest for the Home tab in at most
// maxBlocks blocks: the totals, then clients by risk until the room runs
// out, with a closing line counting those left out.
func DigestHomeBlocks(p *locale.Printer, v DigestView, maxBlocks int) []slack.Block {
	r := v.Report
	blocks := digestSummary(p, v)
	if len(r.Clients) == 0 {
		return append(blocks, slack.NewSectionBlock(mrkdwn(p.T("digest.empty")), nil, nil))
	}
	// Room for the closing line, always kept.
	room := maxBlocks - len(blocks) - 1
	n := min(detailedCount(r.Clients), max(room-1, 0)/2)
	for _, c := range r.Clients[:n] {
		blocks = append(blocks, digestClientBlocks(p, v, c)...)
	}
	room = maxBlocks - len(blocks) - 1
	lines := compactLines(p, v, r.Clients[n:])
	groups, shown := blockkit.Pack(lines, blockkit.SectionRoom, min(room, digestHomeSections))
	blocks = append(blocks, blockkit.SectionBlocks(groups)...)
	if left := len(lines) - shown; left > 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(p.N("digest.more", left))))
	}
	return blocks
}

// detailedCount is how many of the leading (flagged) clients are shown in
// full.
func detailedCount(clients []digest.ClientFigures) int {
	n := 0
	for n < len(clients) && n < digestDetailed && clients[n].Flagged() {
		n++
	}
	return n
}

func digestTitle(p *locale.Printer, v DigestView) string {
	if v.Scope == DigestSoFar {
		return p.T("digest.title_so_far", map[string]any{"Range": digestRange(p, v)})
	}
	return p.T("digest.title", map[string]any{"Range": digestRange(p, v)})
}

func digestRange(p *locale.Printer, v DigestView) string {
	return p.DateRange(v.Report.Week.Start, v.Report.Week.End)
}

// digestSummary is what follows the header: how to read it, the totals and
// any departments whose hours went uncosted.
func digestSummary(p *locale.Printer, v DigestView) []slack.Block {
	t := v.Report.Team
	note := p.T("digest.note")
	if v.Scope == DigestSoFar {
		note = p.T("digest.note_so_far", map[string]any{"Day": p.Date(v.AsOf)})
	}
	margin := p.Money(t.Margin, v.Currency)
	if t.Revenue > 0 {
		margin = p.T("digest.total.share", map[string]any{"Margin": margin, "Share": p.Percent(float64(t.Cost) / float64(t.Revenue))})
	}
	field := func(label, value string) *slack.TextBlockObject {
		return mrkdwn(locale.Clip("*"+p.T(label)+"*\n"+value, blockkit.MaxFieldText))
	}
	var blocks []slack.Block
	if us := v.Report.Team.ItIsUs; us != nil {
		blocks = append(blocks, blockkit.Section(teamSignal(p, us)))
	}
	blocks = append(blocks,
		slack.NewContextBlock("", mrkdwn(locale.Clip(note, blockkit.MaxContextText))),
		slack.NewSectionBlock(nil, []*slack.TextBlockObject{
			field("digest.total.hours", p.Duration(t.Minutes)),
			field("digest.total.cost", p.Money(t.Cost, v.Currency)),
			field("digest.total.revenue", p.Money(t.Revenue, v.Currency)),
			field("digest.total.margin", margin),
			field("digest.total.flagged", p.T("digest.total.flagged_value", map[string]any{
				"Flagged": p.Number(int64(t.Flagged)), "Clients": p.N("digest.of_clients", len(v.Report.Clients)),
			})),
		}, nil),
	)
	if len(t.Unrated) > 0 {
		shown := t.Unrated[:min(len(t.Unrated), 10)]
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(locale.Clip(p.T("digest.unrated", map[string]any{
			"Depts": bot.Escape(p.List(shown)), "Dept": bot.Escape(t.Unrated[0]),
		}), blockkit.MaxContextText))))
	}
	return blocks
}

// digestClientBlocks is a flagged client in full: its figures and flags,
// then its buttons.
func digestClientBlocks(p *locale.Printer, v DigestView, c digest.ClientFigures) []slack.Block {
	value := strconv.FormatInt(c.ClientID, 10)
	buttons := []slack.BlockElement{
		slack.NewButtonBlockElement(ActionReviewClient, value, plain(locale.Clip(p.T("digest.review"), blockkit.MaxButtonText))),
	}
	if v.Farewell {
		buttons = append(buttons, slack.NewButtonBlockElement(ActionOpenFarewell, value, plain(locale.Clip(p.T("digest.farewell"), blockkit.MaxButtonText))))
	}
	return []slack.Block{
		blockkit.Section(clientText(p, v, c)),
		slack.NewActionBlock("", buttons...),
	}
}

// clientText is a client's figures, one topic a line, then one line per
// flag with its reason.
func clientText(p *locale.Printer, v DigestView, c digest.ClientFigures) string {
	head := "*" + bot.Escape(c.Name) + "* · " + p.T("digest.client.health", map[string]any{"Score": c.Health.Score})
	if c.Status != ledger.StatusActive && c.Status != "" {
		head += " · _" + StatusLabel(p, c.Status, deref(c.StatusUntil)) + "_"
	}
	lines := []string{head, figuresLine(p, v, c)}
	if len(c.MinutesByDept) > 0 {
		lines = append(lines, p.T("digest.client.by_dept", map[string]any{"Depts": deptList(p, v, c)}))
	}
	trend := p.T("digest.client.trend", map[string]any{
		"Cost": digest.Sparkline(c.CostTrend[:]), "CostDir": arrow(c.CostDir),
		"Hours": digest.Sparkline(c.HoursTrend[:]), "HoursDir": arrow(c.HoursDir),
	})
	lines = append(lines, strings.Join(append([]string{trend}, windowParts(p, c, v.Currency)...), " · "))
	lines = append(lines, incidentsLine(p, c))
	if r := ReasonsLine(p, c, v.Currency); r != "" {
		lines = append(lines, r)
	}
	for _, f := range c.Flags {
		lines = append(lines, "⚠ "+FlagReason(p, f, v.Currency))
	}
	return strings.Join(lines, "\n")
}

func figuresLine(p *locale.Printer, v DigestView, c digest.ClientFigures) string {
	revenue := p.T("digest.client.revenue_none")
	if c.HasRevenue {
		revenue = p.Money(c.Revenue, v.Currency)
	}
	return p.T("digest.client.figures", map[string]any{
		"Hours": p.Duration(c.Minutes), "Cost": p.Money(c.Cost, v.Currency),
		"Revenue": revenue, "Margin": p.Money(c.Margin, v.Currency),
	})
}

// deptList names the departments that worked on the client, most time
// first.
func deptList(p *locale.Printer, v DigestView, c digest.ClientFigures) string {
	depts := make([]string, 0, len(c.MinutesByDept))
	for d := range c.MinutesByDept {
		depts = append(depts, d)
	}
	slices.SortFunc(depts, func(a, b string) int {
		return cmp.Or(cmp.Compare(c.MinutesByDept[b], c.MinutesByDept[a]), strings.Compare(a, b))
	})
	parts := make([]string, len(depts))
	for i, d := range depts {
		data := map[string]any{"Dept": bot.Escape(d), "Hours": p.Duration(c.MinutesByDept[d])}
		if cost, ok := c.CostByDept[d]; ok && !slices.Contains(c.Unrated, d) {
			data["Cost"] = p.Money(cost, v.Currency)
			parts[i] = p.T("digest.client.dept", data)
		} else {
			parts[i] = p.T("digest.client.dept_unrated", data)
		}
	}
	return strings.Join(parts, ", ")
}

func incidentsLine(p *locale.Printer, c digest.ClientFigures) string {
	line := p.T("digest.client.incidents_none")
	if c.Incidents > 0 {
		var cats []string
		for _, cat := range ledger.Categories() {
			if n := c.IncidentsByCategory[cat]; n > 0 {
				cats = append(cats, p.T("digest.client.category", map[string]any{"Category": CategoryLabel(p, cat), "Count": p.Number(int64(n))}))
			}
		}
		line = p.T("digest.client.incidents", map[string]any{"Categories": strings.Join(cats, ", ")})
	}
	if c.Strain != nil {
		line += " · " + p.T("digest.client.strain", map[string]any{"Score": p.Decimal(c.Strain.Score, 1), "Dir": arrow(c.StrainTrend)})
	}
	return line
}

// FlagReason is the sentence saying why a flag was raised, with its
// numbers.
func FlagReason(p *locale.Printer, f digest.Flag, currency string) string {
	id := "digest.flag." + string(f.Kind)
	money := func(m int64) string { return p.Money(m, currency) }
	switch f.Kind {
	case digest.Subsidising:
		return p.T(id, map[string]any{"Cost": money(f.Amount), "Revenue": money(f.RefAmount)})
	case digest.StrainHigh:
		return p.T(id, map[string]any{"Score": p.Decimal(f.Value, 1), "Threshold": p.Decimal(f.Reference, 1)})
	case digest.ReplacementPays:
		// Estimates, said "about": rounded, never to the cent.
		about := func(m int64) string { return money(ledger.RoundSpoken(m, locale.MinorDigits(currency))) }
		data := map[string]any{"Months": p.N("digest.months", f.Count), "Excess": about(f.Amount), "CAC": about(f.RefAmount)}
		if f.Peers == 0 {
			return p.T(id+"_loss", data)
		}
		data["Share"], data["Median"] = p.Percent(f.Value), p.Percent(f.Reference)
		return p.T(id, data)
	case digest.BelowFloor:
		return p.T(id, map[string]any{"Rate": money(f.Amount), "Floor": money(f.RefAmount), "Gap": money(f.Total)})
	case digest.RevenueFalling:
		return p.T(id, map[string]any{"Day": p.Date(f.Since), "Before": money(f.RefAmount), "After": money(f.Amount)})
	case digest.LatePayment:
		return latePayments(p, f, currency)
	case digest.IncidentsRising:
		return p.T(id, map[string]any{"Recent": p.N("count.incidents", f.Count), "Before": p.Number(int64(f.RefCount))})
	case digest.StandsOutIncidents:
		return p.T(id, map[string]any{
			"Incidents": p.N("count.incidents", f.Count), "Median": p.Decimal(f.Reference, -1), "Peers": p.N("digest.peers", f.Peers),
		})
	case digest.StandsOutStrain:
		return p.T(id, map[string]any{
			"Score": p.Decimal(f.Value, 1), "Median": p.Decimal(f.Reference, 1), "Peers": p.N("digest.peers", f.Peers),
		})
	}
	return p.T(id)
}

// compactLines are clients one line each: figures, cost trend and, for
// flagged ones, the flags' short names.
func compactLines(p *locale.Printer, v DigestView, clients []digest.ClientFigures) []string {
	lines := make([]string, len(clients))
	for i, c := range clients {
		revenue := p.T("digest.client.revenue_none")
		if c.HasRevenue {
			revenue = p.Money(c.Revenue, v.Currency)
		}
		line := "• " + p.T("digest.client.compact", map[string]any{
			"Name": bot.Escape(locale.Clip(c.Name, ledger.MaxClientNameRunes)), "Hours": p.Duration(c.Minutes), "Cost": p.Money(c.Cost, v.Currency),
			"Revenue": revenue, "Margin": p.Money(c.Margin, v.Currency), "Trend": digest.Sparkline(c.CostTrend[:]) + " " + arrow(c.CostDir),
			"Health": p.T("digest.client.health", map[string]any{"Score": c.Health.Score}),
		})
		if len(c.Flags) > 0 {
			line += " · " + FlagNames(p, c.Flags)
		}
		lines[i] = line
	}
	return lines
}

// digestThread packs the clients that did not fit the message into thread
// replies, each within the block limit.
func digestThread(p *locale.Printer, v DigestView, clients []digest.ClientFigures) []bot.Message {
	if len(clients) == 0 {
		return nil
	}
	lines := append([]string{p.T("digest.thread_title", map[string]any{"Range": digestRange(p, v)})}, compactLines(p, v, clients)...)
	sections := blockkit.Sections(lines, blockkit.SectionRoom)
	text := p.T("digest.thread_fallback", map[string]any{"Range": digestRange(p, v)})
	var out []bot.Message
	for len(sections) > 0 {
		n := min(len(sections), digestThreadSections)
		out = append(out, bot.Message{Text: text, Blocks: sections[:n]})
		sections = sections[n:]
	}
	return out
}

func arrow(d ledger.Direction) string {
	switch d {
	case ledger.Up:
		return "↑"
	case ledger.Down:
		return "↓"
	}
	return "→"
}
