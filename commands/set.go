package commands

import (
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
	// Digest posts the digest to its channel for /digest post; nil when no
	// DIGEST_CHANNEL is set.
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
