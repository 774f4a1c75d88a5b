package commands

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// The workspace's lines for the verdicts: /tact cac (what winning a typical
// client costs, for keep-or-replace) and /tact floor (the lowest effective
// hourly rate the team accepts).

// verdictSetting is what differs between /tact cac and /tact floor.
type verdictSetting struct {
	which   storage.Setting
	key     string // the catalogue table, tact.cac or tact.floor
	example string // a whole command to type
	rate    bool   // an hourly amount ("60/h")
}

func (s *Set) tactCAC(ctx context.Context, r *bot.Request, args string) error {
	return s.tactVerdictSetting(ctx, r, args, verdictSetting{which: storage.SettingCAC, key: "tact.cac", example: "/tact cac 5000"})
}

func (s *Set) tactFloor(ctx context.Context, r *bot.Request, args string) error {
	return s.tactVerdictSetting(ctx, r, args, verdictSetting{which: storage.SettingFloor, key: "tact.floor", example: "/tact floor 60/h", rate: true})
}

// clearWords turn a setting off.
func clearWords() []string {
	return []string{"off", "none", "clear", "reset", "0", "нет", "сброс", "выкл", "убрать"}
}

func (s *Set) tactVerdictSetting(ctx context.Context, r *bot.Request, args string, v verdictSetting) error {
	p := s.Catalog.For(r.Lang)
	input := strings.TrimSpace(bot.Unescape(args))
	if input == "" {
		return s.showVerdictSetting(ctx, r, p, v)
	}
	var minor int64
	if !slices.Contains(clearWords(), strings.ToLower(input)) {
		var err error
		if v.rate {
			minor, err = ledger.ParseRate(input, locale.MinorDigits(s.Currency))
		} else {
			minor, err = ledger.ParseAmount(input, locale.MinorDigits(s.Currency))
		}
		if err == nil && minor <= 0 {
			err = ledger.ErrAmountNotPositive
		}
		if err != nil {
			return s.tellUser(ctx, r, amountProblem(p, err, amountAsked{Input: input, Currency: s.Currency, Example: v.example, Rate: v.rate}))
		}
	}
	prev, err := s.DB.SetSetting(ctx, deliveryOf(r), v.which, minor)
	if errors.Is(err, storage.ErrAlreadyClaimed) {
		return nil
	}
	if err != nil {
		return err
	}
	data := map[string]any{"Amount": p.Money(minor, s.Currency), "Prev": p.Money(prev, s.Currency)}
	switch {
	case minor == 0:
		return s.tellUser(ctx, r, p.T(v.key+".cleared"))
	case prev > 0:
		return s.tellUser(ctx, r, p.T(v.key+".done_was", data))
	}
	return s.tellUser(ctx, r, p.T(v.key+".done", data))
}

func (s *Set) showVerdictSetting(ctx context.Context, r *bot.Request, p *locale.Printer, v verdictSetting) error {
	set, err := s.DB.Settings(ctx, r.TeamID)
	if err != nil {
		return err
	}
	now := set.CACMinor
	if v.which == storage.SettingFloor {
		now = set.FloorMinor
	}
	if now == 0 {
		return s.tellUser(ctx, r, p.T(v.key+".unset"))
	}
	return s.tellUser(ctx, r, p.T(v.key+".current", map[string]any{"Amount": p.Money(now, s.Currency)}))
}

// tactLessons is what past partings teach: the early signs they shared and
// what the lessons written down say to screen for.
func (s *Set) tactLessons(ctx context.Context, r *bot.Request, _ string) error {
	p := s.Catalog.For(r.Lang)
	text, partings, err := s.lessons(ctx, r.TeamID, p)
	switch {
	case err != nil:
		return err
	case partings == 0:
		text = p.T("farewell.lessons.none")
	case text == "":
		text = p.N("farewell.lessons.no_pattern", partings)
	}
	return r.Reply(ctx, bot.Message{Text: text, Blocks: textBlocks(text)})
}

// lessons is what the team's past partings teach in p's language ("" when
// nothing yet) and how many partings were read.
func (s *Set) lessons(ctx context.Context, teamID string, p *locale.Printer) (string, int, error) {
	partings, err := s.DB.PastPartings(ctx, teamID, dialogs.PartingsRead)
	if err != nil {
		return "", 0, err
	}
	return dialogs.LessonsText(p, farewell.Summarise(partings)), len(partings), nil
}
