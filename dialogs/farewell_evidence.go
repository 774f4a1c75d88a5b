package dialogs

import (
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// How much of the lists the evidence step shows.
const (
	evidenceRevenue = 5
	evidenceWhat    = 200
)

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
	return strings.Join(append(lines, verdictLines(p, ev)...), "\n")
}

// verdictLines are the digest's verdict on the client, in its words: the
// health score and its reasons, the window's rate and shares, and the
// money flags, keep-or-replace first.
func verdictLines(p *locale.Printer, ev farewell.Evidence) []string {
	v := ev.Verdict
	if v == nil {
		return nil
	}
	lines := []string{p.T("farewell.ui.ev.health", map[string]any{"Score": v.Health.Score})}
	if w := WindowLine(p, *v, ev.Currency); w != "" {
		lines = append(lines, w)
	}
	if r := ReasonsLine(p, *v, ev.Currency); r != "" {
		lines = append(lines, r)
	}
	replace := false
	for _, f := range v.Flags {
		switch f.Kind {
		case digest.ReplacementPays:
			replace = true
		case digest.Subsidising, digest.BelowFloor, digest.LatePayment:
		default:
			continue
		}
		lines = append(lines, "⚠ "+FlagReason(p, f, ev.Currency))
	}
	if !replace && v.Recent.HasCostShare {
		lines = append(lines, p.T("farewell.ui.ev.keep_pays"))
	}
	return lines
}

func strainText(p *locale.Printer, ev farewell.Evidence) string {
	switch {
	case ev.Strain == nil:
		return p.T("farewell.ui.ev.no_strain")
	case ev.StrainTrend == ledger.Unknown:
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
