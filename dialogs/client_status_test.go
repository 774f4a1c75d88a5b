package dialogs_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
)

func TestStatusLabel(t *testing.T) {
	until := day("2026-12-31")
	tests := []struct {
		status ledger.Status
		until  time.Time
		want   string
	}{
		{ledger.StatusActive, time.Time{}, "Active"},
		{"", time.Time{}, "Active"},
		{ledger.StatusParting, until, "Parting, last day 31 Dec 2026"},
		{ledger.StatusParting, time.Time{}, "Parting"},
		{ledger.StatusRecovery, until, "Winning back trust, until 31 Dec 2026"},
		{ledger.StatusRecovery, time.Time{}, "Winning back trust"},
	}
	p := catalog(t).For("en")
	for _, tt := range tests {
		if got := dialogs.StatusLabel(p, tt.status, tt.until); got != tt.want {
			t.Errorf("StatusLabel(%q, %v) = %q; want %q", tt.status, tt.until, got, tt.want)
		}
	}
}

// TestDigestShowsRecoveryUntil pins the one status label in the digest: it
// used to show recovery without its end date, as the card did not.
func TestDigestShowsRecoveryUntil(t *testing.T) {
	until := day("2026-12-31")
	in := digest.Input{
		Week:  digestWeek(),
		Rates: []ledger.Rate{{Department: "support", PerHourMinor: 6_000, From: day("2026-01-01")}},
		Clients: []digest.ClientInput{{
			ClientID: 7, Name: "Northwind", Status: ledger.StatusRecovery, StatusUntil: &until,
			Entries: []ledger.Entry{{Department: "support", Minutes: 1200, Day: day("2026-11-17")}},
			Revenue: []ledger.Revenue{{AmountMinor: 46_800, Period: ledger.Week, From: day("2026-01-05")}},
			Strain:  &digest.StrainFact{Score: 4, Day: day("2026-11-18")}, // flagged: shown in full
		}},
	}
	msg, _ := dialogs.DigestMessages(catalog(t).For("en"), dialogs.DigestView{Report: digest.Build(in), Currency: "USD"})
	if text := marshalBlocks(t, msg.Blocks, "message"); !strings.Contains(text, "Winning back trust, until 31 Dec 2026") {
		t.Errorf("the digest does not show the end of recovery:\n%s", text)
	}
}
