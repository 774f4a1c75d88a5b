package commands

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/storage"
)

// maxRetentionMonths is the longest retention that can be set (10 years).
const maxRetentionMonths = 120

// foreverWords keep incident texts forever.
func foreverWords() []string { return []string{"forever", "off", "всегда", "бессрочно"} }

// tactRetention is `/tact retention [<months>|forever]`: how long incident
// texts and evidence are kept.
func (s *Set) tactRetention(ctx context.Context, r *bot.Request, args string) error {
	p := s.Catalog.For(r.Lang)
	input := strings.ToLower(strings.TrimSpace(bot.Unescape(args)))
	if input == "" {
		months, err := s.DB.Retention(ctx, r.TeamID)
		if err != nil {
			return err
		}
		if months == 0 {
			return s.tellUser(ctx, r, p.T("retention.forever"))
		}
		return s.tellUser(ctx, r, p.N("retention.current", months))
	}
	months := 0
	if !slices.Contains(foreverWords(), input) {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(input, "m"), " months"))
		if err != nil || n < 1 || n > maxRetentionMonths {
			return s.tellUser(ctx, r, p.T("retention.usage", map[string]any{"Max": maxRetentionMonths}))
		}
		months = n
	}
	_, err := s.DB.SetRetention(ctx, deliveryOf(r), months)
	if errors.Is(err, storage.ErrAlreadyClaimed) {
		return nil
	}
	if err != nil {
		return err
	}
	if months == 0 {
		return s.tellUser(ctx, r, p.T("retention.set_forever"))
	}
	return s.tellUser(ctx, r, p.N("retention.set", months))
}
