package commands

import (
	"context"
	"slices"
	"strings"

	"github.com/tact-bot/tact/bot"
)

// undoWords start `/tact import undo <id>`.
func undoWords() []string { return []string{"undo", "отменить", "отмена"} }

// tactImport is `/tact import` (the modal) and `/tact import undo <id>`.
func (s *Set) tactImport(ctx context.Context, r *bot.Request, args string) error {
	fields := strings.Fields(bot.Unescape(args))
	switch {
	case len(fields) == 0:
		return s.Dialogs.OpenImport(ctx, r)
	case len(fields) == 2 && slices.Contains(undoWords(), strings.ToLower(fields[0])):
		return s.Dialogs.UndoImport(ctx, r, strings.ToLower(strings.Trim(fields[1], "`")), false)
	}
	text := s.Catalog.For(r.Lang).T("import.usage")
	return r.Reply(ctx, bot.Message{Text: text})
}
