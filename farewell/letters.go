package farewell

// The written side of parting: the follow-up the script promises ("I'll
// send you a short written summary today"), the formal notice of
// termination a lawyer will ask for (in Russian practice a unilateral
// termination goes through one), and the handover act. They are written,
// not said: dates and amounts stay exact, and blanks in brackets mark what
// the manager fills in.

func selectFollowUp(ev Evidence, d Decision, p PartDetails) []Para {
	end := date(p.EndDate)
	body := []Line{msgWith("farewell.follow_up.end", map[string]Arg{"Client": text(d.Client), "EndDate": end})}
	if len(p.Handover) > 0 {
		body = append(body, msgWith("farewell.follow_up.handover_items", map[string]Arg{"Items": textList(p.Handover)}))
	} else {
		body = append(body, msg("farewell.follow_up.handover_general"))
	}
	body = append(body, refundLine("farewell.talk.help.refund", ev, p, end))
	switch r := p.Referral; {
	case r == nil:
		body = append(body, msg("farewell.referral.on_request"))
	case r.Contact != "":
		body = append(body, msgWith("farewell.follow_up.referral_contact", map[string]Arg{"Provider": text(r.Provider), "Contact": text(r.Contact)}))
	default:
		body = append(body, msgWith("farewell.follow_up.referral", map[string]Arg{"Provider": text(r.Provider)}))
	}
	return []Para{
		para(msg("farewell.follow_up.subject")),
		para(msg("farewell.follow_up.greeting")),
		para(msg("farewell.follow_up.intro")),
		bullets(body...),
		para(msgWith("farewell.follow_up.questions", map[string]Arg{"EndDate": end})),
		para(msg("farewell.follow_up.sign_off")),
		para(msg("farewell.follow_up.signature")),
	}
}

// blank is a value the manager fills in: what was given, else the
// catalogue's bracketed blank.
func blank(given, id string) Arg {
	if given != "" {
		return text(given)
	}
	return msg(id)
}

func selectNotice(ev Evidence, d Decision, p PartDetails) []Para {
	end := date(p.EndDate)
	body := []Line{msgWith("farewell.notice.body", map[string]Arg{
		"Clause":   blank(p.Clause, "farewell.notice.blank_clause"),
		"Contract": blank(p.Contract, "farewell.notice.blank_contract"),
		"EndDate":  end,
	})}
	if p.NoticeDays > 0 {
		body = append(body, msgWith("farewell.notice.period", map[string]Arg{"Days": count("digest.days", p.NoticeDays)}))
	}
	return []Para{
		para(msgWith("farewell.notice.to", map[string]Arg{"Client": text(d.Client)})),
		para(msg("farewell.notice.title")),
		para(msg("farewell.notice.place")),
		para(body...),
		para(msgWith("farewell.notice.services", map[string]Arg{"EndDate": end}),
			msgWith("farewell.notice.handover", map[string]Arg{"EndDate": end})),
		para(msg("farewell.notice.settlement"), refundLine("farewell.summary.refund", ev, p, end)),
		para(msg("farewell.notice.confirm")),
		para(msg("farewell.notice.signature")),
	}
}

func selectHandoverAct(d Decision, p PartDetails) []Para {
	items := make([]Line, 0, len(p.Handover))
	for _, h := range p.Handover {
		items = append(items, msgWith("farewell.act.item", map[string]Arg{"Item": text(h)}))
	}
	if len(items) == 0 {
		items = []Line{msg("farewell.act.default_access"), msg("farewell.act.default_documents"), msg("farewell.act.default_state")}
	}
	return []Para{
		para(msgWith("farewell.act.title", map[string]Arg{"Contract": blank(p.Contract, "farewell.notice.blank_contract")})),
		para(msgWith("farewell.act.place", map[string]Arg{"EndDate": date(p.EndDate)})),
		para(msgWith("farewell.act.intro", map[string]Arg{"Client": text(d.Client)})),
		bullets(items...),
		para(msg("farewell.act.claims")),
		para(msg("farewell.act.signatures")),
	}
}
