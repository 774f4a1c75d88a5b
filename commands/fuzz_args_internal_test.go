package commands

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// Every command's arguments go through these helpers before the ledger's
// parsers: whatever was typed, they keep their promises, and a refused
// amount is always explained.
func FuzzCommandArguments(f *testing.F) {
	for _, s := range []string{"Smith &amp; Co", "&lt;@U1&gt;", "a\n\tb  c", "12k/year", "1,5k/ч", "", "&amp;amp;", "\xff", strings.Repeat("я", 300)} {
		f.Add(s, 40)
	}
	cat, err := locale.New()
	if err != nil {
		f.Fatal(err)
	}
	p := cat.For(locale.RU)
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = min(max(n, 1), 5000)
		if got := bot.Unescape(bot.Escape(s)); got != s {
			t.Errorf("escape then unescape %q = %q", s, got)
		}
		if one := oneLine(s); strings.ContainsAny(one, "\n\r\t") || strings.Contains(one, "  ") || strings.TrimSpace(one) != one {
			t.Errorf("oneLine(%q) = %q", s, one)
		}
		if c := locale.Clip(s, n); utf8.RuneCountInString(c) > n {
			t.Errorf("locale.Clip(%q, %d) has %d characters", s, n, utf8.RuneCountInString(c))
		}
		for _, w := range words(s) {
			if w == "" || strings.ContainsAny(w, " \t\n") {
				t.Errorf("words(%q) holds %q", s, w)
			}
		}
		if _, _, err := ledger.ParseAmountPeriod(s, 2); err != nil {
			if amountProblem(p, err, amountAsked{Input: s, Currency: "USD", Example: "/client revenue Acme 12k/month"}) == "" {
				t.Errorf("no explanation for refusing %q (%v)", s, err)
			}
		}
		_ = unitOf(s)
	})
}
