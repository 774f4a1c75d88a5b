package commands

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tact-bot/tact/bot/slacktest"
)

func TestPersonFrom(t *testing.T) {
	tests := []struct {
		word, want string
		ok         bool
	}{
		{"me", "U0SELF", true},
		{"ME", "U0SELF", true},
		{"я", "U0SELF", true},
		{"<@U0ABC|maria>", "U0ABC", true},
		{"<@U0ABC>", "U0ABC", true},
		{"<@W0ENTERPRISE|x y>", "W0ENTERPRISE", true},
		{"@maria", "", false},
		{"<@u0abc>", "", false},
		{"<#C0CHAN|general>", "", false},
		{"<!subteam^S0GROUP>", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := personFrom(tt.word, "U0SELF")
		if got != tt.want || ok != tt.ok {
			t.Errorf("personFrom(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzPersonFrom(f *testing.F) {
	for _, s := range []string{"me", "<@U0ABC|maria>", "<@U0ABC>", "<@>", "<@U|", "я"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, word string) {
		if id, ok := personFrom(word, "U0SELF"); ok && id == "" {
			t.Errorf("personFrom(%q) accepted an empty id", word)
		}
	})
}

func TestPackLines(t *testing.T) {
	more := func(n int) string { return "…and " + strings.Repeat("9", 3) + " more: " + string(rune('0'+n%10)) }
	tests := []struct {
		name         string
		lines        []string
		max          int
		wantSections int
		wantMore     bool
	}{
		{"nothing", nil, 3, 0, false},
		{"fits one", []string{"a", "b"}, 3, 1, false},
		{"spills into a second", []string{strings.Repeat("a", 2000), strings.Repeat("b", 2000)}, 3, 2, false},
		{"cut with a count", []string{strings.Repeat("a", 2000), strings.Repeat("b", 2000), strings.Repeat("c", 2000)}, 2, 2, true},
		{"a line longer than a section", []string{strings.Repeat("я", 10_000)}, 1, 1, false},
		{"the count needs room", []string{strings.Repeat("a", 2895), strings.Repeat("b", 2895)}, 1, 1, true},
		{"blank lines are skipped", []string{"", " ", "a"}, 1, 1, false},
	}
	for _, tt := range tests {
		blocks := packLines(tt.lines, tt.max, more)
		raw, _ := json.Marshal(blocks)
		for _, e := range slacktest.CheckBlocks(raw, "message") {
			t.Errorf("%s: %v", tt.name, e)
		}
		if len(blocks) != tt.wantSections {
			t.Errorf("%s: %d sections; want %d", tt.name, len(blocks), tt.wantSections)
		}
		if got := strings.Contains(string(raw), "more: "); got != tt.wantMore {
			t.Errorf("%s: says how many are left: %v; want %v", tt.name, got, tt.wantMore)
		}
	}
}

func FuzzPackLines(f *testing.F) {
	f.Add("a\nb\nc", 2, 100)
	f.Add(strings.Repeat("я", 3500), 1, 1)
	f.Fuzz(func(t *testing.T, text string, maxSections, width int) {
		if maxSections < 1 || maxSections > 50 || width < 1 || width > 5000 || !utf8.ValidString(text) {
			t.Skip()
		}
		var lines []string
		for _, l := range strings.Split(text, "\n") {
			lines = append(lines, strings.Repeat(l, 1+width/max(1, len(l)+1)))
		}
		blocks := packLines(lines, maxSections, func(n int) string { return "…and more" })
		if len(blocks) > maxSections {
			t.Fatalf("%d sections; at most %d allowed", len(blocks), maxSections)
		}
		raw, _ := json.Marshal(blocks)
		for _, e := range slacktest.CheckBlocks(raw, "message") {
			t.Error(e)
		}
	})
}
