package commands_test

import (
	"strings"
	"testing"

	"github.com/tact-bot/tact/commands"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// The card is built per person: only a manager's offers the farewell
// wizard, and never on an archived client.
func TestClientCardOffersFarewellToManagersOnly(t *testing.T) {
	cat := catalog(t)
	for _, lang := range []string{locale.EN, locale.RU} {
		p := cat.For(lang)
		c := acmeCard()
		if got := checkMessage(t, commands.ClientCardBlocks(p, c)); strings.Contains(got, dialogs.ActionOpenFarewell) {
			t.Errorf("%s: a member's card offers the farewell wizard", lang)
		}
		c.Manager = true
		got := checkMessage(t, commands.ClientCardBlocks(p, c))
		if !strings.Contains(got, "action_id="+dialogs.ActionOpenFarewell) || !strings.Contains(got, "value=42") || !strings.Contains(got, p.T("farewell.card.open")) {
			t.Errorf("%s: a manager's card lacks the farewell button:\n%s", lang, got)
		}
		c.Client.Status = ledger.StatusArchived
		if got := checkMessage(t, commands.ClientCardBlocks(p, c)); strings.Contains(got, dialogs.ActionOpenFarewell) {
			t.Errorf("%s: an archived client's card offers the farewell wizard", lang)
		}
	}
}

// The statuses the wizard sets show with their end dates.
func TestClientCardShowsFarewellStatuses(t *testing.T) {
	p := catalog(t).For(locale.EN)
	until := day("2026-12-31")
	for status, want := range map[ledger.Status]string{
		ledger.StatusParting:    p.T("client.status.parting_until", map[string]any{"Day": p.Date(until)}),
		ledger.StatusRecovery:   p.T("farewell.card.recovery_until", map[string]any{"Day": p.Date(until)}),
		ledger.StatusBoundaries: p.T("client.status.boundaries"),
	} {
		c := acmeCard()
		c.Client.Status = status
		if got := checkMessage(t, commands.ClientCardBlocks(p, c)); !strings.Contains(got, want) {
			t.Errorf("%s: card lacks %q", status, want)
		}
	}
}
