package commands

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/locale"
)

// Helpers for the client card, the client list and the departments list:
// whatever the data, their messages stay within Slack's Block Kit limits.

// sectionChars is how much text one section may carry: Slack allows 3000
// characters, and the margin absorbs a closing line.
const sectionChars = 2900

// packLines packs lines into at most maxSections mrkdwn sections. Lines that
// do not fit are left out and more(n) says how many, as the last line; a
// line longer than a section is clipped.
func packLines(lines []string, maxSections int, more func(n int) string) []slack.Block {
	var sections [][]string
	var cur []string
	curLen := 0
	i := 0
	for ; i < len(lines); i++ {
		line := locale.Clip(lines[i], sectionChars)
		if strings.TrimSpace(line) == "" {
			continue // Slack refuses a section of blank text
		}
		n := utf8.RuneCountInString(line) + 1
		if len(cur) > 0 && curLen+n > sectionChars {
			if len(sections)+1 >= maxSections {
				break
			}
			sections = append(sections, cur)
			cur, curLen = nil, 0
		}
		cur = append(cur, line)
		curLen += n
	}
	if left := countNonBlank(lines[i:]); left > 0 {
		// Make room for the closing line in the last section.
		for len(cur) > 1 && curLen+utf8.RuneCountInString(more(left))+1 > sectionChars {
			last := cur[len(cur)-1]
			cur = cur[:len(cur)-1]
			curLen -= utf8.RuneCountInString(last) + 1
			left++
		}
		closing := locale.Clip(more(left), sectionChars/2)
		if len(cur) == 1 {
			cur[0] = locale.Clip(cur[0], sectionChars-utf8.RuneCountInString(closing)-1)
		}
		cur = append(cur, closing)
	}
	if len(cur) > 0 {
		sections = append(sections, cur)
	}
	blocks := make([]slack.Block, len(sections))
	for j, s := range sections {
		blocks[j] = mrkdwnSection(strings.Join(s, "\n"))
	}
	return blocks
}

func countNonBlank(lines []string) int {
	n := 0
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

func mrkdwnSection(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, locale.Clip(text, 3000), false, false), nil, nil)
}

func mrkdwnContext(text string) *slack.ContextBlock {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, locale.Clip(text, 3000), false, false))
}

// oneLine folds a multi-line text into one line for a list.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
