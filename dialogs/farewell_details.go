package dialogs

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// Lengths of the detail fields; a list field holds its items one a line.
const (
	maxDetailLine = 300
	maxDetailList = 2000
)

// prepareDetails fills the chosen path's details with their defaults the
// first time the step is shown: the reasons suggested by the evidence,
// a meeting led by the manager, the default contact limit.
func prepareDetails(d *farewell.Decision, ev farewell.Evidence, user string) {
	today := ev.Today
	switch d.Path {
	case farewell.PartWays:
		if d.Part == nil {
			d.Part = &farewell.PartDetails{Reasons: farewell.SuggestedReasons(ev, d.Signs), Speaker: user, Channel: farewell.Meeting}
		}
	case farewell.Boundaries:
		if d.Boundaries == nil {
			d.Boundaries = &farewell.BoundaryDetails{ContactMinutes: farewell.DefaultContactMinutes}
			if !today.IsZero() {
				d.Boundaries.ReviewBy = today.AddDate(0, 0, 7*farewell.DefaultReviewWeeks)
			}
		}
	case farewell.BackToStart:
		if d.Recovery == nil {
			d.Recovery = &farewell.RecoveryDetails{}
		}
	case farewell.Soften:
		if d.Soften == nil {
			d.Soften = &farewell.SoftenDetails{}
		}
	}
}

// detailsBlocks is the fourth step: what the chosen path needs, and the
// drafts' language.
func detailsBlocks(p *locale.Printer, d farewell.Decision, ev farewell.Evidence) []slack.Block {
	blocks := []slack.Block{section(p.T("farewell.ui.details.head_"+string(d.Path), map[string]any{"Client": bot.Escape(d.Client)}))}
	switch d.Path {
	case farewell.PartWays:
		blocks = append(blocks, partBlocks(p, d, ev)...)
	case farewell.Boundaries:
		blocks = append(blocks, boundaryBlocks(p, d)...)
	case farewell.BackToStart:
		blocks = append(blocks, recoveryBlocks(p, d)...)
	case farewell.Soften:
		blocks = append(blocks, softenBlocks(p, d, ev)...)
	}
	return append(blocks, radioInput(blockLang, p.T("farewell.ui.details.lang"), "", []string{locale.EN, locale.RU}, d.Lang,
		func(l string) string {
			return p.T(map[string]string{locale.EN: "farewell.ui.english", locale.RU: "farewell.ui.russian"}[l])
		}))
}

func toneInput(p *locale.Printer, selected farewell.Tone) *slack.InputBlock {
	hint := p.T("farewell.ui.details.tone_hint", map[string]any{
		"Direct": p.T("farewell.tone.direct"), "DirectHint": p.T("farewell.tone_hint.direct"),
		"Neutral": p.T("farewell.tone.neutral"), "NeutralHint": p.T("farewell.tone_hint.neutral"),
	})
	return radioInput(blockTone, p.T("farewell.ui.details.tone"), hint, farewell.Tones(), selected,
		func(t farewell.Tone) string { return p.T("farewell.tone." + string(t)) })
}

func partBlocks(p *locale.Printer, d farewell.Decision, ev farewell.Evidence) []slack.Block {
	part := farewell.PartDetails{}
	if d.Part != nil {
		part = *d.Part
	}
	ref := farewell.Referral{}
	if part.Referral != nil {
		ref = *part.Referral
	}
	var shared []string
	for _, s := range []struct {
		key string
		on  bool
	}{{"hours", d.Share.Hours}, {"money", d.Share.Money}, {"incidents", d.Share.Incidents}} {
		if s.on {
			shared = append(shared, s.key)
		}
	}
	return []slack.Block{
		dateInput(blockEndDate, p.T("farewell.ui.details.end_date"), p.T("farewell.ui.details.end_date_hint"), part.EndDate),
		toneInput(p, d.Tone),
		checkboxesInput(blockReasons, p.T("farewell.ui.details.reasons"), p.T("farewell.ui.details.reasons_hint"), farewell.ReasonSigns(), part.Reasons,
			func(s farewell.Sign) string { return capitalized(p.T("farewell.sign." + string(s))) }),
		radioInput(blockRefund, p.T("farewell.ui.details.refund"), "", farewell.Refunds(), part.Refund,
			func(r farewell.Refund) string { return p.T("farewell.refund." + string(r)) }),
		refundAmountInput(p, part, ev),
		checkboxesInput(blockShare, p.T("farewell.ui.details.share"), "", []string{"hours", "money", "incidents"}, shared,
			func(s string) string { return capitalized(p.T("farewell.share." + s)) }),
		textInput(blockReferral, p.T("farewell.ui.details.referral"), "", p.T("farewell.ui.details.referral_placeholder"), ref.Provider, false, maxDetailLine),
		textInput(blockReferralContact, p.T("farewell.ui.details.referral_contact"), "", "", ref.Contact, false, maxDetailLine),
		textInput(blockReferralWhy, p.T("farewell.ui.details.referral_why"), "", "", ref.WhyFit, true, maxDetailList),
		textInput(blockHandover, p.T("farewell.ui.details.handover"), "", p.T("farewell.ui.details.handover_placeholder"),
			strings.Join(part.Handover, "\n"), true, maxDetailList),
		textInput(blockContract, p.T("farewell.ui.details.contract"), p.T("farewell.ui.details.contract_hint"),
			p.T("farewell.ui.details.contract_placeholder"), part.Contract, false, maxDetailLine),
		textInput(blockClause, p.T("farewell.ui.details.clause"), "", p.T("farewell.ui.details.clause_placeholder"), part.Clause, false, maxDetailLine),
		noticeDaysInput(p, part.NoticeDays),
		userInput(blockSpeaker, p.T("farewell.ui.details.speaker"), "", part.Speaker),
		radioInput(blockChannel, p.T("farewell.ui.details.channel"), p.T("farewell.ui.details.channel_hint"), farewell.Channels(), part.Channel,
			func(c farewell.Channel) string { return p.T("farewell.channel." + string(c)) }),
	}
}

func noticeDaysInput(p *locale.Printer, days int) *slack.InputBlock {
	el := slack.NewNumberInputBlockElement(nil, fieldAction(blockNoticeDays), false).
		WithMinValue("0").WithMaxValue(strconv.Itoa(farewell.MaxNoticeDays))
	if days > 0 {
		el = el.WithInitialValue(strconv.Itoa(days))
	}
	return input(blockNoticeDays, p.T("farewell.ui.details.notice_days"), "", el).WithOptional(true)
}

// refundAmountInput is the refund's amount, optional: left empty, the
// drafts use the suggestion the hint gives.
func refundAmountInput(p *locale.Printer, part farewell.PartDetails, ev farewell.Evidence) *slack.InputBlock {
	exp := locale.MinorDigits(ev.Currency)
	hint := p.T("farewell.ui.details.refund_amount_none")
	if ev.MonthlyRevenue > 0 {
		hint = p.T("farewell.ui.details.refund_amount_hint", map[string]any{
			"Part": p.Money(farewell.SuggestRefund(ev, farewell.RefundPartLast), ev.Currency),
			"All":  p.Money(farewell.SuggestRefund(ev, farewell.RefundAllLast), ev.Currency),
			"Fee":  p.Money(ev.MonthlyRevenue, ev.Currency),
		})
		if owed := ev.Outstanding(); owed > 0 {
			hint += " " + p.T("farewell.ui.details.refund_amount_owed", map[string]any{"Owed": p.Money(owed, ev.Currency)})
		}
	}
	value := ""
	if part.RefundMinor > 0 {
		value = ledger.FormatAmount(part.RefundMinor, exp)
	}
	return textInput(blockRefundAmount, p.T("farewell.ui.details.refund_amount"), hint, "", value, false, 40).WithOptional(true)
}

func boundaryBlocks(p *locale.Printer, d farewell.Decision) []slack.Block {
	b := farewell.BoundaryDetails{ContactMinutes: farewell.DefaultContactMinutes}
	if d.Boundaries != nil {
		b = *d.Boundaries
	}
	minutes := slack.NewNumberInputBlockElement(nil, fieldAction(blockContactMinutes), false).
		WithMinValue(strconv.Itoa(farewell.MinContactMinutes)).WithMaxValue(strconv.Itoa(farewell.MaxContactMinutes))
	if b.ContactMinutes > 0 {
		minutes = minutes.WithInitialValue(strconv.Itoa(b.ContactMinutes))
	}
	return []slack.Block{
		toneInput(p, d.Tone),
		textInput(blockInScope, p.T("farewell.ui.details.in_scope"), "", "", strings.Join(b.InScope, "\n"), true, maxDetailList),
		textInput(blockOutOfScope, p.T("farewell.ui.details.out_of_scope"), "", p.T("farewell.ui.details.out_of_scope_placeholder"),
			strings.Join(b.OutOfScope, "\n"), true, maxDetailList),
		input(blockContactMinutes, p.T("farewell.ui.details.contact_minutes"), p.T("farewell.ui.details.contact_minutes_hint"), minutes),
		textInput(blockChannels, p.T("farewell.ui.details.channels"), "", p.T("farewell.ui.details.channels_placeholder"),
			strings.Join(b.Channels, "\n"), true, maxDetailList),
		textInput(blockPayment, p.T("farewell.ui.details.payment"), "", p.T("farewell.ui.details.payment_placeholder"), b.PaymentTerms, false, maxDetailLine),
		textInput(blockOfficeHours, p.T("farewell.ui.details.office_hours"), p.T("farewell.ui.details.office_hours_hint"),
			p.T("farewell.memo.default_hours"), b.OfficeHours, false, maxDetailLine),
		textInput(blockResponseTime, p.T("farewell.ui.details.response_time"), "", p.T("farewell.memo.default_response"), b.ResponseTime, false, maxDetailLine),
		dateInput(blockReviewBy, p.T("farewell.ui.details.review_by"), p.T("farewell.ui.details.review_by_hint"), b.ReviewBy),
	}
}

func recoveryBlocks(p *locale.Printer, d farewell.Decision) []slack.Block {
	r := farewell.RecoveryDetails{}
	if d.Recovery != nil {
		r = *d.Recovery
	}
	return []slack.Block{
		textInput(blockRedo, p.T("farewell.ui.details.redo"), "", "", r.Redo, true, maxDetailList),
		dateInput(blockRedoBy, p.T("farewell.ui.details.redo_by"), "", r.By),
	}
}

// capitalized starts a mid-sentence label with a capital, for a list.
func capitalized(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// readDetails takes the chosen path's details into the decision; exp is
// the currency's minor digits, for the refund's amount.
func readDetails(v viewValues, d *farewell.Decision, exp int) {
	if t, ok := v.option(blockTone); ok {
		d.Tone = farewell.Tone(t)
	}
	if l, ok := v.option(blockLang); ok {
		d.Lang = l
	}
	switch d.Path {
	case farewell.PartWays:
		if d.Part == nil {
			d.Part = &farewell.PartDetails{}
		}
		readPart(v, d, exp)
	case farewell.Boundaries:
		if d.Boundaries == nil {
			d.Boundaries = &farewell.BoundaryDetails{}
		}
		readBoundaries(v, d.Boundaries)
	case farewell.BackToStart:
		if d.Recovery == nil {
			d.Recovery = &farewell.RecoveryDetails{}
		}
		v.text(blockRedo, &d.Recovery.Redo)
		v.date(blockRedoBy, &d.Recovery.By)
	case farewell.Soften:
		if d.Soften == nil {
			d.Soften = &farewell.SoftenDetails{}
		}
		readSoften(v, d.Soften, exp)
	}
}

func readPart(v viewValues, d *farewell.Decision, exp int) {
	part := d.Part
	v.date(blockEndDate, &part.EndDate)
	if vals, ok := v.options(blockReasons); ok {
		part.Reasons = nil
		for _, s := range vals {
			part.Reasons = append(part.Reasons, farewell.Sign(s))
		}
	}
	if r, ok := v.option(blockRefund); ok {
		part.Refund = farewell.Refund(r)
	}
	if a, ok := v.get(blockRefundAmount); ok {
		part.RefundMinor = refundMinor(a.Value, exp)
	}
	if vals, ok := v.options(blockShare); ok {
		d.Share = farewell.Share{}
		for _, s := range vals {
			switch s {
			case "hours":
				d.Share.Hours = true
			case "money":
				d.Share.Money = true
			case "incidents":
				d.Share.Incidents = true
			}
		}
	}
	ref := farewell.Referral{}
	if part.Referral != nil {
		ref = *part.Referral
	}
	v.text(blockReferral, &ref.Provider)
	v.text(blockReferralContact, &ref.Contact)
	v.text(blockReferralWhy, &ref.WhyFit)
	part.Referral = &ref
	if ref == (farewell.Referral{}) {
		part.Referral = nil
	}
	v.lines(blockHandover, &part.Handover)
	v.text(blockContract, &part.Contract)
	v.text(blockClause, &part.Clause)
	if a, ok := v.get(blockNoticeDays); ok {
		part.NoticeDays = wholeNumber(a.Value)
	}
	v.user(blockSpeaker, &part.Speaker)
	if c, ok := v.option(blockChannel); ok {
		part.Channel = farewell.Channel(c)
	}
}

func readBoundaries(v viewValues, b *farewell.BoundaryDetails) {
	v.lines(blockInScope, &b.InScope)
	v.lines(blockOutOfScope, &b.OutOfScope)
	if a, ok := v.get(blockContactMinutes); ok {
		b.ContactMinutes = wholeNumber(a.Value) // 0 takes the default
	}
	v.lines(blockChannels, &b.Channels)
	v.text(blockPayment, &b.PaymentTerms)
	v.text(blockOfficeHours, &b.OfficeHours)
	v.text(blockResponseTime, &b.ResponseTime)
	v.date(blockReviewBy, &b.ReviewBy)
}

// wholeNumber reads a number field: 0 when left empty, -1 when it is not a
// whole number (Validate then says it is out of range, beside the field).
func wholeNumber(typed string) int {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return 0
	}
	n, err := strconv.Atoi(typed)
	if err != nil {
		return -1
	}
	return n
}

// refundMinor reads the refund's amount: 0 when left empty, -1 when it is
// not an amount (Validate then asks for one).
func refundMinor(typed string, exp int) int64 {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return 0
	}
	amount, err := ledger.ParseAmount(typed, exp)
	if err != nil || amount <= 0 {
		return -1
	}
	return amount
}

// softenBlocks is the "soften the blow" step: when the client leaves, the
// refund or gesture, and what they get at the handover.
func softenBlocks(p *locale.Printer, d farewell.Decision, ev farewell.Evidence) []slack.Block {
	s := farewell.SoftenDetails{}
	if d.Soften != nil {
		s = *d.Soften
	}
	return []slack.Block{
		toneInput(p, d.Tone),
		dateInput(blockLastDay, p.T("farewell.ui.details.last_day"), p.T("farewell.ui.details.last_day_hint"), s.LastDay),
		radioInput(blockRefund, p.T("farewell.ui.details.refund"), "", farewell.Refunds(), s.Refund,
			func(r farewell.Refund) string { return p.T("farewell.refund." + string(r)) }),
		refundAmountInput(p, farewell.PartDetails{RefundMinor: s.RefundMinor}, ev),
		textInput(blockGesture, p.T("farewell.ui.details.gesture"), "", p.T("farewell.ui.details.gesture_placeholder"), s.Gesture, false, maxDetailLine),
		textInput(blockHandover, p.T("farewell.ui.details.handover"), "", p.T("farewell.ui.details.handover_placeholder"),
			strings.Join(s.Handover, "\n"), true, maxDetailList),
	}
}

func readSoften(v viewValues, s *farewell.SoftenDetails, exp int) {
	v.date(blockLastDay, &s.LastDay)
	if r, ok := v.option(blockRefund); ok {
		s.Refund = farewell.Refund(r)
	}
	if a, ok := v.get(blockRefundAmount); ok {
		s.RefundMinor = refundMinor(a.Value, exp)
	}
	v.text(blockGesture, &s.Gesture)
	v.lines(blockHandover, &s.Handover)
}
