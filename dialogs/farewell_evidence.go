package dialogs

import (
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// Windows of the wizard's evidence, in weeks ending today.
const (
	EvidenceWeeks = 12
	recentWeeksFW = 4
	// How much of the lists the evidence step shows.
	evidenceRecent  = 5
	evidenceRevenue = 5
	evidenceWhat    = 200
)

// FarewellEvidence computes what the wizard's first step shows (and the
// drafts draw on) from the facts loaded for a client: today is the team's
// calendar day; money is in currency.
func FarewellEvidence(f storage.FarewellFacts, today time.Time, currency string) farewell.Evidence {
	span12, span4 := ledger.LastWeeks(today, EvidenceWeeks), ledger.LastWeeks(today, recentWeeksFW)
	ev := farewell.Evidence{
		ClientName:   f.Client.Name,
		Incidents12w: map[ledger.Category]int{},
		Currency:     currency,
	}
	for i, in := range f.Recent {
		ev.Incidents12w[in.Category]++
		if len(in.Links) > 0 {
			ev.IncidentsWithLinks12w++
		}
		if i < evidenceRecent {
			ev.Recent = append(ev.Recent, farewell.Incident{
				Category: in.Category, Severity: in.Severity, Day: in.Day, Description: in.Description, Links: in.Links,
			})
		}
	}
	spend12 := ledger.SpendIn(f.Hours, f.Rates, span12)
	ev.Cost12w, ev.Minutes12w, ev.Unrated = spend12.CostMinor, spend12.Minutes, spend12.Unrated
	ev.Cost4w = ledger.SpendIn(f.Hours, f.Rates, span4).CostMinor
	ev.Revenue12w = revenueIn(f.Revenue, span12)
	ev.Revenue4w = revenueIn(f.Revenue, span4)
	// A year of the last four weeks, as the digest annualises.
	ev.AnnualisedCost = ev.Cost4w * (52 / recentWeeksFW)
	if f.Client.HasCAC {
		ev.CACMinor = f.Client.CACMinor
	}
	known := slices.DeleteFunc(slices.Clone(f.Revenue), func(r ledger.Revenue) bool { return r.From.After(today) })
	if since, ok := ledger.RevenueFallingSince(known); ok {
		ev.RevenueFallingSince = &since
	}
	if s, ok := f.Strain[f.Client.ID]; ok {
		avg := s.Average
		ev.Strain = &avg
		ev.StrainTrend = strainTrend(s.History)
	}
	ev.TeamMedianIncidents, ev.TeamMedianStrain = teamMedians(f)
	return ev
}

// revenueIn is the revenue earned over span, day by day: each day earns a
// 364th of the yearly amount in force that day (52 weeks of 7 days, as the
// digest counts), summed exactly and rounded once.
func revenueIn(history []ledger.Revenue, span ledger.Span) int64 {
	sum := new(big.Int)
	for day := span.From; !day.After(span.To); day = day.AddDate(0, 0, 1) {
		r, ok := ledger.RevenueOn(history, day)
		if !ok {
			continue
		}
		per := int64(1)
		switch r.Period {
		case ledger.Week:
			per = 52
		case ledger.Month:
			per = 12
		}
		sum.Add(sum, new(big.Int).Mul(big.NewInt(r.AmountMinor), big.NewInt(per)))
	}
	q, rem := new(big.Int).QuoRem(sum, big.NewInt(364), new(big.Int))
	if rem.Lsh(rem, 1).Cmp(big.NewInt(364)) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() {
		return 1<<63 - 1
	}
	return q.Int64()
}

// strainTrend compares the latest poll with the one before, with the
// digest's tolerance.
func strainTrend(history []float64) farewell.Trend {
	n := len(history)
	if n < 2 {
		return farewell.TrendUnknown
	}
	switch d := history[n-1] - history[n-2]; {
	case d >= digest.StrainTolerance:
		return farewell.TrendRising
	case d <= -digest.StrainTolerance:
		return farewell.TrendFalling
	}
	return farewell.TrendSteady
}

// teamMedians are the medians of the team's other clients that are not
// archived: incidents over the 12 weeks (none counts as 0) and latest
// strain (only clients with a poll). Too few clients give nil, as the
// digest does.
func teamMedians(f storage.FarewellFacts) (incidents, strain *float64) {
	var inc, str []float64
	for _, c := range f.Clients {
		if c.ID == f.Client.ID {
			continue
		}
		inc = append(inc, float64(f.TeamIncidents[c.ID]))
		if s, ok := f.Strain[c.ID]; ok {
			str = append(str, s.Average)
		}
	}
	return median(inc), median(str)
}

func median(v []float64) *float64 {
	if len(v) < digest.MinPeers {
		return nil
	}
	slices.Sort(v)
	m := v[len(v)/2]
	if len(v)%2 == 0 {
		m = (v[len(v)/2-1] + m) / 2
	}
	return &m
}

// lastRevenue is the newest n entries of a revenue history, newest first.
func lastRevenue(history []ledger.Revenue, n int) []ledger.Revenue {
	out := slices.Clone(history)
	slices.Reverse(out)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// evidenceBlocks is the first step: the figures, then the warning-sign
// questions (pre-answered) and the long-term value questions.
func evidenceBlocks(p *locale.Printer, st farewellState) []slack.Block {
	ev := st.Evidence
	name := bot.Escape(ev.ClientName)
	blocks := []slack.Block{
		section(p.T("farewell.ui.ev.head", map[string]any{"Client": name})),
		section(incidentsText(p, ev)),
	}
	if len(ev.Recent) > 0 {
		lines := []string{p.T("farewell.ui.ev.latest")}
		for _, in := range ev.Recent {
			lines = append(lines, p.T("farewell.ui.ev.incident_line", map[string]any{
				"Day": p.Date(in.Day), "Category": CategoryLabel(p, in.Category), "Severity": SeverityLabel(p, in.Severity),
				"What": bot.Escape(locale.Clip(strings.Join(strings.Fields(in.Description), " "), evidenceWhat)),
			}))
		}
		blocks = append(blocks, section(strings.Join(lines, "\n")))
	}
	blocks = append(blocks, section(moneyText(p, ev)))
	if len(ev.Unrated) > 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(locale.Clip(p.T("farewell.ui.ev.unrated",
			map[string]any{"Departments": bot.Escape(p.List(ev.Unrated))}), blockkit.MaxContextText))))
	}
	blocks = append(blocks, section(strainText(p, ev)), section(revenueText(p, ev, st.Revenue)), section(compareText(p, ev)))

	blocks = append(blocks, slack.NewDividerBlock(), section(p.T("farewell.ui.ev.signs_head")))
	for _, s := range farewell.Signs() {
		hint := p.T("farewell.ui.ev.sign_data", map[string]any{
			"Category": CategoryLabel(p, s.Category()), "Count": p.Number(int64(ev.Incidents12w[s.Category()])),
		})
		blocks = append(blocks, yesNoInput(p, blockSignPrefix+string(s), p.T("farewell.sign_question."+string(s)), hint, st.Decision.Signs[s]))
	}
	blocks = append(blocks, slack.NewDividerBlock(), section(p.T("farewell.ui.ev.long_term_head")))
	lt := st.Decision.LongTerm
	for _, q := range []struct {
		key string
		yes bool
	}{
		{"strategic_brand", lt.StrategicBrand}, {"early_adopter", lt.EarlyAdopter},
		{"referral_source", lt.ReferralSource}, {"reputation_risk", lt.ReputationRisk},
	} {
		blocks = append(blocks, yesNoInput(p, blockLongPrefix+q.key, p.T("farewell.long_term_question."+q.key), "", q.yes))
	}
	return blocks
}

func incidentsText(p *locale.Printer, ev farewell.Evidence) string {
	total := ev.TotalIncidents()
	if total == 0 {
		return p.T("farewell.ui.ev.no_incidents")
	}
	lines := []string{p.T("farewell.ui.ev.incidents", map[string]any{
		"Total": p.N("count.incidents", total), "Linked": p.Number(int64(ev.IncidentsWithLinks12w)),
	})}
	for _, c := range ledger.Categories() {
		if n := ev.Incidents12w[c]; n > 0 {
			lines = append(lines, p.T("farewell.ui.ev.category_line", map[string]any{"Category": CategoryLabel(p, c), "Count": p.Number(int64(n))}))
		}
	}
	return strings.Join(lines, "\n")
}

func moneyText(p *locale.Printer, ev farewell.Evidence) string {
	lines := []string{
		p.T("farewell.ui.ev.money_4w", map[string]any{"Cost": p.Money(ev.Cost4w, ev.Currency), "Revenue": p.Money(ev.Revenue4w, ev.Currency)}),
		p.T("farewell.ui.ev.money_12w", map[string]any{
			"Cost": p.Money(ev.Cost12w, ev.Currency), "Revenue": p.Money(ev.Revenue12w, ev.Currency), "Hours": p.Hours(ev.Minutes12w),
		}),
	}
	if ev.CACMinor > 0 {
		lines = append(lines, p.T("farewell.ui.ev.annual", map[string]any{"Annual": p.Money(ev.AnnualisedCost, ev.Currency), "CAC": p.Money(ev.CACMinor, ev.Currency)}))
	} else {
		lines = append(lines, p.T("farewell.ui.ev.annual_no_cac", map[string]any{"Annual": p.Money(ev.AnnualisedCost, ev.Currency)}))
	}
	return strings.Join(lines, "\n")
}

func strainText(p *locale.Printer, ev farewell.Evidence) string {
	switch {
	case ev.Strain == nil:
		return p.T("farewell.ui.ev.no_strain")
	case ev.StrainTrend == farewell.TrendUnknown:
		return p.T("farewell.ui.ev.strain", map[string]any{"Strain": p.Decimal(*ev.Strain, 1)})
	}
	return p.T("farewell.ui.ev.strain_trend", map[string]any{"Strain": p.Decimal(*ev.Strain, 1), "Trend": p.T("farewell.trend." + string(ev.StrainTrend))})
}

func revenueText(p *locale.Printer, ev farewell.Evidence, history []ledger.Revenue) string {
	if len(history) == 0 {
		return p.T("farewell.ui.ev.no_revenue")
	}
	lines := []string{p.T("farewell.ui.ev.revenue_head")}
	for _, r := range history {
		lines = append(lines, p.T("farewell.ui.ev.revenue_line", map[string]any{
			"Amount": p.Money(ledger.MonthlyMinor(r), ev.Currency), "Day": p.Date(r.From),
		}))
	}
	if ev.RevenueFallingSince != nil {
		lines = append(lines, p.T("farewell.ui.ev.revenue_falling", map[string]any{"Since": p.Date(*ev.RevenueFallingSince)}))
	} else {
		lines = append(lines, p.T("farewell.ui.ev.revenue_steady"))
	}
	return strings.Join(lines, "\n")
}

func compareText(p *locale.Printer, ev farewell.Evidence) string {
	lines := []string{p.T("farewell.ui.ev.compare_head")}
	if m := ev.TeamMedianIncidents; m != nil {
		lines = append(lines, p.T("farewell.ui.ev.compare_incidents", map[string]any{
			"Client": p.Number(int64(ev.TotalIncidents())), "Median": decimalText(p, *m),
		}))
	}
	if s, m := ev.Strain, ev.TeamMedianStrain; s != nil && m != nil {
		lines = append(lines, p.T("farewell.ui.ev.compare_strain", map[string]any{"Client": p.Decimal(*s, 1), "Median": decimalText(p, *m)}))
	}
	if len(lines) == 1 {
		lines = append(lines, p.T("farewell.ui.ev.compare_none"))
	}
	return strings.Join(lines, "\n")
}

// decimalText shows a median with one fraction digit at most.
func decimalText(p *locale.Printer, x float64) string {
	if x == float64(int64(x)) {
		return p.Decimal(x, 0)
	}
	return p.Decimal(x, 1)
}

// readEvidence takes the step's answers into the decision.
func readEvidence(v viewValues, d *farewell.Decision) {
	if d.Signs == nil {
		d.Signs = map[farewell.Sign]bool{}
	}
	for _, s := range farewell.Signs() {
		yes := d.Signs[s]
		v.yesNo(blockSignPrefix+string(s), &yes)
		d.Signs[s] = yes
	}
	lt := &d.LongTerm
	v.yesNo(blockLongPrefix+"strategic_brand", &lt.StrategicBrand)
	v.yesNo(blockLongPrefix+"early_adopter", &lt.EarlyAdopter)
	v.yesNo(blockLongPrefix+"referral_source", &lt.ReferralSource)
	v.yesNo(blockLongPrefix+"reputation_risk", &lt.ReputationRisk)
}
