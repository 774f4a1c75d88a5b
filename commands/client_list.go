package commands

import (
	"context"
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

// The client list (/client list): active clients ranked by health as this
// week's digest so far ranks them, with what they bring in and what they
// cost over the digest's 4-week window.

// listSections bounds the list's text to about 30,000 characters (a few
// hundred clients); the rest are counted, not shown.
const listSections = 10

// ClientList is what /client list shows.
type ClientList struct {
	Currency   string
	RecentSpan ledger.Span
	Rows       []ClientRow // flagged first, then by health, worst first
}

// ClientRow is one client in the list.
type ClientRow struct {
	ID           int64
	Name         string
	HasRevenue   bool
	MonthlyMinor int64        // revenue in force today, a month
	Recent       ledger.Spend // over the last 4 weeks
	Incidents    int          // that happened in the last 4 weeks
	// Strain is the newest strain result with enough answers; nil if none.
	Strain *StrainScore
	// Verdict is the client's figures in this week's digest so far.
	Verdict *digest.ClientFigures
}

// ClientListMessage loads and renders the list in lang.
func (s *Set) ClientListMessage(ctx context.Context, teamID, lang string) (bot.Message, error) {
	list, err := s.loadClientList(ctx, teamID)
	if err != nil {
		return bot.Message{}, err
	}
	p := s.Catalog.For(lang)
	return bot.Message{Text: p.T("client.list.fallback"), Blocks: ClientListBlocks(p, list)}, nil
}

func (s *Set) loadClientList(ctx context.Context, teamID string) (ClientList, error) {
	report, err := s.Dialogs.ReportSoFar(ctx, teamID)
	if err != nil {
		return ClientList{}, err
	}
	revenue, err := s.DB.TeamRevenue(ctx, teamID)
	if err != nil {
		return ClientList{}, err
	}
	strain, err := s.DB.LatestStrain(ctx, teamID, s.Now())
	if err != nil {
		return ClientList{}, err
	}
	today := s.Today()
	return s.clientListOf(report, revenue, strain, today), nil
}

// clientListOf is each client's figures from this week's report so far,
// in its order, with the revenue in force today and the latest strain.
func (s *Set) clientListOf(r digest.Report, revenue map[int64][]ledger.Revenue, strain map[int64]storage.StrainScore, today time.Time) ClientList {
	l := ClientList{Currency: s.Currency, RecentSpan: digest.WindowSpan(r.Week, today)}
	for i := range r.Clients {
		c := &r.Clients[i]
		row := ClientRow{ID: c.ClientID, Name: c.Name, Incidents: c.Incidents4w,
			Recent: ledger.Spend{Minutes: c.Recent.Minutes, CostMinor: c.Recent.Cost}, Verdict: c}
		if rev, ok := ledger.RevenueOn(revenue[c.ClientID], today); ok {
			row.HasRevenue, row.MonthlyMinor = true, ledger.MonthlyMinor(rev)
		}
		if st, ok := strain[c.ClientID]; ok {
			row.Strain = s.strainScore(st)
		}
		l.Rows = append(l.Rows, row)
	}
	return l
}

// ClientListBlocks renders the list within Block Kit's limits for a
// message, however many clients there are.
func ClientListBlocks(p *locale.Printer, l ClientList) []slack.Block {
	blocks := []slack.Block{slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, p.T("client.list.title"), false, false))}
	if len(l.Rows) == 0 {
		return append(blocks, blockkit.Section(p.T("client.list.empty")))
	}
	blocks = append(blocks, blockkit.Context(p.T("client.list.period", map[string]any{"Range": p.DateRange(l.RecentSpan.From, l.RecentSpan.To)})))
	lines := make([]string, len(l.Rows))
	for i, r := range l.Rows {
		lines[i] = "• " + clientRowText(p, r, l.Currency)
	}
	blocks = append(blocks, blockkit.SectionsUpTo(lines, listSections, func(n int) string { return p.N("client.list.more", n) })...)
	return append(blocks, blockkit.Context(p.T("client.list.hint")))
}

func clientRowText(p *locale.Printer, r ClientRow, currency string) string {
	revenue := p.T("client.list.revenue_none")
	if r.HasRevenue {
		revenue = p.T("client.list.revenue", map[string]any{"Amount": p.Money(r.MonthlyMinor, currency)})
	}
	text := p.T("client.list.line", map[string]any{
		"Name":      bot.Escape(r.Name),
		"Revenue":   revenue,
		"Hours":     p.Duration(r.Recent.Minutes),
		"Cost":      p.Money(r.Recent.CostMinor, currency),
		"Incidents": p.N("count.incidents", r.Incidents),
	})
	if st := r.Strain; st != nil {
		text += " · " + p.T("client.list.strain", map[string]any{"Score": p.Decimal(st.Score, 1), "Scale": st.Scale}) + strainArrow(st)
	}
	if v := r.Verdict; v != nil {
		text += verdictSuffix(p, v, currency)
	}
	return text
}

// verdictSuffix is a client's health, effective rate and flags for one
// line of the list.
func verdictSuffix(p *locale.Printer, v *digest.ClientFigures, currency string) string {
	text := " · " + p.T("digest.client.health", map[string]any{"Score": v.Health.Score})
	if v.Recent.HasRate {
		text += " · " + p.T("digest.window.rate", map[string]any{"Rate": p.Money(v.Recent.Rate, currency)})
	}
	if len(v.Flags) > 0 {
		text += " · " + dialogs.FlagNames(p, v.Flags)
	}
	return text
}
