package farewell_test

import (
	"strings"
	"testing"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
)

func TestSuggestRefund(t *testing.T) {
	ev := farewell.Evidence{Currency: "USD", MonthlyRevenue: 950_000}
	if got := farewell.SuggestRefund(ev, farewell.RefundPartLast); got != 480_000 {
		t.Errorf("half of $9,500 = %d; want $4,800 (rounded as said)", got)
	}
	if got := farewell.SuggestRefund(ev, farewell.RefundAllLast); got != 950_000 {
		t.Errorf("all of it = %d; want 950000", got)
	}
	if got := farewell.SuggestRefund(ev, farewell.RefundNone); got != 0 {
		t.Errorf("no refund = %d", got)
	}
	// Netted against $4,200 still owed: 9,500 − 4,200 = 5,300; 4,750 − 4,200 = 550.
	ev.Verdict = &digest.ClientFigures{Payments: digest.Payments{Outstanding: 420_000}}
	if got := farewell.SuggestRefund(ev, farewell.RefundAllLast); got != 530_000 {
		t.Errorf("netted = %d; want 530000", got)
	}
	if got := farewell.SuggestRefund(ev, farewell.RefundPartLast); got != 55_000 {
		t.Errorf("half, netted = %d; want 55000", got)
	}
	// Owing more than the refund leaves nothing to give back.
	ev.Verdict.Payments.Outstanding = 2_000_000
	if got := farewell.SuggestRefund(ev, farewell.RefundAllLast); got != 0 {
		t.Errorf("owing more than a month = %d; want 0", got)
	}
}

// The drafts say the refund's amount: the manager's, or the suggestion
// with what it was netted against.
func TestDraftsNameTheRefund(t *testing.T) {
	cat := catalog(t)
	ev := evidence()
	ev.MonthlyRevenue = 950_000
	ev.Verdict.Payments = digest.Payments{Outstanding: 420_000}
	for _, tt := range []struct {
		lang   string
		amount int64
		want   []string
	}{
		{locale.EN, 0, []string{"we'll refund the last month's fee: $5,300, once the $4,200 still owed is settled", "Refund: $5,300 for the last month, net of $4,200 still owed."}},
		{locale.EN, 250_000, []string{"we'll refund the last month's fee in full: $2,500.", "Refund: the last month's fee in full, $2,500."}},
		{locale.RU, 0, []string{"5\u00a0300\u00a0$ после зачёта 4\u00a0200\u00a0$", "за вычетом долга 4\u00a0200\u00a0$"}},
	} {
		d := partWays(tt.lang)
		d.Part.Refund, d.Part.RefundMinor = farewell.RefundAllLast, tt.amount
		dr, err := farewell.Draft(cat, ev, d)
		if err != nil {
			t.Fatal(err)
		}
		all := dr.Conversation[4].Text + "\n" + dr.Summary + "\n" + strings.Join(dr.Checklist, "\n")
		assertContains(t, tt.lang+" refund", all, tt.want...)
	}
	// Owing more than the refund: nothing is paid back, and the drafts say why.
	ev.Verdict.Payments.Outstanding = 2_000_000
	dr, err := farewell.Draft(cat, ev, partWays(locale.EN))
	if err != nil {
		t.Fatal(err)
	}
	assertContains(t, "owed", dr.Conversation[4].Text+dr.Summary, "Part of the last month's fee would come back to you, but the $20,000 still owed is more than that",
		"Refund: none paid back; part of the last month's fee is set against $20,000 still owed.")
}
