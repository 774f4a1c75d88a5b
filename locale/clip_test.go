package locale_test

import (
	"testing"
	"unicode/utf8"

	"github.com/tact-bot/tact/locale"
)

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"Acme", 10, "Acme"},
		{"Acme Corp", 5, "Acme…"},
		{"Ромашка и партнёры", 8, "Ромашка…"},
		{"abc", 3, "abc"},
	} {
		got := locale.Clip(c.in, c.n)
		if got != c.want || !utf8.ValidString(got) {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
