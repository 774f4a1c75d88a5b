package ledger_test

import (
	"reflect"
	"testing"

	"github.com/tact-bot/tact/ledger"
)

func TestParseIncidentText(t *testing.T) {
	team := clientsNamed("Acme", "Acme Corp", "Ромашка", "Umbrella Labs", "Umbrella Logistics")
	type want struct {
		client      string
		category    ledger.Category
		severity    ledger.Severity
		given       bool
		description string
		links       []string
		problems    []ledger.Problem
	}
	tests := []struct {
		name string
		text string
		want want
	}{
		{"full", "Acme Corp late high invoice 42 is 60 days overdue",
			want{"Acme Corp", ledger.LatePayment, ledger.SeverityHigh, true, "invoice 42 is 60 days overdue", nil, nil}},
		{"default severity", "acme rude shouted at Anna on the call",
			want{"Acme", ledger.Disrespect, ledger.SeverityMedium, false, "shouted at Anna on the call", nil, nil}},
		{"severity before category", "acme high threats promised a lawsuit",
			want{"Acme", ledger.Threats, ledger.SeverityHigh, true, "promised a lawsuit", nil, nil}},
		{"russian", "ромашка хамство высокая наорал на менеджера",
			want{"Ромашка", ledger.Disrespect, ledger.SeverityHigh, true, "наорал на менеджера", nil, nil}},
		{"slug prefix and short severity", "acme compl l again about colours",
			want{"Acme", ledger.Complaints, ledger.SeverityLow, true, "again about colours", nil, nil}},
		{"links in description", "acme scope asked for a new site https://mail.example.com/t/1, see <https://acme.slack.com/archives/C1/p2|thread>.",
			want{"Acme", ledger.ScopeCreep, ledger.SeverityMedium, false,
				"asked for a new site https://mail.example.com/t/1, see <https://acme.slack.com/archives/C1/p2|thread>.",
				[]string{"https://mail.example.com/t/1", "https://acme.slack.com/archives/C1/p2"}, nil}},
		{"description keeps line breaks", "acme other first line\n  second line",
			want{"Acme", ledger.Other, ledger.SeverityMedium, false, "first line\n  second line", nil, nil}},
		{"unknown category stays in description", "acme he shouted",
			want{"Acme", "", ledger.SeverityMedium, false, "he shouted", nil,
				[]ledger.Problem{{Field: ledger.FieldCategory, Issue: ledger.IssueUnknown, Input: "he"}}}},
		{"missing description", "acme rude high",
			want{"Acme", ledger.Disrespect, ledger.SeverityHigh, true, "", nil,
				[]ledger.Problem{{Field: ledger.FieldDescription, Issue: ledger.IssueMissing}}}},
		{"only client", "acme corp",
			want{"Acme Corp", "", ledger.SeverityMedium, false, "", nil,
				[]ledger.Problem{
					{Field: ledger.FieldCategory, Issue: ledger.IssueMissing},
					{Field: ledger.FieldDescription, Issue: ledger.IssueMissing}}}},
		{"unknown client anchored by category", "Initech Group late paid nothing",
			want{"", ledger.LatePayment, ledger.SeverityMedium, false, "paid nothing", nil,
				[]ledger.Problem{{Field: ledger.FieldClient, Issue: ledger.IssueUnknown, Input: "Initech Group"}}}},
		{"ambiguous client", "umbrella rude m yelled",
			want{"", ledger.Disrespect, ledger.SeverityMedium, true, "yelled", nil,
				[]ledger.Problem{{Field: ledger.FieldClient, Issue: ledger.IssueAmbiguous, Input: "umbrella"}}}},
		{"empty", "   ",
			want{"", "", ledger.SeverityMedium, false, "", nil,
				[]ledger.Problem{
					{Field: ledger.FieldClient, Issue: ledger.IssueMissing},
					{Field: ledger.FieldCategory, Issue: ledger.IssueMissing},
					{Field: ledger.FieldDescription, Issue: ledger.IssueMissing}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ledger.ParseIncidentText(tt.text, team, 2)
			got := want{"", d.Category, d.Severity, d.SeverityGiven, d.Description, d.Links, d.Problems}
			if d.Client.Client != nil {
				got.client = d.Client.Client.Name
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseIncidentText(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
			if d.Complete() != (len(tt.want.problems) == 0) {
				t.Errorf("Complete() = %v", d.Complete())
			}
		})
	}
}

func TestParseLatePayment(t *testing.T) {
	team := clientsNamed("Acme", "Ромашка")
	tests := []struct {
		text        string
		payment     ledger.Payment
		description string
	}{
		{"acme late-payment 4200 45d Invoice 1184 is overdue", ledger.Payment{AmountMinor: 420_000, DaysLate: 45}, "Invoice 1184 is overdue"},
		{"acme late high 45 days 4200 invoice 1184", ledger.Payment{AmountMinor: 420_000, DaysLate: 45}, "invoice 1184"},
		{"acme late $1,250.50 invoice", ledger.Payment{AmountMinor: 125_050}, "invoice"},
		{"acme late 30d paid after a reminder", ledger.Payment{DaysLate: 30}, "paid after a reminder"},
		{"ромашка просрочка 12 дней счёт 77", ledger.Payment{DaysLate: 12}, "счёт 77"},
		// A small bare number is the description's, unless days stand beside it.
		{"acme late 3 invoices unpaid", ledger.Payment{}, "3 invoices unpaid"},
		{"acme late 50 20d invoice", ledger.Payment{AmountMinor: 5_000, DaysLate: 20}, "invoice"},
		// Out of range days stay in the description.
		{"acme late 99999d forever", ledger.Payment{}, "99999d forever"},
		// Only a late payment reads them.
		{"acme rude 4200 45d shouting", ledger.Payment{}, "4200 45d shouting"},
	}
	for _, tt := range tests {
		d := ledger.ParseIncidentText(tt.text, team, 2)
		if d.Payment != tt.payment || d.Description != tt.description {
			t.Errorf("ParseIncidentText(%q) = %+v, %q; want %+v, %q", tt.text, d.Payment, d.Description, tt.payment, tt.description)
		}
	}
}
