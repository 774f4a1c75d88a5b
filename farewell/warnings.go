package farewell

import (
	"strings"

	"github.com/tact-bot/tact/locale"
)

// Mistake is one of the mistakes to avoid when deciding (domain.md
// section 3), plus the two the rest of the brief warns about: deciding in
// the heat of the moment and forgetting long-term value. The wizard shows
// one checkbox per mistake of section 3, with the warnings beside it.
type Mistake string

const (
	MistakeNotMeasuring  Mistake = "not_measuring"   // no hours-per-department number
	MistakeOwnPart       Mistake = "own_part"        // not seeing our own part
	MistakeContext       Mistake = "context"         // is it only this client?
	MistakeBiasedDecider Mistake = "biased_decider"  // sales or the account team decides
	MistakeWithdrawing   Mistake = "withdrawing"     // parting before parting
	MistakeHeatOfMoment  Mistake = "heat_of_moment"  // parting without warning signs
	MistakeLongTermValue Mistake = "long_term_value" // parting with a valuable client
)

// Mistakes lists the mistakes in the order the wizard shows them.
func Mistakes() []Mistake {
	return []Mistake{MistakeNotMeasuring, MistakeOwnPart, MistakeContext, MistakeBiasedDecider,
		MistakeWithdrawing, MistakeHeatOfMoment, MistakeLongTermValue}
}

// WarningCode names a warning; several can belong to one mistake.
type WarningCode string

const (
	WarnNoHours          WarningCode = "no_hours"          // nothing logged in 12 weeks
	WarnHoursUnconfirmed WarningCode = "hours_unconfirmed" // logged, but not confirmed for every department
	WarnUnrated          WarningCode = "unrated"           // some departments' hours have no rate
	WarnRevenueFalling   WarningCode = "revenue_falling"   // revenue fell since a date: look at our part
	WarnOwnPart          WarningCode = "own_part"          // our part not yet looked at
	WarnOurMisses        WarningCode = "our_misses"        // we logged misses of our own: check our obligations
	WarnNotOutlier       WarningCode = "not_outlier"       // the client is no worse than the team's others
	WarnContext          WarningCode = "context"           // other clients not compared
	WarnNoIndependent    WarningCode = "no_independent"    // no independent decider or reviewer
	WarnDeciderClose     WarningCode = "decider_close"     // the decider is in sales or logged the most hours
	WarnReviewerClose    WarningCode = "reviewer_close"    // so is the reviewer
	WarnWithdrawing      WarningCode = "withdrawing"       // the team may be pulling back already
	WarnWithdrawalSeen   WarningCode = "withdrawal_seen"   // hours fall while incidents rise: it shows in the data
	WarnNoSigns          WarningCode = "no_signs"          // parting, yet no warning sign answered yes
	WarnLongTermValue    WarningCode = "long_term_value"   // parting with a brand, adopter or referrer
)

// Warning is a mistake to avoid that applies to this decision, with the data
// that shows it.
type Warning struct {
	Code WarningCode
	Line Line // the sentence, with its figures
}

// Mistake is the mistake the warning belongs to.
func (w Warning) Mistake() Mistake {
	switch w.Code {
	case WarnNoHours, WarnHoursUnconfirmed, WarnUnrated:
		return MistakeNotMeasuring
	case WarnRevenueFalling, WarnOwnPart, WarnOurMisses:
		return MistakeOwnPart
	case WarnNotOutlier, WarnContext:
		return MistakeContext
	case WarnNoIndependent, WarnDeciderClose, WarnReviewerClose:
		return MistakeBiasedDecider
	case WarnWithdrawing, WarnWithdrawalSeen:
		return MistakeWithdrawing
	case WarnNoSigns:
		return MistakeHeatOfMoment
	}
	return MistakeLongTermValue
}

// Text is the warning in the printer's language.
func (w Warning) Text(p *locale.Printer) string { return w.Line.Render(p) }

// Warnings lists the mistakes to avoid that apply, in Mistakes order. An
// unticked check applies by itself; the evidence adds warnings the check
// cannot silence (no hours logged, the client is no outlier). The last two
// apply only once the path is to part ways.
func Warnings(ev Evidence, d Decision) []Warning {
	d = d.Normalized()
	client := d.Client
	if client == "" {
		client = ev.ClientName
	}
	var out []Warning
	add := func(c WarningCode, args map[string]Arg) {
		out = append(out, Warning{Code: c, Line: msgWith("farewell.warn."+string(c), args)})
	}

	switch {
	case ev.Minutes12w == 0:
		add(WarnNoHours, map[string]Arg{"Client": text(client)})
	case !d.Checks.MeasuredHours:
		add(WarnHoursUnconfirmed, map[string]Arg{"Hours": hours(ev.Minutes12w)})
	}
	if len(ev.Unrated) > 0 {
		add(WarnUnrated, map[string]Arg{"Departments": textList(ev.Unrated)})
	}

	if n := len(ev.OurMisses); n > 0 {
		add(WarnOurMisses, map[string]Arg{"Misses": count("farewell.count.our_misses", n), "Latest": ourMissList(ev.OurMisses)})
	}
	if !d.Checks.OwnPart {
		if ev.RevenueFallingSince != nil {
			add(WarnRevenueFalling, map[string]Arg{"Since": date(*ev.RevenueFallingSince)})
		} else {
			add(WarnOwnPart, nil)
		}
	}

	if cmp, outlier := compareWithTeam(ev); len(cmp) > 0 && !outlier {
		add(WarnNotOutlier, map[string]Arg{"Client": text(client), "Comparison": lineList(cmp)})
	} else if !d.Checks.OnlyThisClient {
		add(WarnContext, nil)
	}

	if !d.Checks.IndependentDecider && d.Checks.Reviewer == "" {
		add(WarnNoIndependent, nil)
	}
	out = append(out, independenceWarnings(ev.Independence, d, client)...)
	if ev.Withdrawing() {
		add(WarnWithdrawalSeen, map[string]Arg{
			"Incidents": count("count.incidents", ev.Verdict.Incidents4w),
			"Before":    number(ev.Verdict.IncidentsPrev4w),
		})
	} else if !d.Checks.NotWithdrawing {
		add(WarnWithdrawing, nil)
	}

	if d.Path == PartWays {
		if len(Reasons(d.Signs)) == 0 {
			add(WarnNoSigns, nil)
		}
		if v := longTermValue(d.LongTerm); len(v) > 0 {
			add(WarnLongTermValue, map[string]Arg{"Items": lineList(v)})
		}
	}
	return out
}

// compareWithTeam sets the client's figures beside the team's medians. The
// client is an outlier when it is above the median on any figure compared.
func compareWithTeam(ev Evidence) (cmp []Line, outlier bool) {
	if m := ev.TeamMedianIncidents; m != nil {
		n := ev.TotalIncidents()
		cmp = append(cmp, msgWith("farewell.warn.cmp_incidents", map[string]Arg{
			"Incidents": count("count.incidents", n),
			"Median":    decimal(*m),
		}))
		outlier = outlier || float64(n) > *m
	}
	if s, m := ev.Strain, ev.TeamMedianStrain; s != nil && m != nil {
		cmp = append(cmp, msgWith("farewell.warn.cmp_strain", map[string]Arg{
			"Strain": decimal(*s),
			"Median": decimal(*m),
		}))
		outlier = outlier || *s > *m
	}
	return cmp, outlier
}

// longTermValue names the reasons the client may be worth more than its
// margin; a bad reputation is not one of them.
func longTermValue(lt LongTerm) []Line {
	var out []Line
	if lt.StrategicBrand {
		out = append(out, msg("farewell.long_term.strategic_brand"))
	}
	if lt.EarlyAdopter {
		out = append(out, msg("farewell.long_term.early_adopter"))
	}
	if lt.ReferralSource {
		out = append(out, msg("farewell.long_term.referral_source"))
	}
	return out
}

// ourMissesShown is how many of our own misses a warning names.
const ourMissesShown = 3

// ourMissList names the latest of our own misses: the day and what
// happened.
func ourMissList(misses []Incident) list {
	var lines []Line
	for _, m := range misses[:min(len(misses), ourMissesShown)] {
		lines = append(lines, msgWith("farewell.warn.our_miss_item", map[string]Arg{
			"Day": date(m.Day), "What": text(clipWords(m.Description, 80)),
		}))
	}
	return lineList(lines)
}

// clipWords shortens s to about n characters at a word boundary.
func clipWords(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
