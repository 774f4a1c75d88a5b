package dialogs_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// Today is Sunday 22 Nov 2026; the 12 weeks start on Monday 31 Aug, the 4
// weeks on Monday 26 Oct.
func TestFarewellEvidenceFromFacts(t *testing.T) {
	today := day("2026-11-22")
	acme := ledger.Client{ID: 1, Name: "Acme"}
	f := storage.FarewellFacts{
		Client: storage.ClientDetail{Client: acme, HasCAC: true},
		Revenue: []ledger.Revenue{
			{AmountMinor: 3640, Period: ledger.Year, From: day("2026-01-01")}, // 10 a day
			{AmountMinor: 1820, Period: ledger.Year, From: day("2026-11-16")}, // 5 a day from the last week
		},
		Rates: []ledger.Rate{{Department: "support", PerHourMinor: 6000, From: day("2026-01-01")}},
		Hours: []ledger.Entry{
			{Department: "support", Minutes: 60, Day: day("2026-09-01")},
			{Department: "support", Minutes: 30, Day: day("2026-11-20")},
			{Department: "sales", Minutes: 45, Day: day("2026-11-20")},
		},
		Recent: []storage.FarewellIncident{
			{Category: ledger.Disrespect, Severity: ledger.SeverityHigh, Day: day("2026-11-20"), Links: []string{"https://x"}},
			{Category: ledger.Disrespect, Severity: ledger.SeverityLow, Day: day("2026-11-01")},
			{Category: ledger.LatePayment, Severity: ledger.SeverityLow, Day: day("2026-09-10")},
		},
		Clients:       []ledger.Client{acme, {ID: 2}, {ID: 3}, {ID: 4}},
		TeamIncidents: map[int64]int{1: 3, 2: 1, 4: 5},
		Strain: map[int64]storage.StrainScore{
			1: {Average: 4.2, History: []float64{3.1, 4.2}},
			2: {Average: 2.0}, 3: {Average: 3.0},
		},
	}
	f.Client.CACMinor = 90000
	ev := dialogs.FarewellEvidence(f, today, "USD")
	checks := []struct {
		name      string
		got, want any
	}{
		{"incidents", ev.Incidents12w[ledger.Disrespect]*10 + ev.Incidents12w[ledger.LatePayment], 21},
		{"with links", ev.IncidentsWithLinks12w, 1},
		{"recent", len(ev.Recent), 3},
		{"revenue 4w", ev.Revenue4w, int64(21*10 + 7*5)},
		{"revenue 12w", ev.Revenue12w, int64(77*10 + 7*5)},
		{"cost 4w", ev.Cost4w, int64(3000)},
		{"cost 12w", ev.Cost12w, int64(9000)},
		{"minutes", ev.Minutes12w, 135},
		{"unrated", strings.Join(ev.Unrated, ","), "sales"},
		{"annualised", ev.AnnualisedCost, int64(3000 * 13)},
		{"cac", ev.CACMinor, int64(90000)},
		{"strain", *ev.Strain, 4.2},
		{"trend", ev.StrainTrend, farewell.TrendRising},
		{"falling since", ev.RevenueFallingSince.Format(time.DateOnly), "2026-11-16"},
		{"median incidents of the others (1, 0, 5)", *ev.TeamMedianIncidents, 1.0},
		{"median strain of the others (2, 3)", *ev.TeamMedianStrain, 2.5},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if got := farewell.PreAnswer(ev); !got[farewell.SignDisrespect] || !got[farewell.SignObligations] || got[farewell.SignComplaints] {
		t.Errorf("pre-answers %v", got)
	}

	// Alone in the workspace: nothing to compare with.
	f.Clients, f.Strain = []ledger.Client{acme}, nil
	if ev := dialogs.FarewellEvidence(f, today, "USD"); ev.TeamMedianIncidents != nil || ev.TeamMedianStrain != nil || ev.Strain != nil {
		t.Errorf("medians without peers: %v %v", ev.TeamMedianIncidents, ev.TeamMedianStrain)
	}
}

func TestFarewellMessagesSplitWithinLimits(t *testing.T) {
	cat := catalog(t)
	long := strings.Repeat("Абзац черновика с символами & < > и упоминанием <@U0SPEAKER>.\n", 60)
	d := storage.FarewellDrafts{Lang: locale.RU, Path: "part_ways"}
	for _, doc := range farewell.Docs() {
		d.Docs = append(d.Docs, storage.FarewellDraft{Doc: string(doc), Title: strings.Repeat("Заголовок ", 30), Text: strings.Repeat(long, 4)})
	}
	msgs := dialogs.FarewellMessages(cat.For(locale.RU), "Acme & <Co>", d)
	if len(msgs) < 2 {
		t.Fatalf("%d messages for %d characters of drafts", len(msgs), 8*4*len([]rune(long)))
	}
	var all strings.Builder
	for i, m := range msgs {
		raw, _ := json.Marshal(m.Blocks)
		for _, e := range slacktest.CheckBlocks(raw, "message") {
			t.Errorf("message %d: %v", i+1, e)
		}
		if m.Text == "" || strings.Contains(m.Text, "<Co>") {
			t.Errorf("message %d fallback %q", i+1, m.Text)
		}
		enc := json.NewEncoder(&all) // unescaped: the text as Slack reads it
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m.Blocks); err != nil {
			t.Fatal(err)
		}
	}
	text := all.String()
	if strings.Count(text, "<@U0SPEAKER>") != 8*4*60 {
		t.Errorf("mentions kept: %d", strings.Count(text, "<@U0SPEAKER>"))
	}
	if strings.Contains(text, "& <") || !strings.Contains(text, "&amp; &lt;") {
		t.Error("draft text is not escaped for mrkdwn")
	}
}

func TestFarewellReminderMessage(t *testing.T) {
	cat := catalog(t)
	r := storage.FarewellReminder{Kind: storage.ReminderWeekBefore, ClientName: "Acme", EndOn: day("2026-12-31"),
		Drafts: storage.FarewellDrafts{Docs: []storage.FarewellDraft{{Doc: "checklist", Title: "Checklist", Text: "☐ Call the lawyer"}}}}
	for _, lang := range []string{locale.EN, locale.RU} {
		p := cat.For(lang)
		for _, kind := range []string{storage.ReminderWeekBefore, storage.ReminderEndDate} {
			r.Kind = kind
			m := dialogs.FarewellReminderMessage(p, r)
			raw, _ := json.Marshal(m.Blocks)
			for _, e := range slacktest.CheckBlocks(raw, "message") {
				t.Error(e)
			}
			if !strings.Contains(string(raw), p.Date(r.EndOn)) || !strings.Contains(string(raw), "Call the lawyer") {
				t.Errorf("%s %s reminder: %s", lang, kind, raw)
			}
		}
	}
}
