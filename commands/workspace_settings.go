package commands

import (
	"context"
	"strings"

	"github.com/tact-bot/tact/bot"
)

// tactSettings is `/tact settings`: the settings modal for a manager, the
// settings as a message for anyone else (and for `settings show`).
func (s *Set) tactSettings(ctx context.Context, r *bot.Request, args string) error {
	manager, err := r.IsManager(ctx)
	if err != nil {
		return err
	}
	if !manager || strings.EqualFold(strings.TrimSpace(args), "show") {
		return s.Dialogs.ShowSettings(ctx, r, manager)
	}
	return s.Dialogs.OpenSettings(ctx, r)
}
