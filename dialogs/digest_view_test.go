package dialogs_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
)

// digestWeek is 16–22 Nov 2026.
func digestWeek() digest.Week { return digest.WeekOf(day("2026-11-18"), time.UTC) }

// smallReport: Northwind costs 1,200.00 a week (20 h at 60.00), 4,800.00
// over the four weeks, against 468.00 of revenue a week, with a late
// payment this week; Acme is healthy.
func smallReport() digest.Report {
	w := digestWeek()
	in := digest.Input{
		Week:  w,
		Rates: []ledger.Rate{{Department: "support", PerHourMinor: 6_000, From: day("2026-01-01")}},
		Clients: []digest.ClientInput{
			{
				ClientID: 7, Name: "Northwind <Retail>", Status: ledger.StatusActive,
				Entries: []ledger.Entry{ // 20 h × 60.00 each week
					{Department: "support", Minutes: 1200, Day: day("2026-10-27")}, {Department: "support", Minutes: 1200, Day: day("2026-11-03")},
					{Department: "support", Minutes: 1200, Day: day("2026-11-10")}, {Department: "support", Minutes: 1200, Day: day("2026-11-17")},
				},
				Revenue:   []ledger.Revenue{{AmountMinor: 46_800, Period: ledger.Week, From: day("2026-01-05")}},
				Incidents: []digest.IncidentFact{{Day: day("2026-11-19"), Category: ledger.LatePayment, Severity: ledger.SeverityHigh}}, // this week
			},
			{
				ClientID: 8, Name: "Acme", Status: ledger.StatusActive,
				Entries: []ledger.Entry{{Department: "support", Minutes: 60, Day: day("2026-11-16")}},
				Revenue: []ledger.Revenue{{AmountMinor: 100_000, Period: ledger.Week, From: day("2026-01-05")}},
			},
		},
	}
	return digest.Build(in)
}

func marshalBlocks(t *testing.T, blocks []slack.Block, surface string) string {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range slacktest.CheckBlocks(raw, surface) {
		t.Errorf("%s blocks: %v", surface, e)
	}
	if strings.Contains(string(raw), "⟨") {
		t.Errorf("%s uses a message id missing from the catalogue: %s", surface, raw)
	}
	// Undo JSON's escaping of <, > and & so tests read the text as Slack does.
	var v any
	_ = json.Unmarshal(raw, &v)
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			b.WriteString(x + "\n")
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, k := range []string{"text", "fields", "elements", "action_id", "value"} {
				if e, ok := x[k]; ok {
					walk(e)
				}
			}
		}
	}
	walk(v)
	return strings.ReplaceAll(b.String(), "\u00a0", " ")
}

func TestDigestMessageSmallWorkspace(t *testing.T) {
	r := smallReport()
	tests := []struct {
		lang     string
		farewell bool
		want     []string
		wantNot  []string
	}{
		{"en", true, []string{
			"Weekly digest: 16–22 Nov 2026",
			"*Northwind &lt;Retail&gt;*",
			"20 h · cost to serve $1,200 · revenue $468 · margin -$732",
			"Costs more than it pays: $4,800 to serve over the last 4 weeks against $1,872 coming in. You are subsidising them.",
			// Over 12 weeks the same hours meet three times the revenue.
			"hours ████ → · cost 256% of revenue · earns $23.40 an hour ($70.20 over 12 weeks) · 32% of the team's revenue · 99% of its hours",
			"Lowers the score: cost 256% of revenue; 1 late payment; 1 serious incident",
			"1 late payment logged in the last 4 weeks.",
			"Incidents this week: Late or missing payment 1",
			dialogs.ActionReviewClient, dialogs.ActionOpenFarewell, "Open farewell wizard", "7",
			"*Other clients*", "*Acme* (health 100/100): 1 h",
		}, nil},
		{"en", false, []string{dialogs.ActionReviewClient}, []string{dialogs.ActionOpenFarewell}},
		{"ru", true, []string{
			"Сводка за неделю: 16–22 ноября 2026",
			"Обходится дороже, чем платит: 4 800 $ на обслуживание за последние 4 недели при выручке 1 872 $. По сути, мы его субсидируем.",
			"· стоимость — 256 % выручки · час работы приносит 23,40 $",
			"За последние 4 недели записана 1 просрочка оплаты.",
			"Мастер расставания",
		}, nil},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/farewell=%v", tc.lang, tc.farewell), func(t *testing.T) {
			p := catalog(t).For(tc.lang)
			msg, thread := dialogs.DigestMessages(p, dialogs.DigestView{Report: r, Currency: "USD", Farewell: tc.farewell})
			if len(thread) != 0 {
				t.Errorf("two clients need no thread, got %d replies", len(thread))
			}
			text := marshalBlocks(t, msg.Blocks, "message")
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("digest lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(text, w) {
					t.Errorf("digest has %q:\n%s", w, text)
				}
			}
			if msg.Text == "" || strings.Contains(msg.Text, "⟨") {
				t.Errorf("fallback text %q", msg.Text)
			}
		})
	}
}

// Every flag reads as a sentence with its numbers, in both languages.
func TestFlagReasons(t *testing.T) {
	flags := []struct {
		flag digest.Flag
		en   string
		ru   string
	}{
		{digest.Flag{Kind: digest.Subsidising, Amount: 120_000, RefAmount: 90_000}, "Costs more than it pays: $1,200 to serve over the last 4 weeks against $900 coming in", "мы его субсидируем"},
		{digest.Flag{Kind: digest.StrainHigh, Value: 3.75, Reference: 3.5}, "strain 3.8 out of 5 (a look is due from 3.5)", "напряжение 3,8 из 5"},
		{digest.Flag{Kind: digest.ReplacementPays, Count: 2, Amount: 4_300_000, RefAmount: 600_000, Value: 0.61, Reference: 0.23, Peers: 5},
			"Replacing them would pay for itself in about 2 months: they cost about $43,000 a year more to serve than a typical client with the same revenue (61% of revenue against a median of 23%), and winning a new client costs about $6,000.",
			"Замена окупится примерно за 2 месяца: обслуживание обходится примерно на 43 000 $ в год дороже, чем у типичного клиента с такой же выручкой (61 % выручки при медиане 23 %), а привлечь нового клиента стоит около 6 000 $."},
		{digest.Flag{Kind: digest.ReplacementPays, Count: 5, Amount: 1_300_000, RefAmount: 500_000, Value: 1.1},
			"in about 5 months: serving them costs about $13,000 a year more than they pay", "примерно за 5 месяцев: обслуживание обходится примерно на 13 000 $ в год дороже, чем клиент платит"},
		{digest.Flag{Kind: digest.BelowFloor, Amount: 4_500, RefAmount: 6_000, Total: 150_000}, "Earns $45 an hour over the last 4 weeks, under your floor of $60: $1,500 short", "час работы приносит 45 $ — ниже вашего минимума 60 $: за отработанные часы недополучено 1 500 $"},
		{digest.Flag{Kind: digest.RevenueFalling, Since: day("2026-08-03"), Amount: 500_000, RefAmount: 900_000}, "Revenue falling since 3 Aug 2026: from $9,000 to $5,000 a month", "Выручка падает с 3 августа 2026: было 9 000 $ в месяц, стало 5 000 $"},
		{digest.Flag{Kind: digest.LatePayment, Count: 2}, "2 late payments logged in the last 4 weeks.", "записаны 2 просрочки оплаты"},
		{digest.Flag{Kind: digest.LatePayment, Count: 5}, "5 late payments", "записано 5 просрочек оплаты"},
		{digest.Flag{Kind: digest.LatePayment, Count: 2, Total: 420_000, Value: 45, Reference: 12},
			"2 late payments logged in the last 4 weeks. ($4,200 outstanding, 45 days late on average, later than before, when it was 12 days)",
			"(не оплачено 4 200 $, в среднем 45 дней просрочки, дольше, чем раньше, когда было 12 дней)"},
		{digest.Flag{Kind: digest.IncidentsRising, Count: 4, RefCount: 1}, "Incidents rising: 4 incidents in the last 4 weeks against 1 in the 4 weeks before.", "4 инцидента за последние 4 недели против 1"},
		{digest.Flag{Kind: digest.StandsOutIncidents, Count: 6, Reference: 1.5, Peers: 5}, "Stands out from the other clients: 6 incidents in the last 4 weeks against a median of 1.5 across 5 other clients.", "при медиане 1,5 по 5 другим клиентам"},
		{digest.Flag{Kind: digest.StandsOutIncidents, Count: 3, Reference: 1, Peers: 21}, "across 21 other clients", "по 21 другому клиенту"},
		{digest.Flag{Kind: digest.StandsOutStrain, Value: 4.2, Reference: 2.5, Peers: 3}, "Stands out from the other clients: strain 4.2 against a median of 2.5 across 3 other clients with a score.", "Выделяется среди клиентов: напряжение 4,2 при медиане 2,5 по 3 другим клиентам с оценкой"},
	}
	cat := catalog(t)
	seen := map[digest.FlagKind]bool{}
	for _, tc := range flags {
		seen[tc.flag.Kind] = true
		for lang, want := range map[string]string{"en": tc.en, "ru": tc.ru} {
			got := dialogs.FlagReason(cat.For(lang), tc.flag, "USD")
			if !strings.Contains(strings.ReplaceAll(got, "\u00a0", " "), want) || strings.Contains(got, "⟨") {
				t.Errorf("%s %s: %q lacks %q", lang, tc.flag.Kind, got, want)
			}
		}
	}
	for _, k := range digest.FlagKinds() {
		if !seen[k] {
			t.Errorf("flag %s has no test", k)
		}
	}
}

// manyClients is a report of n clients, the first flagged ones flagged
// with every flag, with long names (Cyrillic every other one).
func manyClients(n, flagged int) digest.Report {
	r := digest.Report{Week: digestWeek()}
	var all []digest.Flag
	for _, k := range digest.FlagKinds() {
		all = append(all, digest.Flag{Kind: k, Weight: k.Weight(), Amount: 123_456_789, RefAmount: 98_765_432, Count: 12, RefCount: 3, Value: 4.4, Reference: 2, Peers: 999, Since: day("2026-01-05")})
	}
	for i := range n {
		name := fmt.Sprintf("Client %04d %s", i+1, strings.Repeat("x", 60))
		if i%2 == 1 {
			name = fmt.Sprintf("Client %04d %s", i+1, strings.Repeat("ж", 60))
		}
		c := digest.ClientFigures{
			ClientID: int64(i + 1), Name: name, Status: ledger.StatusActive,
			Minutes: 6000 + i, Cost: 1_234_567, Revenue: 987_654, HasRevenue: true, Margin: -246_913,
			MinutesByDept:       map[string]int{"support": 3000, "development": 2000, "accounting": 1000 + i},
			CostByDept:          map[string]int64{"support": 500_000, "development": 600_000, "accounting": 134_567},
			CostTrend:           [4]int64{1, 2, 3, 4},
			HoursTrend:          [4]int64{4, 3, 2, 1},
			IncidentsByCategory: map[ledger.Category]int{},
			Recent:              digest.Window{Rate: 123_456, HasRate: true, Revenue: 1, HasRevenue: true, RevenueShare: 0.123, HoursShare: 0.456},
			Health: digest.Health{Score: 7, Reasons: []digest.Reason{
				{Kind: digest.ReasonCostShare, Points: 25, Value: 12.34, Reference: 0.5, Peers: 999},
				{Kind: digest.ReasonIncidents, Points: 20, Count: 999, Value: 123.4, Reference: 1.5},
				{Kind: digest.ReasonBelowFloor, Points: 15, Amount: 123_456_789, RefAmount: 987_654_321},
			}},
		}
		for _, cat := range ledger.Categories() {
			c.IncidentsByCategory[cat] = 2
			c.Incidents += 2
		}
		if i < flagged {
			c.Flags = all
		}
		r.Clients = append(r.Clients, c)
	}
	r.Team = digest.Team{Flagged: flagged, Unrated: []string{"design", "legal"}}
	return r
}

// countClients counts each client's appearances ("Client 0001 …*" once).
func countClients(text string, n int) []string {
	var wrong []string
	for i := range n {
		prefix := fmt.Sprintf("Client %04d ", i+1)
		if c := strings.Count(text, "*"+prefix); c != 1 {
			wrong = append(wrong, fmt.Sprintf("%s×%d", prefix, c))
		}
	}
	return wrong
}

func TestDigestSplitsIntoThread(t *testing.T) {
	tests := []struct {
		name       string
		n, flagged int
		thread     bool
	}{
		{"few", 5, 2, false},
		{"all flagged", 40, 40, true},
		{"thousand", 1000, 30, true},
		{"thousand unflagged", 1000, 0, true},
	}
	for _, tc := range tests {
		for _, lang := range []string{"en", "ru"} {
			t.Run(tc.name+"/"+lang, func(t *testing.T) {
				p := catalog(t).For(lang)
				msg, thread := dialogs.DigestMessages(p, dialogs.DigestView{Report: manyClients(tc.n, tc.flagged), Currency: "RUB", Farewell: true})
				if len(msg.Blocks) > slacktest.MaxMessageBlocks {
					t.Fatalf("%d blocks", len(msg.Blocks))
				}
				all := marshalBlocks(t, msg.Blocks, "message")
				for _, m := range thread {
					if m.Text == "" || len(m.Blocks) > slacktest.MaxMessageBlocks {
						t.Errorf("thread reply with text %q and %d blocks", m.Text, len(m.Blocks))
					}
					all += marshalBlocks(t, m.Blocks, "message")
				}
				if (len(thread) > 0) != tc.thread {
					t.Errorf("thread replies: %d", len(thread))
				}
				if wrong := countClients(all, tc.n); len(wrong) > 0 {
					t.Errorf("clients not shown exactly once: %v", wrong[:min(len(wrong), 10)])
				}
			})
		}
	}
}

func TestDigestEmpty(t *testing.T) {
	p := catalog(t).For("en")
	msg, thread := dialogs.DigestMessages(p, dialogs.DigestView{Report: digest.Report{Week: digestWeek()}, Currency: "USD"})
	text := marshalBlocks(t, msg.Blocks, "message")
	if len(thread) != 0 || !strings.Contains(text, "No active clients yet") {
		t.Errorf("empty digest:\n%s", text)
	}
}

func TestHomeWithinLimits(t *testing.T) {
	mine := []storage.ClientMinutes{{ClientID: 1, Name: "Acme & Co", Minutes: 150}, {ClientID: 2, Name: "Globex", Minutes: 45}}
	tests := []struct {
		name     string
		report   digest.Report
		manager  bool
		mine     []storage.ClientMinutes
		want     []string
		wantNot  []string
		truncate bool
	}{
		{"member", smallReport(), false, mine, []string{"Your hours this week*: 3 h 15 min", "Acme &amp; Co 2 h 30 min", dialogs.ActionLogIncident, dialogs.ActionLogHours, dialogs.ActionReviewClient}, []string{dialogs.ActionOpenFarewell}, false},
		{"manager", smallReport(), true, nil, []string{"none logged yet", dialogs.ActionOpenFarewell}, nil, false},
		{"thousand", manyClients(1000, 60), true, mine, []string{"more clients: see `/client list`"}, nil, true},
		{"empty", digest.Report{Week: digestWeek()}, true, nil, []string{"No active clients yet"}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := dialogs.HomeView{
				Digest:  dialogs.DigestView{Report: tc.report, Currency: "USD", Scope: dialogs.DigestSoFar, AsOf: day("2026-11-18"), Farewell: tc.manager},
				Mine:    tc.mine,
				Updated: time.Date(2026, 11, 18, 14, 5, 0, 0, time.UTC),
			}
			blocks := dialogs.HomeBlocks(catalog(t).For("en"), h)
			if len(blocks) > slacktest.MaxViewBlocks {
				t.Fatalf("%d blocks", len(blocks))
			}
			view, err := json.Marshal(slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range slacktest.CheckView(view) {
				t.Errorf("home view: %v", e)
			}
			text := marshalBlocks(t, blocks, "home")
			for _, w := range append(tc.want, "this week so far", "updated 14:05") {
				if !strings.Contains(text, w) {
					t.Errorf("home lacks %q:\n%s", w, text)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(text, w) {
					t.Errorf("home has %q", w)
				}
			}
		})
	}
}
