package bot_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tact-bot/tact/bot"
)

func TestFindBadChar(t *testing.T) {
	tests := []struct {
		in      string
		ok      bool
		pos     int
		r       rune
		invalid bool
	}{
		{"Acme 30m call", false, 0, 0, false},
		{"строка\tс табом\nи переводом\r\n", false, 0, 0, false},
		{"typed \uFFFD on purpose", false, 0, 0, false},
		{"a\x00b", true, 2, 0, false},
		{"ёж\x07", true, 3, 7, false},
		{"x\x7f", true, 2, 0x7f, false},
		{"x\u0085", true, 2, 0x85, false}, // C1 next line
		{"ab\xffc", true, 3, utf8.RuneError, true},
	}
	for _, tt := range tests {
		got, found := bot.FindBadChar(tt.in)
		if found != tt.ok || got.Position != tt.pos || (found && (got.Rune != tt.r || got.Invalid != tt.invalid)) {
			t.Errorf("FindBadChar(%q) = %+v, %v; want position %d rune %U invalid %v", tt.in, got, found, tt.pos, tt.r, tt.invalid)
		}
	}
}

// Whatever the text, FindBadChar finds a problem exactly when there is one,
// and points at it.
func FuzzFindBadChar(f *testing.F) {
	for _, s := range []string{"", "Acme 30m", "a\x00b", "\x00", "tab\there", "\x1b[31mred", "x\u0085", "\xff\xfe", "\uFFFD", "ok\r\n", "ж\u200bж"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bad, found := bot.FindBadChar(s)
		clean := utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
			return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
		})
		if found == clean {
			t.Fatalf("FindBadChar(%q) found=%v, but clean=%v", s, found, clean)
		}
		if !found {
			return
		}
		runes := []rune(s)
		if bad.Position < 1 || bad.Position > len(runes) {
			t.Fatalf("FindBadChar(%q) position %d out of range", s, bad.Position)
		}
		if !bad.Invalid && runes[bad.Position-1] != bad.Rune {
			t.Fatalf("FindBadChar(%q) = %+v, but character %d is %U", s, bad, bad.Position, runes[bad.Position-1])
		}
	})
}

// A NUL or control character in a command or a modal field is refused with
// the problem named, before any handler runs.
func TestBadInputIsRefusedBeforeTheHandler(t *testing.T) {
	var ran atomic.Int32
	w := startRuntime(t, bot.Config{}, func(r *bot.Router) {
		r.Command("/hours", func(context.Context, *bot.Request) error { ran.Add(1); return nil })
		r.ViewSubmission("form", func(context.Context, *bot.Request) error { ran.Add(1); return nil })
	})
	p := w.cat.For("en")
	got := w.waitReplies(w.command("/hours", "Acme\x00 30m"), 1)
	if want := p.T("input.nul", map[string]any{"Position": 5, "Code": "U+0000"}); got[0] != want {
		t.Errorf("command with NUL: %q, want %q", got[0], want)
	}
	env := w.submitForm("form", "note\x1b[31m")
	ack, err := w.srv.WaitAck(env.ID, 3*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"errors":{"note":"` + p.T("input.control", map[string]any{"Position": 5, "Code": "U+001B"})
	if !strings.Contains(string(ack.Payload), want) {
		t.Errorf("field with ESC: ack %s, want %s…", ack.Payload, want)
	}
	time.Sleep(100 * time.Millisecond)
	if n := ran.Load(); n != 0 {
		t.Errorf("handlers ran %d times on refused input", n)
	}
}
