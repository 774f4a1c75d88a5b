package farewell

// selectReferralNote is the short note to the recommended provider; nil
// when the manager named none.
func selectReferralNote(d Decision, p PartDetails) []Para {
	r := p.Referral
	if r == nil {
		return nil
	}
	to := msgWith("farewell.referral.note.to", map[string]Arg{"Provider": text(r.Provider)})
	if r.Contact != "" {
		to = msgWith("farewell.referral.note.to_contact", map[string]Arg{
			"Provider": text(r.Provider),
			"Contact":  text(r.Contact),
		})
	}
	body := []Line{msgWith("farewell.referral.note.body", map[string]Arg{
		"Client":  text(d.Client),
		"EndDate": date(p.EndDate),
	})}
	// The manager's "why they fit" speaks of the provider in the third
	// person, so the note to the provider itself does not quote it.
	body = append(body, msg("farewell.referral.note.why"))
	return []Para{
		para(to),
		para(msg("farewell.referral.note.greeting")),
		para(body...),
		para(msg("farewell.referral.note.ask")),
		para(msg("farewell.referral.note.sign_off")),
	}
}

// selectReferralIntro is the line introducing the provider to the client,
// or, without a referral, an offer to suggest colleagues on request.
func selectReferralIntro(p PartDetails) []Para {
	r := p.Referral
	if r == nil {
		return []Para{para(msg("farewell.referral.on_request"))}
	}
	lines := []Line{msgWith("farewell.referral.intro.open", map[string]Arg{"Provider": text(r.Provider)})}
	if r.WhyFit != "" {
		lines = append(lines, msgWith("farewell.referral.intro.why", map[string]Arg{"WhyFit": text(r.WhyFit)}))
	}
	if r.Contact != "" {
		lines = append(lines, msgWith("farewell.referral.intro.contact", map[string]Arg{"Contact": text(r.Contact)}))
	}
	return []Para{para(lines...)}
}

// selectChecklist is what to do around the conversation, in the order it
// is done: before the talk (evidence, the contract, a lawyer, who is told,
// the provider asked first, the refund agreed), the talk itself, and after
// it (the written follow-up, the handover, the service kept up, the
// lessons).
func selectChecklist(ev Evidence, d Decision, p PartDetails) []Line {
	client, end := text(d.Client), date(p.EndDate)
	out := []Line{msgWith("farewell.checklist.evidence", map[string]Arg{"Client": client})}
	if n := ev.TotalIncidents(); n > 0 {
		out = append(out, msgWith("farewell.checklist.incidents", map[string]Arg{
			"Incidents": count("count.incidents", n),
			"Linked":    number(ev.IncidentsWithLinks12w),
		}))
	} else {
		out = append(out, msg("farewell.checklist.no_incidents"))
	}
	out = append(out,
		msgWith("farewell.checklist.clause", map[string]Arg{"EndDate": end}),
		msg("farewell.checklist.lawyer."+lawyerVariant(groupOf(d))),
		msg("farewell.checklist.internal"),
	)
	if p.Referral != nil {
		out = append(out, msgWith("farewell.checklist.referral", map[string]Arg{"Provider": text(p.Referral.Provider)}))
	}
	out = append(out,
		refundLine("farewell.checklist.refund", ev, p, end),
		msgWith("farewell.checklist.talk."+string(channelOf(p)), map[string]Arg{
			"Client":  client,
			"Speaker": mention(p.Speaker),
		}),
		msg("farewell.checklist.others"),
	)
	if len(p.Handover) > 0 {
		out = append(out, msgWith("farewell.checklist.handover_items", map[string]Arg{
			"Items":   textList(p.Handover),
			"EndDate": end,
		}))
	} else {
		out = append(out, msgWith("farewell.checklist.handover_general", map[string]Arg{"EndDate": end}))
	}
	return append(out,
		msgWith("farewell.checklist.service", map[string]Arg{"EndDate": end}),
		msgWith("farewell.checklist.afterwards", map[string]Arg{"Reasons": signNames(p.Reasons)}),
	)
}

// lawyerVariant: with a hostile client expect claims, so the lawyer comes
// before the talk, not only for the wording.
func lawyerVariant(g Group) string {
	if g == Hostile {
		return "hostile"
	}
	return "standard"
}
