package blockkit

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/locale"
)

// Pack groups lines, in order, into at most maxSections groups whose lines,
// joined with "\n", are at most room characters. A line longer than room
// is clipped with "…". Packing stops when the groups are full; used is how
// many of the lines they hold (the first used lines).
func Pack(lines []string, room, maxSections int) (groups [][]string, used int) {
	clipped := make([]string, len(lines))
	for i, l := range lines {
		clipped[i] = locale.Clip(l, room)
	}
	return pack(clipped, room, maxSections, chars)
}

// pack is the packer every section builder goes through: greedy, in order,
// measure adding up over lines plus one per "\n" between them. A single
// line is never split here, so one longer than room makes a group alone.
func pack(lines []string, room, maxSections int, measure func(string) int) (groups [][]string, used int) {
	if maxSections < 1 {
		return nil, 0
	}
	var cur []string
	size := 0
	for ; used < len(lines); used++ {
		n := measure(lines[used])
		if len(cur) > 0 && size+1+n > room {
			if len(groups)+1 == maxSections {
				break
			}
			groups = append(groups, cur)
			cur, size = nil, 0
		}
		if len(cur) > 0 {
			size++
		}
		cur = append(cur, lines[used])
		size += n
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	return groups, used
}

// Sections packs every line into as many mrkdwn sections of at most room
// characters as they need.
func Sections(lines []string, room int) []slack.Block {
	groups, _ := Pack(lines, room, len(lines))
	return SectionBlocks(groups)
}

// SectionsUpTo packs lines into at most maxSections mrkdwn sections. Blank
// lines are skipped; lines that do not fit are left out and more(n) says
// how many, as the last line.
func SectionsUpTo(lines []string, maxSections int, more func(left int) string) []slack.Block {
	lines = nonBlank(lines)
	groups, used := Pack(lines, SectionRoom, maxSections)
	if left := len(lines) - used; left > 0 && len(groups) > 0 {
		groups[len(groups)-1] = withClosing(groups[len(groups)-1], left, more)
	}
	return SectionBlocks(groups)
}

// withClosing ends a full last section with more(left), dropping its last
// lines (and counting them) until the closing line fits.
func withClosing(last []string, left int, more func(int) string) []string {
	size := chars(strings.Join(last, "\n"))
	for len(last) > 1 && size+1+chars(more(left)) > SectionRoom {
		size -= chars(last[len(last)-1]) + 1
		last = last[:len(last)-1]
		left++
	}
	closing := locale.Clip(more(left), SectionRoom/2)
	if len(last) == 1 {
		last[0] = locale.Clip(last[0], SectionRoom-chars(closing)-1)
	}
	return append(last, closing)
}

// SectionBlocks renders each group as one mrkdwn section, its lines joined
// with "\n"; a blank group is left out (Slack refuses blank text).
func SectionBlocks(groups [][]string) []slack.Block {
	blocks := make([]slack.Block, 0, len(groups))
	for _, g := range groups {
		if text := strings.Join(g, "\n"); strings.TrimSpace(text) != "" {
			blocks = append(blocks, Section(text))
		}
	}
	return blocks
}

// Section is a mrkdwn section, its text clipped to Slack's limit.
func Section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, locale.Clip(text, MaxSectionText), false, false), nil, nil)
}

// Context is a one-element mrkdwn context block, its text clipped.
func Context(text string) *slack.ContextBlock {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, locale.Clip(text, MaxContextText), false, false))
}

func nonBlank(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}
