package ledger_test

import (
	"testing"

	"github.com/tact-bot/tact/ledger"
)

func TestParseCategory(t *testing.T) {
	tests := []struct {
		in   string
		want ledger.Category
	}{
		{"complaints", ledger.Complaints},
		{"Complaints", ledger.Complaints},
		{"жалоба", ledger.Complaints},
		{"Претензии", ledger.Complaints},
		{"compl", ledger.Complaints}, // unique slug prefix
		{"rude", ledger.Disrespect},
		{"ХАМСТВО", ledger.Disrespect},
		{"abuse", ledger.Disrespect},
		{"late-payment", ledger.LatePayment},
		{"late_payment", ledger.LatePayment},
		{"latepayment", ledger.LatePayment},
		{"late", ledger.LatePayment},
		{"unpaid", ledger.LatePayment},
		{"просрочка", ledger.LatePayment},
		{"оплата", ledger.LatePayment},
		{"threat", ledger.Threats},
		{"суд", ledger.Threats},
		{"угрозы", ledger.Threats},
		{"scope", ledger.ScopeCreep},
		{"scope-creep", ledger.ScopeCreep},
		{"объём", ledger.ScopeCreep},
		{"объем", ledger.ScopeCreep}, // е for ё
		{"вне-договора", ledger.ScopeCreep},
		{"micro", ledger.Micromanagement},
		{"micromanagement", ledger.Micromanagement},
		{"поучает", ledger.Micromanagement},
		{"attention", ledger.Attention},
		{"внимание", ledger.Attention},
		{"att", ledger.Attention},
		{"devaluation", ledger.Devaluation},
		{"loyalty", ledger.Devaluation},
		{"обесценивание", ledger.Devaluation},
		{"dev", ledger.Devaluation},
		{"other", ledger.Other},
		{"другое", ledger.Other},
		{"прочее", ledger.Other},
		{"rude,", ledger.Disrespect}, // stray punctuation

		{"", ""},
		{"d", ""},   // too short for a prefix
		{"di", ""},  // too short for a prefix
		{"he", ""},  //
		{"xyz", ""}, //
		{"shouted", ""},
	}
	for _, tt := range tests {
		got, ok := ledger.ParseCategory(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseCategory(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

// Every word must name one category only, or ParseCategory's answer would
// depend on list order.
func TestCategoryVocabularyIsUnambiguous(t *testing.T) {
	owner := map[string]ledger.Category{}
	for _, c := range ledger.Categories() {
		if !c.Valid() {
			t.Errorf("%q not valid", c)
		}
		for _, w := range append([]string{string(c)}, ledger.Synonyms(c)...) {
			if prev, dup := owner[w]; dup {
				t.Errorf("word %q names both %q and %q", w, prev, c)
			}
			owner[w] = c
			if got, ok := ledger.ParseCategory(w); !ok || got != c {
				t.Errorf("ParseCategory(%q) = %q, %v; want %q", w, got, ok, c)
			}
			if s, ok := ledger.ParseSeverity(w); ok {
				t.Errorf("category word %q is also severity %q", w, s)
			}
		}
	}
}

func TestParseSeverity(t *testing.T) {
	tests := []struct {
		in   string
		want ledger.Severity
	}{
		{"low", ledger.SeverityLow}, {"L", ledger.SeverityLow}, {"низкая", ledger.SeverityLow}, {"низкий", ledger.SeverityLow},
		{"medium", ledger.SeverityMedium}, {"m", ledger.SeverityMedium}, {"Средняя", ledger.SeverityMedium}, {"средний", ledger.SeverityMedium},
		{"high", ledger.SeverityHigh}, {"H", ledger.SeverityHigh}, {"высокая", ledger.SeverityHigh}, {"высокий", ledger.SeverityHigh},
		{"", ""}, {"critical", ""}, {"x", ""},
	}
	for _, tt := range tests {
		got, ok := ledger.ParseSeverity(tt.in)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("ParseSeverity(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for i, s := range ledger.Severities() {
		if s.Weight() != i+1 {
			t.Errorf("%q.Weight() = %d; want %d", s, s.Weight(), i+1)
		}
	}
	if ledger.Severity("x").Weight() != 0 || ledger.DefaultSeverity != ledger.SeverityMedium {
		t.Error("unknown severity weight or default severity wrong")
	}
}
