package commands_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/commands"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

func catalog(t *testing.T) *locale.Catalog {
	t.Helper()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// checkMessage fails the test on any Block Kit limit the blocks break and
// returns every string in them (texts, action ids, values), one a line.
func checkMessage(t *testing.T, blocks []slack.Block) string {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range slacktest.CheckBlocks(raw, "message") {
		t.Error(e)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	collectStrings(&b, "", v)
	return b.String()
}

// collectStrings writes "key=value" for every string field, depth first.
func collectStrings(b *strings.Builder, key string, v any) {
	switch x := v.(type) {
	case string:
		fmt.Fprintf(b, "%s=%s\n", key, x)
	case []any:
		for _, e := range x {
			collectStrings(b, key, e)
		}
	case map[string]any:
		for k, e := range x {
			collectStrings(b, k, e)
		}
	}
}

// acmeCard is a client in the week 16–22 Nov 2026 (today Sunday 22 Nov).
func acmeCard() commands.ClientCard {
	today := day("2026-11-22")
	rates := []ledger.Rate{
		{Department: "support", PerHourMinor: 4_000, From: day("2026-01-01")},
		{Department: "support", PerHourMinor: 5_000, From: day("2026-11-18")},
		{Department: "dev", PerHourMinor: 9_000, From: day("2026-01-01")},
	}
	entries := []ledger.Entry{
		{Department: "support", Minutes: 90, Day: day("2026-11-16")},
		{Department: "support", Minutes: 60, Day: day("2026-11-18")},
		{Department: "dev", Minutes: 45, Day: day("2026-11-19")},
		{Department: "support", Minutes: 120, Day: day("2026-11-10")},
		{Department: "sales", Minutes: 30, Day: day("2026-09-01")},
	}
	c := commands.ClientCard{
		Client: storage.ClientDetail{
			Client: ledger.Client{ID: 42, Name: "Acme & Sons", Status: ledger.StatusParting, CACMinor: 500_000},
			HasCAC: true, StatusUntil: day("2026-12-31"),
		},
		Currency: "USD",
		Revenue: []ledger.Revenue{
			{AmountMinor: 1_500_000, Period: ledger.Month, From: day("2026-06-01")},
			{AmountMinor: 1_200_000, Period: ledger.Month, From: day("2026-11-02")},
		},
		Today:      today,
		WeekSpan:   ledger.WeekOf(today),
		RecentSpan: ledger.LastWeeks(today, 4),
		Incidents: []storage.CategoryCount{
			{Category: ledger.LatePayment, Recent: 2, Total: 5},
			{Category: ledger.Other, Recent: 0, Total: 1},
		},
		Latest: []storage.IncidentBrief{{
			ID: 7, Category: ledger.LatePayment, Severity: ledger.SeverityHigh, Description: "Invoice <12> unpaid\nagain",
			Links: []string{"https://mail.example.com/t/1"}, OccurredOn: day("2026-11-20"), ReportedBy: "U0MAX",
		}},
	}
	c.Week = ledger.SpendIn(entries, rates, c.WeekSpan)
	c.Recent = ledger.SpendIn(entries, rates, c.RecentSpan)
	c.All = ledger.SpendIn(entries, rates, ledger.AllTime())
	return c
}

func TestClientCardBlocks(t *testing.T) {
	p := catalog(t).For(locale.EN)
	got := checkMessage(t, commands.ClientCardBlocks(p, acmeCard()))
	for _, want := range []string{
		"Parting, last day 31 Dec 2026",    // status with its end date
		"$12,000 a month since 2 Nov 2026", // revenue now
		"$15,000 a month from 1 Jun 2026",  // its history
		"$5,000",                           // acquisition cost
		// 4 weeks: support 90×40 + 60×50 + 120×40 = 60 + 50 + 80 = 190; dev 45×90 = 67.50.
		"$257.50",
		"This week, 16–22 Nov 2026: 3 h 15 min, $177.50",
		"*support*: this week 2 h 30 min ($110) · 4 weeks 4 h 30 min ($190) · all time 4 h 30 min ($190)",
		"(sales)", // unrated
		"*Incidents*: 2 incidents in the last 4 weeks, 6 in all",
		"Late or missing payment: 2 in 4 weeks · 5 in all",
		"Other: 0 in 4 weeks · 1 in all",
		// Mentions as Slack links; what people typed escaped for mrkdwn, on one line.
		"#7 · 20 Nov 2026 · High · Late or missing payment · <@U0MAX>: Invoice &lt;12&gt; unpaid again",
		"Evidence: <https://mail.example.com/t/1|link 1>",
		"text=Acme & Sons\n", // the header is plain text
		"action_id=" + dialogs.ActionLogIncident,
		"action_id=" + dialogs.ActionLogHours,
		"value=42",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("card lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "strain") {
		t.Errorf("card shows a strain line with no poll: %s", got)
	}
	if strings.Contains(got, "Health") {
		t.Errorf("card shows a verdict it was not given: %s", got)
	}
}

// The card's verdict is the digest's: health and its reasons, the window's
// share, rate and time outside the contract, and the flags.
func TestClientCardVerdict(t *testing.T) {
	c := acmeCard()
	c.Verdict = &digest.ClientFigures{
		Recent: digest.Window{Minutes: 600, Cost: 25_750, Revenue: 1_107_692, HasRevenue: true, CostShare: 0.0232, HasCostShare: true,
			Rate: 110_769, HasRate: true, RevenueShare: 0.4, HoursShare: 0.25, OutsideMinutes: 150, OutsideCost: 6_000},
		LongRate: digest.LongRate{Rate: 95_000, HasRate: true},
		Health:   digest.Health{Score: 64, Reasons: []digest.Reason{{Kind: digest.ReasonLatePayment, Points: 10, Count: 2}}},
		Flags:    []digest.Flag{{Kind: digest.LatePayment, Count: 2, Total: 420_000, Value: 45}},
	}
	got := checkMessage(t, commands.ClientCardBlocks(catalog(t).For(locale.EN), c))
	for _, want := range []string{
		"$257.50, 2% of the revenue for those weeks",
		"*Health 64/100*",
		"earns $1,107.69 an hour ($950 over 12 weeks) · 40% of the team's revenue · 25% of its hours · 25% of the time outside the contract ($60)",
		"Lowers the score: 2 late payments",
		"⚠ 2 late payments logged in the last 4 weeks. ($4,200 outstanding, 45 days late on average)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("card lacks %q:\n%s", want, got)
		}
	}
}

func TestClientCardStrainHook(t *testing.T) {
	c := acmeCard()
	c.LatestStrain = &commands.StrainScore{Score: 3.8, Scale: 5, Answers: 7, Day: day("2026-11-12")}
	got := checkMessage(t, commands.ClientCardBlocks(catalog(t).For(locale.EN), c))
	if !strings.Contains(got, "3.8 out of 5, 7 answers, 12 Nov 2026") {
		t.Errorf("card lacks the strain score: %s", got)
	}
}

func TestClientCardRussian(t *testing.T) {
	got := checkMessage(t, commands.ClientCardBlocks(catalog(t).For(locale.RU), acmeCard()))
	for _, want := range []string{
		"Расстаёмся, последний день — 31 декабря 2026",
		"12\u00a0000\u00a0$ в месяц с 2 ноября 2026",
		"*Инциденты*: 2 инцидента за последние 4 недели, всего 6",
		"Записать инцидент",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Russian card lacks %q:\n%s", want, got)
		}
	}
}

func TestClientCardEmpty(t *testing.T) {
	today := day("2026-11-22")
	c := commands.ClientCard{
		Client:   storage.ClientDetail{Client: ledger.Client{ID: 1, Name: "Globex", Status: ledger.StatusActive}},
		Currency: "USD", Today: today, WeekSpan: ledger.WeekOf(today), RecentSpan: ledger.LastWeeks(today, 4),
	}
	got := checkMessage(t, commands.ClientCardBlocks(catalog(t).For(locale.EN), c))
	for _, want := range []string{"No hours logged yet", "No incidents logged", "not set yet", "Active"} {
		if !strings.Contains(got, want) {
			t.Errorf("empty card lacks %q: %s", want, got)
		}
	}
}

func TestClientCardHugeDataStaysWithinLimits(t *testing.T) {
	today := day("2026-11-22")
	var rates []ledger.Rate
	var entries []ledger.Entry
	for i := range 100 {
		dept := fmt.Sprintf("department-%02d-%s", i, strings.Repeat("x", 20))
		rates = append(rates, ledger.Rate{Department: dept, PerHourMinor: 999_999_999, From: day("2020-01-01")})
		for d := range 30 {
			entries = append(entries, ledger.Entry{Department: dept, Minutes: 1440, Day: today.AddDate(0, 0, -d)})
		}
	}
	entries = append(entries, ledger.Entry{Department: "unrated", Minutes: 10, Day: today})
	c := commands.ClientCard{
		Client: storage.ClientDetail{Client: ledger.Client{
			ID: 1, Name: strings.Repeat("Ш", ledger.MaxClientNameRunes), Status: ledger.StatusRecovery,
		}},
		Currency: "RUB", Today: today, WeekSpan: ledger.WeekOf(today), RecentSpan: ledger.LastWeeks(today, 4),
		LatestStrain: &commands.StrainScore{Score: 4.5, Scale: 5, Answers: 1000, Day: today},
	}
	for i := range 60 {
		c.Revenue = append(c.Revenue, ledger.Revenue{AmountMinor: int64(i+1) * 1_000_000_000, Period: ledger.Year, From: day("2020-01-01").AddDate(0, i, 0)})
	}
	for _, cat := range ledger.Categories() {
		c.Incidents = append(c.Incidents, storage.CategoryCount{Category: cat, Recent: 1_000_000, Total: 9_999_999})
	}
	for i := range 5 {
		var links []string
		for j := range 20 {
			links = append(links, fmt.Sprintf("https://example.com/%d/%d/%s", i, j, strings.Repeat("a", 2900)))
		}
		links = append(links, "https://example.com/short")
		c.Latest = append(c.Latest, storage.IncidentBrief{
			ID: int64(i), Category: ledger.Threats, Severity: ledger.SeverityHigh,
			Description: strings.Repeat("<b>&", 750), Links: links, OccurredOn: today, ReportedBy: "U1",
		})
	}
	c.Week = ledger.SpendIn(entries, rates, c.WeekSpan)
	c.Recent = ledger.SpendIn(entries, rates, c.RecentSpan)
	c.All = ledger.SpendIn(entries, rates, ledger.AllTime())
	for _, lang := range []string{locale.EN, locale.RU} {
		blocks := commands.ClientCardBlocks(catalog(t).For(lang), c)
		got := checkMessage(t, blocks)
		if len(blocks) > slacktest.MaxMessageBlocks {
			t.Errorf("%s: %d blocks", lang, len(blocks))
		}
		if !strings.Contains(got, "more department") && !strings.Contains(got, "ещё") {
			t.Errorf("%s: a cut department list does not say so", lang)
		}
	}
}
