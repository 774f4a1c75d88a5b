package blockkit_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot/blockkit"
)

func TestSplitKeepsCyrillicWhole(t *testing.T) {
	tests := []struct {
		name, text string
		limit      int
		want       []string
	}{
		{"blank", " \n\n ", 10, nil},
		{"fits", "привет", 6, []string{"привет"}},
		{"at the line end", "при\nвет", 5, []string{"при", "вет"}},
		{"between characters", "приветик", 3, []string{"при", "вет", "ик"}},
		{"blank lines at a cut go", "аб\n\n\nвг", 2, []string{"аб", "вг"}},
	}
	for _, tt := range tests {
		got := blockkit.Split(tt.text, tt.limit, utf8.RuneCountInString)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Split(%q, %d) = %q; want %q", tt.name, tt.text, tt.limit, got, tt.want)
		}
	}
}

func TestMessagesNeverEndOnAHeader(t *testing.T) {
	text := func(n int) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.MarkdownType, strings.Repeat("ж", n), false, false)
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(text(10), nil, nil),
		slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, "Черновик", false, false)),
		slack.NewSectionBlock(text(10), nil, nil),
		slack.NewSectionBlock(text(10), nil, nil),
	}
	msgs := blockkit.Messages(blocks, 2, 1000)
	if got := lens(msgs); !slices.Equal(got, []int{1, 2, 1}) {
		t.Fatalf("messages of %v blocks; want [1 2 1]", got)
	}
	if _, ok := msgs[1][0].(*slack.HeaderBlock); !ok {
		t.Errorf("the header did not move to the next message")
	}
	// Characters, not bytes: 20 Cyrillic letters fit a 20-character message.
	if got := blockkit.Messages(blocks[2:], 50, 20); len(got) != 1 {
		t.Errorf("20 characters split into %d messages at a 20-character limit", len(got))
	}
}

func lens(msgs [][]slack.Block) []int {
	var out []int
	for _, m := range msgs {
		out = append(out, len(m))
	}
	return out
}
