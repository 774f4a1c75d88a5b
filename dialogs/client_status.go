package dialogs

import (
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// StatusLabel is a client's status as every view shows it (the card, the
// digest, the wizard's confirmation): parting and winning back trust
// (recovery) come with their end date when they have one. The digest used
// to drop the date of recovery; this is the one label now.
func StatusLabel(p *locale.Printer, s ledger.Status, until time.Time) string {
	switch {
	case s == ledger.StatusParting && !until.IsZero():
		return p.T("client.status.parting_until", map[string]any{"Day": p.Date(until)})
	case s == ledger.StatusRecovery && !until.IsZero():
		return p.T("farewell.card.recovery_until", map[string]any{"Day": p.Date(until)})
	case s == ledger.StatusBoundaries && !until.IsZero():
		return p.T("client.status.boundaries_until", map[string]any{"Day": p.Date(until)})
	case !s.Valid():
		s = ledger.StatusActive
	}
	return p.T("client.status." + string(s))
}

// deref is the day t points to, zero for nil.
func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
