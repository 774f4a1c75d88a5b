package farewell

import (
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// The refund of the last month's fee (seed 002) has an amount, so the
// drafts can say it and nobody has to ask "how much?". The wizard suggests
// one from the revenue history, net of what the client still owes.

// Outstanding is what the client's late payments of the last 4 weeks say
// is still owed.
func (ev Evidence) Outstanding() int64 {
	if ev.Verdict == nil {
		return 0
	}
	return ev.Verdict.Payments.Outstanding
}

// refundShare is the share of the last month's fee each option gives back:
// half for "part", all for "all".
func refundShare(r Refund) (num, den int64) {
	switch r {
	case RefundPartLast:
		return 1, 2
	case RefundAllLast:
		return 1, 1
	}
	return 0, 1
}

// SuggestRefund is the amount the wizard proposes for option r: the share
// of a month's fee in force today, less what is still owed, rounded as it
// would be said; never below 0.
func SuggestRefund(ev Evidence, r Refund) int64 {
	num, den := refundShare(r)
	amount := ev.MonthlyRevenue/den*num - ev.Outstanding()
	if amount <= 0 {
		return 0
	}
	return ledger.RoundSpoken(amount, locale.MinorDigits(ev.Currency))
}

// refundAmount is the refund the drafts name: the manager's, else the
// suggestion; 0 without a refund or a figure to base it on.
func refundAmount(ev Evidence, p PartDetails) int64 {
	r := refundOf(p)
	if r == RefundNone {
		return 0
	}
	if p.RefundMinor > 0 {
		return p.RefundMinor
	}
	return SuggestRefund(ev, r)
}

// refundLine is one refund sentence of a draft: the option's plain words,
// or, with an amount, the amount (and what it was netted against).
func refundLine(prefix string, ev Evidence, p PartDetails, end Arg) Line {
	r := string(refundOf(p))
	amount := refundAmount(ev, p)
	if amount == 0 && r != string(RefundNone) && ev.Outstanding() > 0 {
		// What the client owes covers the refund and more.
		return msgWith(prefix+"_owed."+r, map[string]Arg{"Outstanding": money{ev.Outstanding(), ev.Currency}, "EndDate": end})
	}
	if amount == 0 {
		return msgWith(prefix+"."+r, map[string]Arg{"EndDate": end})
	}
	args := map[string]Arg{"Amount": money{amount, ev.Currency}, "EndDate": end}
	if owed := ev.Outstanding(); owed > 0 && p.RefundMinor == 0 {
		args["Outstanding"] = money{owed, ev.Currency}
		return msgWith(prefix+"_netted."+r, args)
	}
	return msgWith(prefix+"_amount."+r, args)
}
