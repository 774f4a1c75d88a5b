package digest_test

import (
	"testing"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

// Invoices are money facts: what the trend weeks billed, what is still
// owed, and overdue invoices as the late payments (incidents ignored).
func TestInvoicesGivePayments(t *testing.T) {
	late := digest.IncidentFact{Day: day("2024-03-12"), Category: ledger.LatePayment, Severity: ledger.SeverityMedium, AmountMinor: 999, DaysLate: 90}
	c := digest.ClientInput{
		Name: "Acme", HasInvoices: true, Incidents: []digest.IncidentFact{late},
		Invoices: []digest.InvoiceFact{
			{Issued: day("2024-01-10"), Due: day("2024-02-09"), AmountMinor: 50_000, OutstandingMinor: 20_000}, // overdue 37 days
			{Issued: day("2024-02-20"), Due: day("2024-03-07"), AmountMinor: 30_000, OutstandingMinor: 30_000}, // overdue 10 days
			{Issued: day("2024-03-01"), Due: day("2024-03-31"), AmountMinor: 40_000, OutstandingMinor: 40_000}, // not due yet
			{Issued: day("2024-03-04"), Due: day("2024-03-10"), AmountMinor: 10_000},                           // paid
			{Issued: day("2024-03-20"), Due: day("2024-03-25"), AmountMinor: 70_000, OutstandingMinor: 70_000}, // after the week
		},
	}
	f := one(nil, c)
	if !f.HasInvoices || f.Invoiced != 80_000 || f.Owed != 90_000 {
		t.Errorf("invoiced %d, owed %d; want 80000, 90000", f.Invoiced, f.Owed)
	}
	p := f.Payments
	if !p.FromInvoices || p.Count != 2 || p.Outstanding != 50_000 || p.AvgDaysLate != 23.5 {
		t.Errorf("payments %+v; want 2 overdue, 50000, 23.5 days", p)
	}
	fl, ok := findFlag(f.Flags, digest.LatePayment)
	if !ok || !fl.Invoices || fl.Count != 2 || fl.Total != 50_000 {
		t.Errorf("late payment flag %+v, %v", fl, ok)
	}

	// Without invoices, the incidents still tell.
	c.HasInvoices, c.Invoices = false, nil
	if f := one(nil, c); f.Payments.FromInvoices || f.Payments.Count != 1 || f.Payments.Outstanding != 999 {
		t.Errorf("from incidents: %+v", f.Payments)
	}
	// All paid: no flag, though an incident was logged.
	c.HasInvoices, c.Invoices = true, []digest.InvoiceFact{{Issued: day("2024-03-04"), Due: day("2024-03-10"), AmountMinor: 10_000}}
	if f := one(nil, c); f.Payments.Count != 0 {
		t.Errorf("all paid: %+v", f.Payments)
	}
}
