package commands

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/tact-bot/tact/bot"
)

// oneLine folds a multi-line text into one line for a list.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// replyTooLong tells the person that text is longer than limit characters,
// with the catalogue message id (its {{.Count}} is the length). It reports
// whether it replied: false when the text fits.
func (s *Set) replyTooLong(ctx context.Context, r *bot.Request, text string, limit int, id string) (bool, error) {
	n := utf8.RuneCountInString(text)
	if n <= limit {
		return false, nil
	}
	p := s.Catalog.For(r.Lang)
	return true, r.Reply(ctx, bot.Message{Text: p.T(id, map[string]any{"Count": p.Number(int64(n))})})
}
