package dialogs_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

func FuzzParseMetadata(f *testing.F) {
	f.Add(dialogs.Metadata{Channel: "C1", Incident: 3, Source: "modal"}.String())
	f.Add(`{"v":1,"inc":-1}`)
	f.Add(`{"v":"1"}`)
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := dialogs.ParseMetadata(s)
		if err != nil {
			return
		}
		if m.Version != dialogs.MetadataVersion {
			t.Fatalf("accepted version %d", m.Version)
		}
		again, err := dialogs.ParseMetadata(m.String())
		if m.Reply != "" && again.Reply == "" {
			m.Reply = "" // String drops a response_url that would not fit
		}
		if err != nil || again != m {
			t.Fatalf("round trip of %+v = %+v, %v", m, again, err)
		}
	})
}

// Whatever is submitted, the reader answers with values or field errors,
// never both and never nothing, and never keeps an over-long description.
func FuzzReadIncident(f *testing.F) {
	f.Add("3", "late-payment", "high", "2026-11-13", "invoice unpaid https://x.example.com", "https://a.example.com\nbad", "4200", "45")
	f.Add("", "", "", "", "", "", "", "")
	f.Add("-1", "other", "extreme", "2026-02-30", "  ", "ftp://x", "-5", "0")
	f.Add("3", "late-payment", "low", "2026-11-13", "paid late", "", "1,250.50", "30d")
	p := catalog(f).For(locale.RU)
	today := day("2026-11-16")
	f.Fuzz(func(t *testing.T, client, category, severity, date, what, evidence, amount, days string) {
		st := state(map[string]slack.BlockAction{
			dialogs.BlockClient: option(client), dialogs.BlockCategory: option(category), dialogs.BlockSeverity: option(severity),
			dialogs.BlockDay: {SelectedDate: date}, dialogs.BlockWhat: {Value: what}, dialogs.BlockEvidence: {Value: evidence},
			dialogs.BlockAmount: {Value: amount}, dialogs.BlockDaysLate: {Value: days},
		})
		v, errs := dialogs.ReadIncident(p, st, today, 2)
		if len(errs) > 0 {
			return
		}
		if v.ClientID <= 0 || !v.Category.Valid() || !v.Severity.Valid() || v.Day.After(today) {
			t.Fatalf("accepted %+v", v)
		}
		if pay := v.Payment; pay.AmountMinor < 0 || pay.DaysLate < 0 || pay.DaysLate > 3650 ||
			(pay != ledger.Payment{} && v.Category != ledger.LatePayment) {
			t.Fatalf("accepted payment %+v for %s", pay, v.Category)
		}
		if v.Description == "" || utf8.RuneCountInString(v.Description) > 3000 || strings.TrimSpace(v.Description) != v.Description {
			t.Fatalf("accepted description %q", v.Description)
		}
	})
}
