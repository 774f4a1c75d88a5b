package blockkit_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/bot/slacktest"
)

func TestPackCountsCharactersNotBytes(t *testing.T) {
	ru := strings.Repeat("я", 1000) // 1000 characters, 2000 bytes
	tests := []struct {
		name       string
		lines      []string
		room, max  int
		wantGroups []int // lines in each group
		wantUsed   int
	}{
		{"nothing", nil, 100, 3, nil, 0},
		{"no room for a section", []string{"a"}, 100, 0, nil, 0},
		{"fits one", []string{"a", "b"}, 3, 3, []int{2}, 2},
		{"the separator counts", []string{"ab", "c"}, 3, 3, []int{1, 1}, 2},
		{"Cyrillic by characters", []string{ru, ru, ru}, 3002, 3, []int{3}, 3},
		{"Cyrillic one over", []string{ru, ru, ru}, 3001, 3, []int{2, 1}, 3},
		{"stops when full", []string{ru, ru, ru}, 1000, 2, []int{1, 1}, 2},
		{"a long line is clipped", []string{strings.Repeat("я", 5000)}, 2900, 1, []int{1}, 1},
	}
	for _, tt := range tests {
		groups, used := blockkit.Pack(tt.lines, tt.room, tt.max)
		if used != tt.wantUsed {
			t.Errorf("%s: used %d lines; want %d", tt.name, used, tt.wantUsed)
		}
		var got []int
		for _, g := range groups {
			got = append(got, len(g))
			if n := utf8.RuneCountInString(strings.Join(g, "\n")); n > tt.room {
				t.Errorf("%s: a group of %d characters; room is %d", tt.name, n, tt.room)
			}
			for _, l := range g {
				if !utf8.ValidString(l) {
					t.Errorf("%s: a line cut mid-character", tt.name)
				}
			}
		}
		if !slices.Equal(got, tt.wantGroups) {
			t.Errorf("%s: groups of %v lines; want %v", tt.name, got, tt.wantGroups)
		}
	}
}

// Moved from commands (TestPackLines): the capped packer behind the client
// card, the client list and the departments list.
func TestSectionsUpTo(t *testing.T) {
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
		{"Cyrillic fills by characters", []string{strings.Repeat("я", 1400), strings.Repeat("ю", 1400)}, 1, 1, false},
	}
	for _, tt := range tests {
		blocks := blockkit.SectionsUpTo(tt.lines, tt.max, more)
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

func TestSectionsKeepsEveryLine(t *testing.T) {
	lines := make([]string, 300)
	for i := range lines {
		lines[i] = strings.Repeat("щ", 40)
	}
	blocks := blockkit.Sections(lines, blockkit.MaxSectionText)
	raw, _ := json.Marshal(blocks)
	for _, e := range slacktest.CheckBlocks(raw, "message") {
		t.Error(e)
	}
	if got := strings.Count(string(raw), strings.Repeat("щ", 40)); got != len(lines) {
		t.Errorf("%d lines in the sections; want %d", got, len(lines))
	}
}

func FuzzPack(f *testing.F) {
	f.Add("a\nb\nc", 2, 100)
	f.Add(strings.Repeat("я", 3500), 1, 1)
	f.Add("я\n\nю ю\n", 3, 4)
	f.Fuzz(func(t *testing.T, text string, maxSections, room int) {
		if maxSections < 0 || maxSections > 50 || room < 1 || room > 5000 || !utf8.ValidString(text) {
			return
		}
		lines := strings.Split(text, "\n")
		groups, used := blockkit.Pack(lines, room, maxSections)
		if len(groups) > maxSections {
			t.Fatalf("%d groups; at most %d allowed", len(groups), maxSections)
		}
		held := 0
		for _, g := range groups {
			held += len(g)
			if n := utf8.RuneCountInString(strings.Join(g, "\n")); n > room {
				t.Errorf("a group of %d characters; room is %d", n, room)
			}
		}
		if held != used || used > len(lines) {
			t.Errorf("groups hold %d lines, used says %d, of %d", held, used, len(lines))
		}
		if used < len(lines) && len(groups) < maxSections {
			t.Errorf("stopped at %d of %d lines with %d of %d groups", used, len(lines), len(groups), maxSections)
		}
	})
}

// Moved from commands (FuzzPackLines).
func FuzzSectionsUpTo(f *testing.F) {
	f.Add("a\nb\nc", 2, 100)
	f.Add(strings.Repeat("я", 3500), 1, 1)
	f.Fuzz(func(t *testing.T, text string, maxSections, width int) {
		if maxSections < 1 || maxSections > 50 || width < 1 || width > 5000 || !utf8.ValidString(text) {
			return
		}
		var lines []string
		for _, l := range strings.Split(text, "\n") {
			lines = append(lines, strings.Repeat(l, 1+width/max(1, len(l)+1)))
		}
		blocks := blockkit.SectionsUpTo(lines, maxSections, func(n int) string { return "…and more" })
		if len(blocks) > maxSections {
			t.Fatalf("%d sections; at most %d allowed", len(blocks), maxSections)
		}
		raw, _ := json.Marshal(blocks)
		for _, e := range slacktest.CheckBlocks(raw, "message") {
			t.Error(e)
		}
	})
}

// One rule where commands clipped a context line at 3000 and dialogs at
// 2000: every builder now clips at MaxContextText, in characters.
func TestSectionAndContextClipByCharacters(t *testing.T) {
	long := strings.Repeat("ё", 5000)
	if n := utf8.RuneCountInString(blockkit.Section(long).Text.Text); n != blockkit.MaxSectionText {
		t.Errorf("a section of %d characters; want %d", n, blockkit.MaxSectionText)
	}
	ctx := blockkit.Context(long).ContextElements.Elements[0].(*slack.TextBlockObject)
	if n := utf8.RuneCountInString(ctx.Text); n != blockkit.MaxContextText {
		t.Errorf("a context line of %d characters; want %d", n, blockkit.MaxContextText)
	}
	if fits := strings.Repeat("ё", blockkit.MaxSectionText); blockkit.Section(fits).Text.Text != fits {
		t.Errorf("a section of exactly %d Cyrillic characters was cut", blockkit.MaxSectionText)
	}
}
