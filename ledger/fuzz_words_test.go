package ledger_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tact-bot/tact/ledger"
)

// The one-word parsers take anything a person types: what they accept is
// always a valid value.
func FuzzParseWords(f *testing.F) {
	for _, s := range []string{"late-payment", "LATE", "просрочка", "high", "Высокая", "archived", "month", "/мес", "", " ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, ok := ledger.ParseCategory(s); ok && !c.Valid() {
			t.Errorf("ParseCategory(%q) = %q", s, c)
		}
		if v, ok := ledger.ParseSeverity(s); ok && !v.Valid() {
			t.Errorf("ParseSeverity(%q) = %q", s, v)
		}
		if v, ok := ledger.ParseStatus(s); ok && !v.Valid() {
			t.Errorf("ParseStatus(%q) = %q", s, v)
		}
		if p, ok := ledger.ParsePeriod(s); ok && !p.Valid() {
			t.Errorf("ParsePeriod(%q) = %q", s, p)
		}
	})
}

// A rate is positive and bounded, or refused.
func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"1500", "1500/h", "1,5k/ч", "2000 в час", "0", "-1", "1e9/h", "99999999999999999999", "/h"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, exp int) {
		exp = min(max(exp, 0), 4)
		v, err := ledger.ParseRate(s, exp)
		if err != nil {
			return
		}
		limit := int64(ledger.MaxAmountMajor)
		for range exp {
			limit *= 10
		}
		if v <= 0 || v > limit {
			t.Errorf("ParseRate(%q, %d) = %d, outside 1..%d", s, exp, v, limit)
		}
	})
}

// A stored client name is trimmed, one line, single-spaced and at most
// MaxClientNameRunes long; anything else is refused.
func FuzzValidateClientName(f *testing.F) {
	for _, s := range []string{"Acme", "  Smith   & Co ", "'); DROP TABLE clients;--", strings.Repeat("N", 81), "a\nb", "\t", "\xff\xfe", "Ромашка"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, err := ledger.ValidateClientName(s)
		if err != nil {
			return
		}
		if name == "" || utf8.RuneCountInString(name) > ledger.MaxClientNameRunes || strings.Join(strings.Fields(name), " ") != name {
			t.Errorf("ValidateClientName(%q) = %q", s, name)
		}
	})
}
