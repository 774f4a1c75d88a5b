package ledger_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/tact-bot/tact/ledger"
)

func TestParseHoursText(t *testing.T) {
	team := clientsNamed("Acme", "Acme Corp", "Ромашка", "Umbrella Labs", "Umbrella Logistics")
	departments := []string{"design", "support", "бухгалтерия"}
	type want struct {
		client     string
		minutes    int
		duration   string
		department string
		note       string
		problems   []ledger.Problem
	}
	tests := []struct {
		name string
		text string
		want want
	}{
		{"minimal", "acme 90m", want{"Acme", 90, "90m", "", "", nil}},
		{"department and note", "Acme Corp 1.5h design new logo, round 3",
			want{"Acme Corp", 90, "1.5h", "design", "new logo, round 3", nil}},
		{"department case-insensitive", "acme 1h30m SUPPORT", want{"Acme", 90, "1h30m", "support", "", nil}},
		{"unknown word starts the note", "acme 2h calls with the CFO", want{"Acme", 120, "2h", "", "calls with the CFO", nil}},
		{"two-word duration", "acme 1h 30m support", want{"Acme", 90, "1h 30m", "support", "", nil}},
		{"number and unit word", "acme 2 hours design", want{"Acme", 120, "2 hours", "design", "", nil}},
		{"clock form", "acme 1:30 meeting", want{"Acme", 90, "1:30", "", "meeting", nil}},
		{"russian", "ромашка 1ч30м бухгалтерия сверка актов", want{"Ромашка", 90, "1ч30м", "бухгалтерия", "сверка актов", nil}},
		{"russian two words", "ромашка 1ч 30м", want{"Ромашка", 90, "1ч 30м", "", "", nil}},
		{"department first", "acme design 2h mockups", want{"Acme", 120, "2h", "design", "mockups", nil}},
		{"bare number after hours is the note", "acme 2h 3 calls", want{"Acme", 120, "2h", "", "3 calls", nil}},
		{"missing duration", "acme", want{"Acme", 0, "", "", "",
			[]ledger.Problem{{Field: ledger.FieldDuration, Issue: ledger.IssueMissing}}}},
		{"words but no duration", "acme design review", want{"Acme", 0, "", "design", "review",
			[]ledger.Problem{{Field: ledger.FieldDuration, Issue: ledger.IssueMissing}}}},
		{"unknown client anchored by duration", "Initech Group 2h support", want{"", 120, "2h", "support", "",
			[]ledger.Problem{{Field: ledger.FieldClient, Issue: ledger.IssueUnknown, Input: "Initech Group"}}}},
		{"ambiguous client", "umbrella 45мин", want{"", 45, "45мин", "", "",
			[]ledger.Problem{{Field: ledger.FieldClient, Issue: ledger.IssueAmbiguous, Input: "umbrella"}}}},
		{"empty", "", want{"", 0, "", "", "", []ledger.Problem{
			{Field: ledger.FieldClient, Issue: ledger.IssueMissing},
			{Field: ledger.FieldDuration, Issue: ledger.IssueMissing}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ledger.ParseHoursText(tt.text, team, departments)
			got := want{"", d.Minutes, d.Duration, d.Department, d.Note, d.Problems}
			if d.Client.Client != nil {
				got.client = d.Client.Client.Name
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseHoursText(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

func TestParseHoursTextInvalidDuration(t *testing.T) {
	team := clientsNamed("Acme")
	tests := []struct {
		text  string
		input string
		err   error
		note  string
	}{
		{"acme 0m design", "0m", ledger.ErrDurationRange, ""},
		{"acme 25h", "25h", ledger.ErrDurationRange, ""},
		{"acme -1h", "-1h", ledger.ErrDurationRange, ""},
		{"acme 90 on calls", "90", ledger.ErrDurationNoUnit, "on calls"},
		{"acme 2x42 things", "2x42", ledger.ErrDurationSyntax, "things"},
	}
	for _, tt := range tests {
		d := ledger.ParseHoursText(tt.text, team, []string{"design"})
		if len(d.Problems) != 1 {
			t.Errorf("ParseHoursText(%q) problems = %+v; want one", tt.text, d.Problems)
			continue
		}
		p := d.Problems[0]
		if p.Field != ledger.FieldDuration || p.Issue != ledger.IssueInvalid || p.Input != tt.input || !errors.Is(p.Err, tt.err) || d.Minutes != 0 {
			t.Errorf("ParseHoursText(%q) = %+v, minutes %d; want invalid %q (%v)", tt.text, p, d.Minutes, tt.input, tt.err)
		}
		if d.Note != tt.note {
			t.Errorf("ParseHoursText(%q) note = %q; want %q", tt.text, d.Note, tt.note)
		}
	}
}

func TestParseHoursOutsideContract(t *testing.T) {
	team := clientsNamed("Acme", "Ромашка")
	departments := []string{"dev", "support"}
	tests := []struct {
		text    string
		outside bool
		dept    string
		note    string
	}{
		{"acme 2h dev extra loyalty module", true, "dev", "loyalty module"},
		{"acme 2h extra", true, "", ""},
		{"acme 2h dev Extra", true, "dev", ""},
		{"acme 90m outside the contract landing pages", true, "", "landing pages"},
		{"ромашка 1ч support вне договора выгрузка", true, "support", "выгрузка"},
		{"ромашка 1ч сверх отчёт", true, "", "отчёт"},
		// Only right after the duration and department: later, it is the note's.
		{"acme 2h dev fixed the extra page", false, "dev", "fixed the extra page"},
		{"acme 2h dev", false, "dev", ""},
	}
	for _, tt := range tests {
		d := ledger.ParseHoursText(tt.text, team, departments)
		if d.OutsideContract != tt.outside || d.Department != tt.dept || d.Note != tt.note || !d.Complete() {
			t.Errorf("ParseHoursText(%q) = outside %v, dept %q, note %q (%+v); want %v, %q, %q",
				tt.text, d.OutsideContract, d.Department, d.Note, d.Problems, tt.outside, tt.dept, tt.note)
		}
	}
}
