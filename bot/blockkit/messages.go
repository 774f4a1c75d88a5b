package blockkit

import "github.com/slack-go/slack"

// Messages fills messages in order with at most maxBlocks blocks and about
// maxChars characters of text each, for content too long for one message;
// a header never ends a message.
func Messages(blocks []slack.Block, maxBlocks, maxChars int) [][]slack.Block {
	var out [][]slack.Block
	var cur []slack.Block
	chars := 0
	for _, b := range blocks {
		n := blockChars(b)
		if len(cur) > 0 && (len(cur)+1 > maxBlocks || chars+n > maxChars) {
			carry := []slack.Block{}
			if _, isHeader := cur[len(cur)-1].(*slack.HeaderBlock); isHeader && len(cur) > 1 {
				carry = append(carry, cur[len(cur)-1])
				cur = cur[:len(cur)-1]
			}
			out = append(out, cur)
			cur, chars = carry, 0
			for _, c := range carry {
				chars += blockChars(c)
			}
		}
		cur = append(cur, b)
		chars += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

func blockChars(b slack.Block) int {
	switch b := b.(type) {
	case *slack.SectionBlock:
		if b.Text != nil {
			return chars(b.Text.Text)
		}
	case *slack.HeaderBlock:
		return chars(b.Text.Text)
	}
	return 0
}
