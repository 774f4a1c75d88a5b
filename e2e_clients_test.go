package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// say sends a slash command and returns the reply's words: its text and
// every string in its blocks, one a line, with JSON escapes undone.
func (h *harness) say(user, cmd, text string) string {
	h.t.Helper()
	body := h.reply(h.command(user, cmd, text))
	var v any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		h.t.Fatalf("reply to %s %s is not JSON: %v\n%s", cmd, text, err, body)
	}
	var msg struct {
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(body), &msg); err == nil && len(msg.Blocks) > 0 {
		for _, e := range slacktest.CheckBlocks(msg.Blocks, "message") {
			h.t.Errorf("reply to %s %s: %v", cmd, text, e)
		}
	}
	var b strings.Builder
	writeStrings(&b, v, []string{"text", "blocks", "fields", "elements", "action_id", "value"})
	return b.String()
}

func (h *harness) expect(user, cmd, text string, wants ...string) string {
	h.t.Helper()
	got := h.say(user, cmd, text)
	for _, w := range wants {
		if !strings.Contains(got, w) {
			h.t.Errorf("%s %s: reply lacks %q:\n%s", cmd, text, w, got)
		}
	}
	return got
}

// openDB opens the database a bot under test uses.
func openDB(t *testing.T, dsn string) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// todayText is today as the bot (TZ=UTC) shows it in English.
func todayText(t *testing.T) string {
	t.Helper()
	return mustCatalog(t).For(locale.EN).Date(ledger.DayIn(time.Now(), time.UTC))
}

func TestClientAddManagerOnlyAndUniqueNames(t *testing.T) {
	h := startBot(t, newSlack(t))
	h.expect(manager, "/client", "add Acme Corp", "Added *Acme Corp*", "/client revenue Acme Corp 12000/month")
	h.expect(member, "/client", "add Globex", "Only managers can do this", "<@"+manager+">")
	h.expect(manager, "/client", "add acme corp", "There's already a client called *Acme Corp*")
	h.expect(manager, "/client", "add Ромашка", "Added *Ромашка*")
	h.expect(manager, "/client", "add ромашка", "There's already a client called *Ромашка*")
	h.expect(manager, "/client", "add", "Type the client's name after `add`")
	h.expect(manager, "/client", "add "+strings.Repeat("x", 81), "can have at most 80")
	h.expect(manager, "/client", "add Smith &amp; Co", "Added *Smith &amp; Co*") // Slack escapes "&"; mrkdwn shows it back as "&"
	got := h.expect(member, "/client", "list", "Acme Corp", "Ромашка", "Smith &amp; Co")
	if strings.Contains(got, "Globex") {
		t.Errorf("a member's refused add was stored:\n%s", got)
	}
}

func TestClientRevenueAmountForms(t *testing.T) {
	h := startBot(t, newSlack(t))
	today := todayText(t)
	h.expect(manager, "/client", "add Acme Corp", "Added")
	steps := []struct{ amount, want string }{
		{"12000", "*Acme Corp*: revenue set to $12,000 a month from " + today + "."},
		{"12 000", "revenue set to $12,000 a month from " + today + " (was $12,000 a month)."},
		{"12,000.50", "revenue set to $12,000.50 a month from " + today + " (was $12,000 a month)."},
		{"12k", "revenue set to $12,000 a month from " + today + " (was $12,000.50 a month)."},
		{"1.5m", "revenue set to $1,500,000 a month"},
		{"3000/week", "revenue set to $3,000 a week (about $13,000 a month) from " + today + " (was $1,500,000 a month)."},
		{"120k/year", "revenue set to $120,000 a year (about $10,000 a month) from " + today + " (was $3,000 a week)."},
	}
	for _, s := range steps {
		h.expect(manager, "/client", "revenue Acme Corp "+s.amount, s.want)
	}
	h.expect(manager, "/client", "revenue acme corp 12,,0",
		"I couldn't read “12,,0” as an amount. Type it like `12000`, `12 000`, `12k` or `1.5m`, e.g. `/client revenue Acme Corp 12000/month`.")
	h.expect(manager, "/client", "revenue Acme 12k/fortnight", "I don't know the period “fortnight”", "`/week`, `/month` or `/year`")
	h.expect(manager, "/client", "revenue Acme -5", "can't be negative")
	h.expect(manager, "/client", "revenue Acme", "Type the amount after the client's name, e.g. `/client revenue Acme Corp 12000/month`.")
	h.expect(manager, "/client", "revenue Initech 5000", "No client named “Initech", "/client add")
	h.expect(member, "/client", "revenue Acme 1", "Only managers can do this")
	// Several changes today: the last one is the revenue, with no history yet.
	got := h.expect(member, "/client", "show Acme", "$120,000 a year since "+today)
	if strings.Contains(got, "Revenue history") {
		t.Errorf("same-day changes made a history:\n%s", got)
	}
	h.expect(member, "/client", "list", "*Acme Corp*: $10,000 a month")
}

func TestClientCACArchiveRestore(t *testing.T) {
	h := startBot(t, newSlack(t))
	h.expect(manager, "/client", "add Acme Corp", "Added")
	h.expect(manager, "/client", "add Globex", "Added")
	h.expect(manager, "/client", "cac Acme 5000", "*Acme Corp*: acquisition cost set to $5,000.")
	h.expect(manager, "/client", "cac Acme 6.5k", "acquisition cost set to $6,500 (was $5,000).")
	h.expect(manager, "/client", "cac Acme lots", "I couldn't read “lots” as an amount")
	h.expect(member, "/client", "archive Acme", "Only managers can do this")
	h.expect(manager, "/client", "archive Acme", "Archived *Acme Corp*", "/client restore Acme Corp")
	h.expect(manager, "/client", "archive Acme", "already archived")
	if got := h.say(member, "/client", "list"); strings.Contains(got, "Acme") || !strings.Contains(got, "Globex") {
		t.Errorf("the list after archiving:\n%s", got)
	}
	h.expect(member, "/client", "show Acme Corp", "Acme Corp", "Archived", "$6,500")
	h.expect(manager, "/client", "restore acme", "Restored *Acme Corp*")
	h.expect(manager, "/client", "restore acme", "isn't archived")
	h.expect(member, "/client", "list", "Acme Corp", "Globex")
}

func TestTactRatesAndDepartments(t *testing.T) {
	h := startBot(t, newSlack(t))
	today := todayText(t)
	h.expect(manager, "/tact", "rate support 50/h", "Created the department *support*: an hour costs $50 from "+today+".")
	h.expect(manager, "/tact", "rate Support 55", "*support*: an hour costs $55 from "+today+" (was $50).")
	h.expect(manager, "/tact", "rate support 50/day", "A rate is per hour", "`/tact rate support 1500/h`")
	h.expect(manager, "/tact", "rate support", "Type a department and what an hour of it costs")
	h.expect(manager, "/tact", "rate $$ 50", "can't be a department name")
	h.expect(member, "/tact", "rate dev 90", "Only managers can do this")

	h.expect(member, "/tact", "dept me support", "Your department is now *support*")
	h.expect(member, "/tact", "dept me design", "There's no department “design”. Pick one of `support`")
	h.expect(member, "/tact", "dept <@"+russian+"|olga> support", "Only managers can do this")
	h.expect(member, "/tact", "dept someone support", "I couldn't tell who “someone” is")
	h.expect(manager, "/tact", "dept <@"+member+"|max> dev", "<@"+member+">'s department is now *dev* (was support).", "no hourly rate yet")
	h.expect(manager, "/tact", "dept <@"+russian+"> support", "<@"+russian+">'s department is now *support*.")
	h.expect(manager, "/tact", "dept me support", "Your department is now *support*")
	h.expect(member, "/tact", "departments",
		"*dev*: no hourly rate yet · 1 person: <@"+member+">",
		"*support*: $55 an hour since "+today+" · 2 people: <@"+manager+"> and <@"+russian+">")
}

func TestClientShowFiguresMatchHandComputed(t *testing.T) {
	dsn := storagetest.URL(t)
	h := startBot(t, newSlack(t), withEnv("DATABASE_URL", dsn))
	db := openDB(t, dsn)
	today := ledger.DayIn(time.Now(), time.UTC)
	ago := func(days int) time.Time { return today.AddDate(0, 0, -days) }
	h.expect(manager, "/client", "add Acme Corp", "Added")
	h.expect(manager, "/client", "revenue Acme 12000", "revenue set")
	h.expect(manager, "/tact", "rate support 50", "Created")
	// History the commands can't write: earlier rates, hours and incidents.
	w := storage.Workspace{
		Rates: []ledger.Rate{
			{Department: "support", PerHourMinor: 4_000, From: ago(60)},
			{Department: "dev", PerHourMinor: 9_000, From: ago(60)},
		},
		Hours: []storage.SeedHours{
			{Client: "Acme Corp", UserID: member, Department: "support", Minutes: 90, Day: today},    // 1.5 h × $50 = $75
			{Client: "Acme Corp", UserID: manager, Department: "dev", Minutes: 30, Day: today},       // 0.5 h × $90 = $45
			{Client: "Acme Corp", UserID: member, Department: "support", Minutes: 120, Day: ago(10)}, // last 4 weeks, not this week: 2 h × $40 = $80
			{Client: "Acme Corp", UserID: member, Department: "dev", Minutes: 60, Day: ago(40)},      // all time only: 1 h × $90 = $90
		},
		Incidents: []storage.SeedIncident{
			{Client: "Acme Corp", Category: ledger.LatePayment, Severity: ledger.SeverityHigh, OccurredOn: ago(1), ReportedBy: member,
				Description: "Invoice 12 unpaid", Links: []string{"https://mail.example.com/12"}},
			{Client: "Acme Corp", Category: ledger.Disrespect, Severity: ledger.SeverityMedium, OccurredOn: ago(35), ReportedBy: manager,
				Description: "Shouted at support"},
		},
	}
	if err := db.LoadWorkspace(context.Background(), teamID, w, false); err != nil {
		t.Fatal(err)
	}
	cat, _ := locale.New()
	p := cat.For(locale.EN)
	// The card's 4 weeks are the digest's window: this week so far and the
	// three before it.
	week, recent := ledger.WeekOf(today), digest.WindowSpan(digest.WeekOf(today, time.UTC), today)
	got := h.expect(member, "/client", "show acme",
		"*Revenue*\n$12,000 a month since "+p.Date(today),
		// Revenue over the window, 22 to 28 days of $12,000 × 12 / 364: $8,703 to
		// $11,077, and the amount typed today stands for those days too; $200
		// is 2% of it.
		"*Cost to serve, last 4 weeks*\n$200, 2% of the revenue for those weeks",
		"This week, "+p.DateRange(week.From, week.To)+": 2 h, $120",
		"Last 4 weeks, "+p.DateRange(recent.From, recent.To)+": 4 h, $200",
		"All time: 5 h, $290",
		"*support*: this week 1 h 30 min ($75) · 4 weeks 3 h 30 min ($155) · all time 3 h 30 min ($155)",
		"*dev*: this week 30 min ($45) · 4 weeks 30 min ($45) · all time 1 h 30 min ($135)",
		"*Incidents*: 1 incident in the last 4 weeks, 2 in all",
		"Late or missing payment: 1 in 4 weeks · 1 in all",
		"Disrespect to staff: 0 in 4 weeks · 1 in all",
		"High · Late or missing payment · <@"+member+">: Invoice 12 unpaid",
		"<https://mail.example.com/12|link 1>",
		"incident.open", "hours.open",
	)
	clients, _ := db.ListClients(context.Background(), teamID, false)
	if want := fmt.Sprint(clients[0].ID); !strings.Contains(got, "\n"+want+"\n") {
		t.Errorf("the card's buttons don't carry the client id %s:\n%s", want, got)
	}
	h.expect(member, "/client", "list", "*Acme Corp*: $12,000 a month · 4 h, $200 to serve · 1 incident")
	h.expect(member, "/client", "show", "Which client?")
	h.expect(member, "/client", "show Initech", "No client named “Initech”")
}

func TestClientRepliesInRussian(t *testing.T) {
	h := startBot(t, newSlack(t))
	h.expect(russian, "/client", "add Ромашка", "Это могут сделать только руководители")
	h.expect(manager, "/client", "add Ромашка", "Added")
	h.expect(manager, "/tact", "rate поддержка 1500", "Created")
	h.expect(russian, "/tact", "dept me поддержка", "Теперь ваш отдел — *поддержка*")
	h.expect(russian, "/client", "show ромашка", "Статус", "Активный", "Инцидентов нет", "Записать часы")
	h.expect(russian, "/client", "list", "Активные клиенты", "*Ромашка*: выручка не указана", "0 инцидентов")
	h.expect(russian, "/tact", "departments", "*поддержка*: 1\u00a0500\u00a0$ в час с", "1 человек")
	h.expect(manager, "/client", "add Acme", "Added")
	h.expect(russian, "/client", "revenue Acme 12,,0", "Это могут сделать только руководители")
	h.expect(russian, "/client", "help", "/client add <name>", "добавить клиента", "_(для руководителей)_")
}

func TestClientRedeliveredAddStoresOnce(t *testing.T) {
	dsn := storagetest.URL(t)
	srv := newSlack(t)
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn))
	env := h.command(manager, "/client", "add Acme Corp")
	h.reply(env)
	h.redeliverFirstDuplicate(env)
	h.expect(manager, "/client", "list", "Acme Corp")
	clients, err := openDB(t, dsn).ListClients(context.Background(), teamID, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(clients) != 1 {
		t.Errorf("a redelivered /client add stored %d clients", len(clients))
	}
	if n := len(srv.Calls("response_url")); n != 2 {
		t.Errorf("%d replies; want one to the add and one to the list", n)
	}
}

func TestClientHelpListsSubcommands(t *testing.T) {
	h := startBot(t, newSlack(t))
	for _, text := range []string{"help", ""} {
		h.expect(member, "/client", text,
			"/client add <name>", "/client list", "/client show <client>",
			"/client revenue <client> <amount>[/month|/week|/year]", "/client cac <client> <amount>",
			"/client archive <client>", "/client restore <client>", "_(managers)_")
	}
	h.expect(member, "/client", "frobnicate", "I don't know `frobnicate`", "/client add <name>")
	h.expect(member, "/tact", "help", "/tact rate <department> <amount>[/h]", "/tact dept <@user|me> <department>", "/tact departments")
}

// Rates and revenue take a start date, so history is costed at the rates
// of its days: in both languages, and a date that can't be read is said so.
func TestDatedRatesAndRevenue(t *testing.T) {
	dsn := storagetest.URL(t)
	h := startBot(t, newSlack(t), withEnv("DATABASE_URL", dsn))
	db := openDB(t, dsn)
	h.expect(manager, "/client", "add Acme", "Added")
	h.expect(manager, "/tact", "rate support 50 from 2026-01-01", "an hour costs $50 from 1 Jan 2026")
	h.expect(manager, "/tact", "rate support 40 from 32.13.2026", "I couldn't read “32.13.2026” as a date")
	h.expect(manager, "/tact", "rate support 40 from 1999-01-01", "too far off")
	h.expect(manager, "/client", "revenue Acme 12000/month from 2026-03-01", "1 Mar 2026")
	h.expect(manager, "/client", "revenue Acme 10 000/мес с 01.06.2026", "1 Jun 2026") // Russian words, English reply
	var rows []struct {
		Amount int64     `db:"amount_minor"`
		From   time.Time `db:"effective_from"`
	}
	if err := db.X().Select(&rows, `SELECT amount_minor, effective_from FROM client_revenue WHERE team_id = $1 ORDER BY effective_from`, teamID); err != nil ||
		len(rows) != 2 || rows[0].From.Format(time.DateOnly) != "2026-03-01" || rows[1].Amount != 1_000_000 {
		t.Errorf("revenue history %+v, %v", rows, err)
	}
	var from time.Time
	if err := db.X().Get(&from, `SELECT min(effective_from) FROM department_rates WHERE team_id = $1`, teamID); err != nil ||
		from.Format(time.DateOnly) != "2026-01-01" {
		t.Errorf("rate from %v, %v", from, err)
	}
}
