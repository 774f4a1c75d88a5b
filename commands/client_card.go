package commands

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// The client card (/client show): status, revenue and its history,
// acquisition cost, cost to serve by department and incidents.

// How much of each list the card shows; Block Kit allows 50 blocks.
const (
	cardHistoryShown     = 5
	cardLatestIncidents  = 5
	cardDeptSections     = 4
	cardIncidentSections = 3
	cardDescriptionChars = 280
	cardLinksShown       = 3
	cardLinkChars        = 1000
)

// StrainScore is the outcome of a strain poll, as cards and lists show it.
type StrainScore struct {
	Score   float64   // the poll's average answer
	Scale   int       // the top of the answer scale
	Answers int       // how many people answered
	Day     time.Time // the day the poll closed
	// Trend compares Score with the result before it; Previous is that
	// result, 0 when this is the first.
	Trend    ledger.Direction
	Previous float64
}

// ClientCard is everything the card shows, loaded by loadClientCard.
type ClientCard struct {
	Client   storage.ClientDetail
	Currency string
	Location *time.Location   // the team's zone, for dates of events
	Revenue  []ledger.Revenue // oldest first
	Today    time.Time        // in the team's zone
	// Spend this week (Monday to Sunday), over the last 4 weeks and all time.
	WeekSpan, RecentSpan ledger.Span
	Week, Recent, All    ledger.Spend
	Incidents            []storage.CategoryCount // Recent counts the last 4 weeks
	Latest               []storage.IncidentBrief // newest first
	// LatestStrain is the newest strain poll's or pulse's result with
	// enough answers to show; while nil the card leaves the line out.
	LatestStrain *StrainScore
	// Manager is whether the person the card is for is a manager: only
	// then does it offer the farewell wizard.
	Manager bool
	// UnsentDrafts is whether the client's latest farewell drafts never
	// reached the manager by DM: the card then offers managers to resend
	// them.
	UnsentDrafts bool
	// Decision is the client's latest farewell decision, for managers: the
	// card says whether it was independently reviewed.
	Decision *storage.FarewellDecision
	// Verdict is the client's figures in this week's digest so far: its
	// health, rate, shares and flags, as the digest and Home show them;
	// nil for an archived client.
	Verdict *digest.ClientFigures
	// Backdated are the first rates that also cost imported hours worked
	// before them; the card says so.
	Backdated []ledger.Rate
}

// ClientCardMessage loads and renders a client's card in lang, as anyone
// may see it.
func (s *Set) ClientCardMessage(ctx context.Context, teamID string, clientID int64, lang string) (bot.Message, error) {
	card, err := s.loadClientCard(ctx, teamID, clientID)
	if err != nil {
		return bot.Message{}, err
	}
	return s.clientCardMessage(card, lang), nil
}

// ClientCardFor is the card as the requesting user may see it: in their
// language, with the farewell wizard's button for managers only.
func (s *Set) ClientCardFor(ctx context.Context, r *bot.Request, clientID int64) (bot.Message, error) {
	card, err := s.loadClientCard(ctx, r.TeamID, clientID)
	if err != nil {
		return bot.Message{}, err
	}
	if card.Manager, err = r.IsManager(ctx); err != nil {
		return bot.Message{}, fmt.Errorf("checking manager: %w", err)
	}
	if card.Manager {
		dec, err := s.DB.LatestFarewellDecision(ctx, r.TeamID, clientID)
		switch {
		case errors.Is(err, storage.ErrNotFound):
		case err != nil:
			return bot.Message{}, err
		default:
			card.Decision = &dec
			card.UnsentDrafts = !dec.DraftsSent
		}
	}
	return s.clientCardMessage(card, r.Lang), nil
}

func (s *Set) clientCardMessage(card ClientCard, lang string) bot.Message {
	p := s.Catalog.For(lang)
	return bot.Message{
		Text:   p.T("client.card.fallback", map[string]any{"Name": bot.Escape(card.Client.Name)}),
		Blocks: ClientCardBlocks(p, card),
	}
}

func (s *Set) loadClientCard(ctx context.Context, teamID string, clientID int64) (ClientCard, error) {
	today := s.Today()
	recent := digest.WindowSpan(digest.WeekOf(s.Now(), s.Location), today)
	f, err := s.DB.CardFacts(ctx, teamID, clientID, recent, cardLatestIncidents, s.Now())
	if err != nil {
		return ClientCard{}, err
	}
	card := s.clientCard(f, today, recent)
	report, err := s.Dialogs.ReportSoFar(ctx, teamID)
	if err != nil {
		return ClientCard{}, err
	}
	if fig, ok := report.Client(clientID); ok {
		card.Verdict = &fig
	}
	return card, nil
}

// clientCard is the card's figures from the client's facts: one read of
// all time's hours, spent this week, over the recent weeks and in all.
func (s *Set) clientCard(f storage.CardFacts, today time.Time, recent ledger.Span) ClientCard {
	c := ClientCard{
		Client: f.Client, Currency: s.Currency, Location: s.Location, Revenue: f.Revenue, Today: today,
		WeekSpan: ledger.WeekOf(today), RecentSpan: recent, Incidents: f.Incidents, Latest: f.Latest,
	}
	c.Week = ledger.SpendIn(f.Hours, f.Rates, c.WeekSpan)
	c.Recent = ledger.SpendIn(f.Hours, f.Rates, c.RecentSpan)
	c.All = ledger.SpendIn(f.Hours, f.Rates, ledger.AllTime())
	c.Backdated = ledger.BackdatedRates(f.Hours, f.Rates)
	if f.Strain != nil {
		c.LatestStrain = s.strainScore(*f.Strain)
	}
	return c
}

// ClientCardBlocks renders the card. It stays within Block Kit's limits for
// a message whatever the data: long lists are cut with "and N more".
func ClientCardBlocks(p *locale.Printer, c ClientCard) []slack.Block {
	name := bot.Escape(c.Client.Name)
	blocks := []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, locale.Clip(c.Client.Name, blockkit.MaxHeaderText), false, false)),
		slack.NewSectionBlock(nil, cardFields(p, c), nil),
	}
	if v := verdictText(p, c); v != "" {
		blocks = append(blocks, blockkit.Section(v))
	}
	if hist := revenueHistoryText(p, c); hist != "" {
		blocks = append(blocks, blockkit.Section(hist))
	}
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, hoursBlocks(p, c, name)...)
	if line := backdatedLine(p, c); line != "" {
		blocks = append(blocks, blockkit.Context(line))
	}
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, incidentBlocks(p, c, name)...)
	value := strconv.FormatInt(c.Client.ID, 10)
	buttons := []slack.BlockElement{
		slack.NewButtonBlockElement(dialogs.ActionLogIncident, value, slack.NewTextBlockObject(slack.PlainTextType, p.T("client.card.log_incident"), false, false)),
		slack.NewButtonBlockElement(dialogs.ActionLogHours, value, slack.NewTextBlockObject(slack.PlainTextType, p.T("client.card.log_hours"), false, false)),
	}
	if c.Manager && c.Client.Status != ledger.StatusArchived {
		buttons = append(buttons, slack.NewButtonBlockElement(dialogs.ActionOpenFarewell, value,
			slack.NewTextBlockObject(slack.PlainTextType, locale.Clip(p.T("farewell.card.open"), blockkit.MaxButtonText), false, false)))
	}
	if c.Manager && c.UnsentDrafts {
		buttons = append(buttons, slack.NewButtonBlockElement(dialogs.ActionResendDrafts, value,
			slack.NewTextBlockObject(slack.PlainTextType, locale.Clip(p.T("farewell.resend.button"), blockkit.MaxButtonText), false, false)))
	}
	if c.Manager {
		if history := historyButtons(p, c.Latest); len(history) > 0 {
			blocks = append(blocks, slack.NewActionBlock("", history...))
		}
	}
	if c.Manager && c.Decision != nil {
		blocks = append(blocks, blockkit.Context(reviewLine(p, *c.Decision, c.Location)))
	}
	blocks = append(blocks, slack.NewActionBlock("", buttons...))
	return blocks
}

// backdatedLine says which first rates also cost imported hours from
// before them; "" when none do.
func backdatedLine(p *locale.Printer, c ClientCard) string {
	if len(c.Backdated) == 0 {
		return ""
	}
	parts := make([]string, len(c.Backdated))
	for i, r := range c.Backdated {
		parts[i] = p.T("client.card.backdated_rate", map[string]any{"Dept": r.Department, "Rate": p.Money(r.PerHourMinor, c.Currency), "Day": p.Date(r.From)})
	}
	return locale.Clip(p.T("client.card.backdated", map[string]any{"Rates": strings.Join(parts, "; ")}), blockkit.MaxContextText)
}

// reviewLine says whether the latest decision was independently reviewed.
func reviewLine(p *locale.Printer, d storage.FarewellDecision, loc *time.Location) string {
	who := map[string]any{"Reviewer": "<@" + d.Reviewer + ">"}
	switch {
	case d.Reviewer == "":
		return p.T("farewell.reviewer.card_none")
	case d.ReviewedAt.IsZero():
		return p.T("farewell.reviewer.card_pending", who)
	}
	if loc == nil {
		loc = time.UTC
	}
	who["Date"] = p.Date(d.ReviewedAt.In(loc))
	return p.T("farewell.reviewer.card_reviewed", who)
}

func cardFields(p *locale.Printer, c ClientCard) []*slack.TextBlockObject {
	field := func(label, value string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.MarkdownType, locale.Clip("*"+p.T(label)+"*\n"+value, blockkit.MaxFieldText), false, false)
	}
	fields := []*slack.TextBlockObject{field("client.card.status", dialogs.StatusLabel(p, c.Client.Status, c.Client.StatusUntil))}
	rev, since, hasRev := ledger.RevenueSince(c.Revenue, c.Today)
	if hasRev {
		fields = append(fields, field("client.card.revenue", p.T("client.card.revenue_since", map[string]any{
			"Amount": perPeriod(p, rev, c.Currency), "Day": p.Date(since),
		})))
	} else {
		fields = append(fields, field("client.card.revenue", p.T("client.card.revenue_none")))
	}
	if v := c.Verdict; v != nil && v.HasInvoices {
		fields = append(fields, field("client.card.invoiced", p.T("client.card.invoiced_value", map[string]any{
			"Invoiced": p.Money(v.Invoiced, c.Currency), "Owed": p.Money(v.Owed, c.Currency),
		})))
	}
	cac := p.T("client.card.cac_none")
	if c.Client.HasCAC {
		cac = p.Money(c.Client.CACMinor, c.Currency)
	}
	fields = append(fields, field("client.card.cac", cac))
	cost := p.Money(c.Recent.CostMinor, c.Currency)
	if v := c.Verdict; v != nil && v.Recent.HasCostShare {
		cost = p.T("client.card.cost_share", map[string]any{"Cost": p.Money(v.Recent.Cost, c.Currency), "Share": p.Percent(v.Recent.CostShare)})
	}
	fields = append(fields, field("client.card.cost", cost))
	if st := c.LatestStrain; st != nil {
		fields = append(fields, field("client.card.strain", p.T("client.card.strain_value", map[string]any{
			"Score": p.Decimal(st.Score, 1), "Scale": st.Scale, "Answers": p.N("count.answers", st.Answers), "Day": p.Date(st.Day),
		})+strainTrendText(p, st)))
	}
	return fields
}

// verdictText is the client's health with its reasons, its last 4 weeks
// (rate, shares, time outside the contract) and its flags, in the digest's
// words; "" without a verdict.
func verdictText(p *locale.Printer, c ClientCard) string {
	v := c.Verdict
	if v == nil {
		return ""
	}
	lines := []string{p.T("client.card.health", map[string]any{"Score": v.Health.Score})}
	if w := dialogs.WindowLine(p, *v, c.Currency); w != "" {
		lines = append(lines, w)
	}
	if r := dialogs.ReasonsLine(p, *v, c.Currency); r != "" {
		lines = append(lines, r)
	}
	for _, f := range v.Flags {
		lines = append(lines, "⚠ "+dialogs.FlagReason(p, f, c.Currency))
	}
	return locale.Clip(strings.Join(lines, "\n"), blockkit.MaxSectionText)
}

// revenueHistoryText lists revenue changes newest first; "" when there
// has been at most one value.
func revenueHistoryText(p *locale.Printer, c ClientCard) string {
	if len(c.Revenue) < 2 {
		return ""
	}
	lines := []string{p.T("client.card.history")}
	for i := len(c.Revenue) - 1; i >= 0 && len(lines) <= cardHistoryShown; i-- {
		h := c.Revenue[i]
		lines = append(lines, "• "+p.T("client.card.history_line", map[string]any{"Amount": perPeriod(p, h, c.Currency), "Day": p.Date(h.From)}))
	}
	if more := len(c.Revenue) - cardHistoryShown; more > 0 {
		lines = append(lines, p.N("client.card.history_more", more))
	}
	return strings.Join(lines, "\n")
}

func hoursBlocks(p *locale.Printer, c ClientCard, name string) []slack.Block {
	if c.All.Minutes == 0 {
		return []slack.Block{blockkit.Section(p.T("client.card.hours") + "\n" + p.T("client.card.no_hours", map[string]any{"Name": name}))}
	}
	total := func(label string, data map[string]any, s ledger.Spend) string {
		return p.T("client.card.total_line", map[string]any{
			"Period": p.T(label, data), "Hours": p.Duration(s.Minutes), "Cost": p.Money(s.CostMinor, c.Currency),
		})
	}
	head := strings.Join([]string{
		p.T("client.card.hours"),
		total("client.card.week", map[string]any{"Range": p.DateRange(c.WeekSpan.From, c.WeekSpan.To)}, c.Week),
		total("client.card.recent", map[string]any{"Range": p.DateRange(c.RecentSpan.From, c.RecentSpan.To)}, c.Recent),
		total("client.card.all", nil, c.All),
	}, "\n")
	blocks := []slack.Block{blockkit.Section(head)}
	spend := func(d ledger.DepartmentSpend) string {
		return p.T("client.card.spend", map[string]any{"Hours": p.Duration(d.Minutes), "Cost": p.Money(d.CostMinor, c.Currency)})
	}
	var lines []string
	for _, d := range c.All.Departments {
		lines = append(lines, "• "+p.T("client.card.dept_line", map[string]any{
			"Dept": bot.Escape(d.Department), "Week": spend(c.Week.Department(d.Department)),
			"Recent": spend(c.Recent.Department(d.Department)), "All": spend(d),
		}))
	}
	blocks = append(blocks, blockkit.SectionsUpTo(lines, cardDeptSections, func(n int) string { return p.N("client.card.depts_more", n) })...)
	if u := c.All.Unrated; len(u) > 0 {
		shown := u
		if len(shown) > 10 {
			shown = shown[:10]
		}
		blocks = append(blocks, blockkit.Context(p.T("client.card.unrated", map[string]any{
			"Depts": bot.Escape(p.List(shown)), "Dept": bot.Escape(u[0]),
		})))
	}
	return blocks
}

func incidentBlocks(p *locale.Printer, c ClientCard, name string) []slack.Block {
	if len(c.Incidents) == 0 {
		return []slack.Block{blockkit.Section(p.T("client.card.no_incidents", map[string]any{"Name": name}))}
	}
	recent, total := 0, 0
	lines := make([]string, 0, len(c.Incidents)+1)
	for _, n := range c.Incidents {
		recent += n.Recent
		total += n.Total
		lines = append(lines, "• "+p.T("client.card.category_line", map[string]any{
			"Category": categoryLabel(p, n.Category), "Recent": p.Number(int64(n.Recent)), "Total": p.Number(int64(n.Total)),
		}))
	}
	head := p.T("client.card.incidents", map[string]any{"Recent": p.N("count.incidents", recent), "Total": p.Number(int64(total))})
	blocks := []slack.Block{blockkit.Section(head + "\n" + strings.Join(lines, "\n"))}
	if len(c.Latest) == 0 {
		return blocks
	}
	latest := []string{p.T("client.card.latest")}
	for _, in := range c.Latest {
		latest = append(latest, incidentLine(p, in))
	}
	return append(blocks, blockkit.SectionsUpTo(latest, cardIncidentSections, func(int) string { return "…" })...)
}

func incidentLine(p *locale.Printer, in storage.IncidentBrief) string {
	line := "• " + p.T("client.card.incident_line", map[string]any{
		"Number":   in.ID,
		"Day":      p.Date(in.OccurredOn),
		"Severity": p.T("incident.severity." + string(in.Severity)),
		"Category": categoryLabel(p, in.Category),
		"Who":      "<@" + in.ReportedBy + ">",
		"What":     bot.Escape(locale.Clip(oneLine(in.Description), cardDescriptionChars)),
	})
	if in.Edited {
		line += " " + p.T("client.card.edited")
	}
	var links []string
	skipped := 0
	for _, l := range in.Links {
		if len(links) == cardLinksShown || len(l) > cardLinkChars || strings.ContainsAny(l, "|<> \n") {
			skipped++
			continue
		}
		links = append(links, fmt.Sprintf("<%s|%s>", l, p.T("client.card.link", map[string]any{"N": len(links) + 1})))
	}
	if skipped > 0 {
		links = append(links, p.N("client.card.links_more", skipped))
	}
	if len(links) > 0 {
		line += "\n   " + p.T("client.card.evidence", map[string]any{"Links": strings.Join(links, ", ")})
	}
	return line
}

// historyButtons are a History button for each edited incident shown.
func historyButtons(p *locale.Printer, latest []storage.IncidentBrief) []slack.BlockElement {
	var out []slack.BlockElement
	for _, in := range latest {
		if in.Edited {
			out = append(out, slack.NewButtonBlockElement(dialogs.ActionIncidentHistory, strconv.FormatInt(in.ID, 10),
				slack.NewTextBlockObject(slack.PlainTextType, p.T("incident.history.button", map[string]any{"Number": in.ID}), false, false)))
		}
	}
	return out
}

// categoryLabel is the category's name as the incident messages define it.
func categoryLabel(p *locale.Printer, c ledger.Category) string {
	key := strings.ReplaceAll(string(c), "-", "_")
	if c == ledger.Other || !c.Valid() {
		key = "unlisted"
	}
	return p.T("incident.category_label." + key)
}
