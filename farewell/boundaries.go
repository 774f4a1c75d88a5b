package farewell

// selectMemo is the boundary memo for the client, in the chosen tone: what
// the service includes and excludes, when and how fast we answer, the
// channels and the payment terms. The contact limit stays internal (the
// desk note): told in writing to a client, it is what a hostile one posts
// in a review.
func selectMemo(d Decision, b BoundaryDetails) []Para {
	tone := string(toneOf(d))
	out := []Para{para(msgWith("farewell.memo.open."+tone, map[string]Arg{"Client": text(d.Client)}))}
	var scope []Line
	if len(b.InScope) > 0 {
		scope = append(scope, msgWith("farewell.memo.in_scope", map[string]Arg{"Items": textList(b.InScope)}))
	}
	if len(b.OutOfScope) > 0 {
		scope = append(scope, msgWith("farewell.memo.out_of_scope."+tone, map[string]Arg{"Items": textList(b.OutOfScope)}))
	}
	if len(scope) > 0 {
		out = append(out, para(scope...))
	}
	contact := []Line{msgWith("farewell.memo.contact."+tone, map[string]Arg{
		"Hours":    blank(b.OfficeHours, "farewell.memo.default_hours"),
		"Response": blank(b.ResponseTime, "farewell.memo.default_response"),
	})}
	if len(b.Channels) > 0 {
		contact = append(contact, msgWith("farewell.memo.channels."+tone, map[string]Arg{
			"Channels": list{items: textList(b.Channels).items, or: true},
		}))
	}
	out = append(out, para(contact...))
	if b.PaymentTerms != "" {
		out = append(out, para(msgWith("farewell.memo.payment."+tone, map[string]Arg{"Terms": text(b.PaymentTerms)})))
	}
	return append(out, para(msg("farewell.memo.close."+tone)))
}

// selectDeskNote is the service-desk note for staff: the time limit, the
// channels to keep and what is out of scope.
func selectDeskNote(d Decision, b BoundaryDetails) []Para {
	rules := []Line{msgWith("farewell.desk.limit", map[string]Arg{
		"Minutes": count("count.minutes", b.ContactMinutes),
	})}
	if len(b.Channels) > 0 {
		rules = append(rules, msgWith("farewell.desk.channels", map[string]Arg{"Channels": textList(b.Channels)}))
	}
	if len(b.OutOfScope) > 0 {
		rules = append(rules, msgWith("farewell.desk.out_of_scope", map[string]Arg{"Items": textList(b.OutOfScope)}))
	}
	if len(b.InScope) > 0 {
		rules = append(rules, msgWith("farewell.desk.in_scope", map[string]Arg{"Items": textList(b.InScope)}))
	}
	if b.PaymentTerms != "" {
		rules = append(rules, msgWith("farewell.desk.payment", map[string]Arg{"Terms": text(b.PaymentTerms)}))
	}
	if groupOf(d) == Hostile {
		rules = append(rules, msg("farewell.desk.hostile"))
	}
	rules = append(rules, msg("farewell.desk.log"))
	return []Para{
		para(msgWith("farewell.desk.head", map[string]Arg{"Client": text(d.Client)})),
		bullets(rules...),
		para(msg("farewell.desk.calm")),
	}
}
