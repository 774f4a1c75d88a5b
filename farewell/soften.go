package farewell

// Softening the blow (seed 003): the client is leaving on their own, or
// stays hostile whatever we do. We don't pursue them or argue; a calm
// closing message and a refund or gesture let them go without a grudge to
// take out on us in reviews.

// softenPart is the soften details seen as a parting's, so the refund
// reads and nets as it does when we part ways.
func softenPart(s SoftenDetails) PartDetails {
	return PartDetails{EndDate: s.LastDay, Refund: s.Refund, RefundMinor: s.RefundMinor, Handover: s.Handover}
}

func selectClosingMessage(ev Evidence, d Decision, s SoftenDetails) []Para {
	tone := string(toneOf(d))
	end := date(s.LastDay)
	body := []Line{msgWith("farewell.closing.respect."+tone, map[string]Arg{"Client": text(d.Client), "EndDate": end})}
	if len(s.Handover) > 0 {
		body = append(body, msgWith("farewell.closing.handover_items", map[string]Arg{"Items": textList(s.Handover), "EndDate": end}))
	} else {
		body = append(body, msgWith("farewell.closing.handover_general", map[string]Arg{"EndDate": end}))
	}
	out := []Para{
		para(msg("farewell.closing.greeting")),
		para(body...),
		para(refundLine("farewell.talk.help.refund", ev, softenPart(s), end)),
	}
	if s.Gesture != "" {
		out = append(out, para(msgWith("farewell.closing.gesture", map[string]Arg{"Gesture": text(s.Gesture)})))
	}
	return append(out,
		para(msg("farewell.closing.door."+tone)),
		para(msg("farewell.follow_up.sign_off")),
		para(msg("farewell.follow_up.signature")),
	)
}

func selectSoftenNote(ev Evidence, d Decision, s SoftenDetails) []Para {
	rules := []Line{
		msg("farewell.soften.no_pursuit"),
		msg("farewell.soften.no_argument"),
		msgWith("farewell.soften.service", map[string]Arg{"EndDate": date(s.LastDay)}),
		refundLine("farewell.checklist.refund", ev, softenPart(s), date(s.LastDay)),
		msg("farewell.soften.reviews"),
	}
	if groupOf(d) == Hostile {
		rules = append(rules, msg("farewell.soften.hostile"))
	}
	return []Para{
		para(msgWith("farewell.soften.head", map[string]Arg{"Client": text(d.Client)})),
		bullets(rules...),
	}
}
