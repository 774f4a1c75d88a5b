package farewell

// Steps of the farewell conversation (domain.md section 6), in order. Each
// is also the last part of its title's message id.
const (
	StepFrame   = "frame"   // frame it honestly, without blame
	StepDecided = "decided" // how the decision was made, with data
	StepEmotion = "emotion" // be ready for an emotional reaction
	StepApology = "apology" // apologise and own our part
	StepHelp    = "help"    // end date, handover, refund, referral
	StepTouch   = "touch"   // stay in touch
	StepClose   = "close"   // firm, warm close
)

// Steps lists the conversation's steps in order.
func Steps() []string {
	return []string{StepFrame, StepDecided, StepEmotion, StepApology, StepHelp, StepTouch, StepClose}
}

func selectConversation(ev Evidence, d Decision, p PartDetails) []PlanSection {
	end := spokenDate{p.EndDate, ev.Today}
	return []PlanSection{
		talkFrame(d, p, end),
		talkDecided(ev, d),
		talkEmotion(d, p, end),
		talkApology(ev, d),
		talkHelp(ev, p, end),
		talkTouch(d),
		talkClose(ev, d, p, end),
	}
}

func title(step string) Line { return msg("farewell.talk.title." + step) }

func talkFrame(d Decision, p PartDetails, end Arg) PlanSection {
	tone := string(toneOf(d))
	why := []Line{msg("farewell.talk.frame.why." + tone)}
	for _, s := range p.Reasons {
		if s.Valid() {
			why = append(why, msg("farewell.talk.frame."+tone+"."+string(s)))
		}
	}
	return PlanSection{
		Title: title(StepFrame),
		Note:  []Line{msg("farewell.talk.frame.note." + tone)},
		Text: []Para{
			para(msgWith("farewell.talk.frame.open."+tone, map[string]Arg{
				"Client":  text(d.Client),
				"EndDate": end,
			})),
			para(why...),
			para(msg("farewell.talk.frame.settled." + tone)),
		},
	}
}

func talkDecided(ev Evidence, d Decision) PlanSection {
	figures := sharedFigures(ev, d.Share, toneOf(d))
	if len(figures) == 0 {
		figures = []Line{msg("farewell.talk.decided.no_figures")}
	}
	note := []Line{msg("farewell.talk.decided.note")}
	if toneOf(d) == Neutral && d.Share.Money && hasMoney(ev) && ev.Cost12w > ev.Revenue12w {
		// "At a loss" invites "then we'll pay more" from a client who
		// negotiates; the speaker should be ready to decline it.
		note = append(note, msg("farewell.talk.decided.note_money_neutral"))
	}
	weighed := []Line{msg("farewell.talk.decided.weighed")}
	if d.Checks.Reviewer != "" {
		weighed = append(weighed, msg("farewell.talk.decided.reviewed"))
	}
	return PlanSection{
		Title: title(StepDecided),
		Note:  note,
		Text:  []Para{para(msg("farewell.talk.decided.intro")), para(figures...), para(weighed...)},
	}
}

// sharedFigures are the sentences for the figures the manager chose to share
// and the data can support, rounded as said aloud. A neutral talk never
// counts incidents: "we logged 9 situations" means "we kept a file on you".
func sharedFigures(ev Evidence, s Share, tone Tone) []Line {
	var out []Line
	if s.Hours && ev.Minutes12w > 0 {
		out = append(out, msgWith("farewell.talk.decided.hours", map[string]Arg{
			"Hours":  aboutHours(ev.Minutes12w),
			"Weekly": weeklyHours{ev.Minutes12w, EvidenceWeeks},
		}))
	}
	if s.Money && hasMoney(ev) {
		id := "farewell.talk.decided.money_covered"
		if ev.Cost12w > ev.Revenue12w {
			id = "farewell.talk.decided.money_loss"
		}
		out = append(out, msgWith(id, map[string]Arg{
			"Cost":    aboutMoney{ev.Cost12w, ev.Currency},
			"Revenue": aboutMoney{ev.Revenue12w, ev.Currency},
		}))
	}
	if n := ev.TotalIncidents(); s.Incidents && n > 0 && tone == Direct {
		out = append(out, msgWith("farewell.talk.decided.incidents", map[string]Arg{
			"Situations": count("farewell.count.situations", n),
		}))
	}
	return out
}

func hasMoney(ev Evidence) bool {
	return ev.Currency != "" && (ev.Cost12w > 0 || ev.Revenue12w > 0)
}

func talkEmotion(d Decision, p PartDetails, end Arg) PlanSection {
	group := string(groupOf(d))
	return PlanSection{
		Title: title(StepEmotion),
		Note: []Line{
			msg("farewell.talk.emotion.note"),
			msg("farewell.talk.emotion.expect." + group),
			msg("farewell.talk.emotion.pause_note"),
		},
		Text: []Para{
			bullets(
				msg("farewell.talk.emotion.reply_hear"),
				msg("farewell.talk.emotion.reply_listen"),
				msg("farewell.talk.emotion.reply_repeat"),
				msg("farewell.talk.emotion.reply_no_argue"),
				msgWith("farewell.talk.emotion.reply."+group, map[string]Arg{"EndDate": end}),
				msg("farewell.talk.emotion.reply_final."+string(toneOf(d))),
			),
			para(msg("farewell.talk.emotion.pause." + string(channelOf(p)))),
		},
	}
}

// talkApology owns our part. The month revenue began to fall is named only
// in a direct talk: it was the client who cut the fee, and in a neutral
// one the date sounds like a veiled reproach.
func talkApology(ev Evidence, d Decision) PlanSection {
	own := msg("farewell.talk.apology.own_part")
	if ev.RevenueFallingSince != nil && toneOf(d) == Direct {
		own = msgWith("farewell.talk.apology.own_part_since", map[string]Arg{
			"Since": sinceMonth{*ev.RevenueFallingSince, ev.Today},
		})
	}
	return PlanSection{
		Title: title(StepApology),
		Note:  []Line{msg("farewell.talk.apology.note")},
		Text: []Para{
			para(msg("farewell.talk.apology.sorry")),
			para(own, msg("farewell.talk.apology.lesson")),
		},
	}
}

func talkHelp(ev Evidence, p PartDetails, end Arg) PlanSection {
	handover := msg("farewell.talk.help.handover_general")
	if len(p.Handover) > 0 {
		handover = msgWith("farewell.talk.help.handover_items", map[string]Arg{"Items": textList(p.Handover)})
	}
	text := []Para{
		para(msgWith("farewell.talk.help.until", map[string]Arg{"EndDate": end}), handover),
		para(refundLine("farewell.talk.help.refund", ev, p, end)),
	}
	text = append(text, para(helpReferral(p.Referral)...), para(msg("farewell.talk.help.ask")))
	return PlanSection{
		Title: title(StepHelp),
		Note:  []Line{msg("farewell.talk.help.note")},
		Text:  text,
	}
}

func helpReferral(r *Referral) []Line {
	if r == nil {
		return []Line{msg("farewell.talk.help.referral_offer")}
	}
	out := []Line{msgWith("farewell.talk.help.referral", map[string]Arg{"Provider": text(r.Provider)})}
	if r.WhyFit != "" {
		out = append(out, msgWith("farewell.talk.help.referral_why", map[string]Arg{"WhyFit": text(r.WhyFit)}))
	}
	return append(out, msg("farewell.talk.help.referral_introduce"))
}

func talkTouch(d Decision) PlanSection {
	id := "farewell.talk.touch.open"
	if groupOf(d) == Hostile {
		id = "farewell.talk.touch.hostile"
	}
	return PlanSection{
		Title: title(StepTouch),
		Note:  []Line{msg("farewell.talk.touch.note")},
		Text:  []Para{para(msg(id))},
	}
}

// talkClose sums up what was agreed: the last day, the handover, the
// refund and the referral, then the written follow-up.
func talkClose(ev Evidence, d Decision, p PartDetails, end Arg) PlanSection {
	recap := []Line{msgWith("farewell.talk.close.recap", map[string]Arg{"EndDate": end})}
	if amount := refundAmount(ev, p); amount > 0 {
		recap = append(recap, msgWith("farewell.talk.close.recap_refund", map[string]Arg{"Amount": money{amount, ev.Currency}}))
	}
	if p.Referral != nil {
		recap = append(recap, msgWith("farewell.talk.close.recap_referral", map[string]Arg{"Provider": text(p.Referral.Provider)}))
	}
	recap = append(recap, msg("farewell.talk.close.recap_letter"))
	return PlanSection{
		Title: title(StepClose),
		Note:  []Line{msg("farewell.talk.close.note")},
		Text: []Para{
			para(recap...),
			para(msgWith("farewell.talk.close.thanks."+string(toneOf(d)), map[string]Arg{"Client": text(d.Client)})),
		},
	}
}
