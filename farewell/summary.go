package farewell

import (
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

// selectSummary is the decision summary sent with the drafts: what was
// decided and on what terms, the figures behind it, and the warnings still
// open.
func selectSummary(ev Evidence, d Decision) []Para {
	out := []Para{para(summaryHead(d))}
	out = append(out, bullets(summaryTerms(ev, d)...))
	if figs := summaryFigures(ev); len(figs) > 0 {
		out = append(out, para(msg("farewell.summary.figures")), bullets(figs...))
	}
	if ws := Warnings(ev, d); len(ws) > 0 {
		lines := make([]Line, len(ws))
		for i, w := range ws {
			lines[i] = w.Line
		}
		out = append(out, para(msg("farewell.summary.warnings")), bullets(lines...))
	}
	return out
}

func summaryHead(d Decision) Line {
	args := map[string]Arg{"Client": text(d.Client)}
	switch d.Path {
	case PartWays:
		args["EndDate"] = date(partOf(d).EndDate)
		return msgWith("farewell.summary.head.part_ways", args)
	case BackToStart:
		args["By"] = date(recoveryOf(d).By)
		return msgWith("farewell.summary.head.back_to_start", args)
	case Soften:
		args["EndDate"] = date(softenOf(d).LastDay)
		return msgWith("farewell.summary.head.soften", args)
	}
	return msgWith("farewell.summary.head.boundaries", args)
}

// summaryTerms are the choices made in the wizard, path by path.
func summaryTerms(ev Evidence, d Decision) []Line {
	// Whole sentences per value, not labels in a frame: Russian agreement
	// and case differ from one value to the next.
	out := []Line{msg("farewell.summary.group." + string(groupOf(d)))}
	if d.Path == PartWays || d.Path == Boundaries || d.Path == Soften {
		out = append(out, msg("farewell.summary.tone."+string(toneOf(d))))
	}
	switch d.Path {
	case PartWays:
		out = append(out, partTerms(ev, d, partOf(d))...)
	case Boundaries:
		b := boundariesOf(d)
		out = append(out, msgWith("farewell.summary.contact", map[string]Arg{
			"Minutes":  count("count.minutes", b.ContactMinutes),
			"Channels": textList(b.Channels),
		}))
		if len(b.OutOfScope) > 0 {
			out = append(out, msgWith("farewell.summary.out_of_scope", map[string]Arg{"Items": textList(b.OutOfScope)}))
		}
	case BackToStart:
		out = append(out, msgWith("farewell.summary.redo", map[string]Arg{"Redo": text(recoveryOf(d).Redo)}))
	case Soften:
		s := softenOf(d)
		out = append(out, refundLine("farewell.summary.refund", ev, softenPart(s), date(s.LastDay)))
	}
	if d.Checks.Reviewer != "" {
		out = append(out, msgWith("farewell.summary.reviewer", map[string]Arg{"Reviewer": mention(d.Checks.Reviewer)}))
	} else {
		out = append(out, msg("farewell.summary.no_reviewer"))
	}
	if v := summaryLongTerm(d.LongTerm); len(v) > 0 {
		out = append(out, msgWith("farewell.summary.long_term", map[string]Arg{"Items": lineList(v)}))
	}
	return out
}

func partTerms(ev Evidence, d Decision, p PartDetails) []Line {
	out := []Line{
		msgWith("farewell.summary.reasons", map[string]Arg{"Reasons": signNames(p.Reasons)}),
		refundLine("farewell.summary.refund", ev, p, date(p.EndDate)),
	}
	if p.Referral != nil {
		out = append(out, msgWith("farewell.summary.referral", map[string]Arg{"Provider": text(p.Referral.Provider)}))
	} else {
		out = append(out, msg("farewell.summary.no_referral"))
	}
	out = append(out, msgWith("farewell.summary.talk."+string(channelOf(p)), map[string]Arg{"Speaker": mention(p.Speaker)}))
	var shared []Line
	if d.Share.Hours {
		shared = append(shared, msg("farewell.share.hours"))
	}
	if d.Share.Money {
		shared = append(shared, msg("farewell.share.money"))
	}
	if d.Share.Incidents {
		shared = append(shared, msg("farewell.share.incidents"))
	}
	if len(shared) > 0 {
		return append(out, msgWith("farewell.summary.shared", map[string]Arg{"Items": lineList(shared)}))
	}
	return append(out, msg("farewell.summary.shared_nothing"))
}

func summaryLongTerm(lt LongTerm) []Line {
	out := longTermValue(lt)
	if lt.ReputationRisk {
		out = append(out, msg("farewell.long_term.reputation_risk"))
	}
	return out
}

// summaryFigures are the evidence figures the decision rests on.
func summaryFigures(ev Evidence) []Line {
	var out []Line
	if ev.Minutes12w > 0 {
		out = append(out, msgWith("farewell.summary.hours", map[string]Arg{
			"Hours":  hours(ev.Minutes12w),
			"Weekly": hours(weeklyMinutes(ev.Minutes12w, 12)),
		}))
	}
	if hasMoney(ev) {
		out = append(out, msgWith("farewell.summary.money", map[string]Arg{
			"Cost":    money{ev.Cost12w, ev.Currency},
			"Revenue": money{ev.Revenue12w, ev.Currency},
		}))
	}
	if r := replacementLine(ev); r != nil {
		out = append(out, *r)
	}
	out = append(out, msgWith("farewell.summary.incidents", map[string]Arg{
		"Incidents": count("count.incidents", ev.TotalIncidents()),
	}))
	if ev.Strain != nil {
		if ev.StrainTrend != ledger.Unknown && ev.StrainTrend.Valid() {
			out = append(out, msgWith("farewell.summary.strain_trend", map[string]Arg{
				"Strain": decimal(*ev.Strain),
				"Trend":  msg("farewell.trend." + string(ev.StrainTrend)),
			}))
		} else {
			out = append(out, msgWith("farewell.summary.strain", map[string]Arg{"Strain": decimal(*ev.Strain)}))
		}
	}
	if ev.RevenueFallingSince != nil {
		out = append(out, msgWith("farewell.summary.revenue_falling", map[string]Arg{"Since": date(*ev.RevenueFallingSince)}))
	}
	return out
}

// replacementLine is the digest's keep-or-replace sentence, when the
// client's figures raise it: the same words the digest uses.
func replacementLine(ev Evidence) *Line {
	if ev.Verdict == nil {
		return nil
	}
	for _, f := range ev.Verdict.Flags {
		if f.Kind != digest.ReplacementPays {
			continue
		}
		args := map[string]Arg{
			"Months": count("digest.months", f.Count),
			"Excess": aboutMoney{f.Amount, ev.Currency},
			"CAC":    aboutMoney{f.RefAmount, ev.Currency},
		}
		id := "digest.flag.replacement_pays"
		if f.Peers == 0 {
			id += "_loss"
		} else {
			args["Share"], args["Median"] = percent(f.Value), percent(f.Reference)
		}
		l := msgWith(id, args)
		return &l
	}
	return nil
}

// weeklyMinutes averages minutes over weeks, rounded to a quarter hour (at
// least one) so the spoken figure is a plain one: "6.5 hours a week".
func weeklyMinutes(total, weeks int) int {
	q := (total/weeks + 7) / 15 * 15
	return max(q, 15)
}
