package commands

import (
	"context"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// Deps are what the command handlers need; main builds them.
type Deps struct {
	DB       *storage.DB
	Catalog  *locale.Catalog
	Dialogs  *dialogs.Dialogs
	Currency string // ISO 4217 code money is entered and shown in
	// Digest posts the digest to the channel the workspace's settings name,
	// for /digest post.
	Digest DigestPublisher
	// Clock is the team's clock (its Location the team's zone): "now",
	// "today" and "this week" are read from it alone.
	ledger.Clock
}

// New builds the product's command set.
func New(d Deps) *Set {
	s := &Set{Deps: d}
	s.Commands = []Command{
		s.tactCommand(),
		s.clientCommand(),
		s.incidentCommand(),
		s.hoursCommand(),
		s.strainCommand(),
		s.digestCommand(),
		s.farewellCommand(),
	}
	return s
}

// forTeam is the command set with teamID's settings in force (read once,
// through the dialogs).
func (s *Set) forTeam(ctx context.Context, teamID string) *Set {
	dlg := s.Dialogs.ForTeam(ctx, teamID)
	if dlg == s.Dialogs {
		return s
	}
	d := s.Deps
	d.Dialogs, d.Currency, d.Clock = dlg, dlg.Currency, dlg.Clock
	return New(d)
}

// scoped is h run on the command set as the request's workspace has it set
// now.
func (s *Set) scoped(h func(*Set, context.Context, *bot.Request) error) bot.Handler {
	return func(ctx context.Context, r *bot.Request) error {
		return h(s.forTeam(ctx, r.TeamID), ctx, r)
	}
}
