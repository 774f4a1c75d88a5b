package dialogs

import (
	"strings"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/locale"
)

// The words of the digest's verdicts: the team-wide "is it us?", the
// window's rate and shares, and the reasons behind a health score. The
// card, the list, Home and the wizard show a client's figures with these
// same sentences, so they agree wherever they appear.

// reasonsShown is how many reasons a health score is explained with.
const reasonsShown = 3

// teamSignal is the line a digest opens with when most clients are
// unhappy at once.
func teamSignal(p *locale.Printer, s *digest.TeamSignal) string {
	return p.T("digest.us."+string(s.Kind), map[string]any{
		"Score": p.Decimal(s.Value, 1), "Count": p.Number(int64(s.Count)), "Clients": p.N("digest.of_clients", s.Of),
	})
}

// WindowLine is a client's last 4 weeks: its cost share, its effective
// hourly rate against the team's median, and its shares of the team's
// revenue and hours. "" when the client has neither revenue nor hours.
func WindowLine(p *locale.Printer, c digest.ClientFigures, currency string) string {
	parts := windowParts(p, c, currency)
	if len(parts) == 0 {
		return ""
	}
	return p.T("digest.window.line", map[string]any{"Parts": strings.Join(parts, " · ")})
}

func windowParts(p *locale.Printer, c digest.ClientFigures, currency string) []string {
	w := c.Recent
	var parts []string
	if w.HasCostShare {
		parts = append(parts, p.T("digest.window.cost_share", map[string]any{"Share": p.Percent(w.CostShare)}))
	}
	if w.HasRate {
		data := map[string]any{"Rate": p.Money(w.Rate, currency)}
		id := "digest.window.rate"
		if c.Others.RateClients >= digest.MinPeers {
			id, data["Median"] = "digest.window.rate_median", p.Money(int64(c.Others.Rate+0.5), currency)
		}
		rate := p.T(id, data)
		if c.LongRate.HasRate && c.LongRate.Rate != w.Rate {
			rate += " " + p.T("digest.window.rate_long", map[string]any{"Rate": p.Money(c.LongRate.Rate, currency)})
		}
		parts = append(parts, rate)
	}
	if w.HasRevenue && w.RevenueShare > 0 {
		parts = append(parts, p.T("digest.window.revenue_share", map[string]any{"Share": p.Percent(w.RevenueShare)}))
	}
	if w.HoursShare > 0 {
		parts = append(parts, p.T("digest.window.hours_share", map[string]any{"Share": p.Percent(w.HoursShare)}))
	}
	if w.OutsideMinutes > 0 {
		parts = append(parts, p.T("digest.window.outside", map[string]any{"Share": p.Percent(w.OutsideShare()), "Cost": p.Money(w.OutsideCost, currency)}))
	}
	return parts
}

// ReasonsLine names the top reasons a client's health score is below 100;
// "" when nothing lowers it.
func ReasonsLine(p *locale.Printer, c digest.ClientFigures, currency string) string {
	top := c.Health.Top(reasonsShown)
	if len(top) == 0 {
		return ""
	}
	words := make([]string, len(top))
	for i, r := range top {
		words[i] = Reason(p, r, currency)
	}
	return p.T("digest.reason.line", map[string]any{"Reasons": strings.Join(words, "; ")})
}

// Reason is one part of a health score in words.
func Reason(p *locale.Printer, r digest.Reason, currency string) string {
	id := "digest.reason." + string(r.Kind)
	switch r.Kind {
	case digest.ReasonCostShare:
		if r.Peers == 0 {
			return p.T(id+"_alone", map[string]any{"Share": p.Percent(r.Value)})
		}
		return p.T(id, map[string]any{"Share": p.Percent(r.Value), "Median": p.Percent(r.Reference)})
	case digest.ReasonBelowFloor:
		return p.T(id, map[string]any{"Rate": p.Money(r.Amount, currency), "Floor": p.Money(r.RefAmount, currency)})
	case digest.ReasonRevenueFalling:
		return p.T(id, map[string]any{"Day": p.Date(r.Since)})
	case digest.ReasonLatePayment:
		return p.N(id, r.Count)
	case digest.ReasonStrain:
		return p.T(id, map[string]any{"Score": p.Decimal(r.Value, 1), "Median": p.Decimal(r.Reference, 1)})
	case digest.ReasonIncidents:
		return p.T(id, map[string]any{"Incidents": p.N("count.incidents", r.Count), "PerWeek": p.Decimal(r.Value, 1), "Median": p.Decimal(r.Reference, 1)})
	case digest.ReasonSeverity:
		return p.N(id, r.Count)
	case digest.ReasonOutsideContract:
		return p.T(id, map[string]any{"Share": p.Percent(r.Value), "Cost": p.Money(r.Amount, currency)})
	}
	return p.T(id)
}

// latePayments is the late-payment flag: how many, and where the
// incidents gave them, the amount outstanding and how late, and whether
// it is getting worse.
func latePayments(p *locale.Printer, f digest.Flag, currency string) string {
	text := p.N("digest.flag.late_payment", f.Count)
	if f.Invoices {
		text = p.N("digest.flag.overdue_invoices", f.Count)
	}
	var parts []string
	if f.Total > 0 {
		parts = append(parts, p.T("digest.late.outstanding", map[string]any{"Amount": p.Money(f.Total, currency)}))
	}
	if f.Value > 0 {
		parts = append(parts, p.T("digest.late.days", map[string]any{"Days": p.N("digest.days", int(f.Value+0.5))}))
		if f.Reference > 0 && f.Value > f.Reference {
			parts = append(parts, p.T("digest.late.worse", map[string]any{"Before": p.N("digest.days", int(f.Reference+0.5))}))
		}
	}
	if len(parts) == 0 {
		return text
	}
	return text + " " + p.T("digest.late.detail", map[string]any{"Detail": strings.Join(parts, ", ")})
}

// FlagNames is a client's flags by their short names, for one-line views.
func FlagNames(p *locale.Printer, flags []digest.Flag) string {
	names := make([]string, len(flags))
	for i, f := range flags {
		names[i] = p.T("digest.flag_short." + string(f.Kind))
	}
	return p.T("digest.client.compact_flags", map[string]any{"Flags": strings.Join(names, ", ")})
}
