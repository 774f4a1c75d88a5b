package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// verdictWorkspace is four healthy clients with a normal spread of costs
// and two difficult ones, over the five weeks ending with week: every
// client earns $10,000 a month; an hour of dev costs $90, so a week of
// revenue ($2,307.69) buys 1,538 minutes. Healthy clients take 25–33% of
// their revenue to serve and log an incident now and then; Northwind takes
// 70%, with insults and threats; Initech 60%, and pays late.
func verdictWorkspace(week digest.Week) storage.Workspace {
	long := week.Start.AddDate(0, 0, -200)
	w := storage.Workspace{
		Rates:  []ledger.Rate{{Department: "dev", PerHourMinor: 9_000, From: long}},
		People: map[string]string{member: "dev", manager: "dev"},
	}
	weekly := map[string]int{"Acme": 385, "Blue Harbor": 431, "Globex": 462, "Ромашка": 508, "Northwind": 1_077, "Initech": 923}
	for _, name := range []string{"Acme", "Blue Harbor", "Globex", "Ромашка", "Northwind", "Initech"} {
		w.Clients = append(w.Clients, storage.SeedClient{Name: name, CreatedBy: manager,
			Revenue: []ledger.Revenue{{AmountMinor: 1_000_000, Period: ledger.Month, From: long}}})
		for back := range 5 {
			w.Hours = append(w.Hours, storage.SeedHours{Client: name, UserID: member, Department: "dev",
				Minutes: weekly[name], Day: week.Start.AddDate(0, 0, 1-7*back)})
		}
	}
	in := func(client string, c ledger.Category, sev ledger.Severity, daysBack int, p ledger.Payment) storage.SeedIncident {
		return storage.SeedIncident{Client: client, Category: c, Severity: sev, Description: string(c) + " at " + client,
			OccurredOn: week.End.AddDate(0, 0, -daysBack), ReportedBy: member, Payment: p}
	}
	w.Incidents = []storage.SeedIncident{
		// The healthy clients' incidents are steady, not rising.
		in("Acme", ledger.ScopeCreep, ledger.SeverityLow, 10, ledger.Payment{}),
		in("Acme", ledger.Complaints, ledger.SeverityLow, 38, ledger.Payment{}),
		in("Globex", ledger.Complaints, ledger.SeverityLow, 40, ledger.Payment{}),
		in("Ромашка", ledger.Micromanagement, ledger.SeverityMedium, 3, ledger.Payment{}),
		in("Ромашка", ledger.Complaints, ledger.SeverityLow, 45, ledger.Payment{}),
		in("Northwind", ledger.Disrespect, ledger.SeverityHigh, 2, ledger.Payment{}),
		in("Northwind", ledger.Threats, ledger.SeverityHigh, 9, ledger.Payment{}),
		in("Northwind", ledger.Complaints, ledger.SeverityMedium, 15, ledger.Payment{}),
		in("Northwind", ledger.ScopeCreep, ledger.SeverityMedium, 20, ledger.Payment{}),
		in("Initech", ledger.LatePayment, ledger.SeverityHigh, 4, ledger.Payment{AmountMinor: 420_000, DaysLate: 45}),
		in("Initech", ledger.LatePayment, ledger.SeverityMedium, 25, ledger.Payment{AmountMinor: 150_000, DaysLate: 15}),
	}
	return w
}

// The digest flags only the clients that deserve a look: a workspace of
// four healthy clients and two difficult ones gets two flagged, the rest
// ranked below them with no flag, and the late payments' amounts and days.
func TestDigestFlagsOnlyTheDifficultClients(t *testing.T) {
	dsn := storagetest.URL(t)
	db := openDB(t, dsn)
	last := digest.WeekOf(time.Now(), time.UTC).Prev()
	if err := db.LoadWorkspace(context.Background(), teamID, verdictWorkspace(last), true); err != nil {
		t.Fatal(err)
	}
	h := startBot(t, newSlack(t), withEnv("DATABASE_URL", dsn))
	h.expect(manager, "/tact", "cac 5000", "Winning a typical new client now costs $5,000")
	h.expect(member, "/tact", "cac 1", "Only managers can do this")
	h.expect(manager, "/tact", "floor 140/h", "The rate floor is now $140 an hour")
	h.expect(manager, "/tact", "floor lots", "couldn't read")

	got := h.expect(member, "/digest", "last", "*Flagged*\n2 out of 6 clients",
		// Northwind: 70% of revenue against a median of 30% among the rest.
		"Replacing them would pay for itself in about 2 months",
		"Earns $128.56 an hour over the last 4 weeks, under your floor of $140",
		// Initech's two late payments, with amounts and days.
		"2 late payments logged in the last 4 weeks. ($5,700 outstanding, 30 days late on average)",
		"Lowers the score:")
	if strings.Contains(got, "Is it us?") {
		t.Errorf("two difficult clients among steady ones made it look like us:\n%s", got)
	}
	for _, line := range strings.Split(got, "\n") {
		for _, healthy := range []string{"Acme", "Blue Harbor", "Globex", "Ромашка"} {
			if strings.Contains(line, "*"+healthy+"*") && (strings.Contains(line, "⚠") || !strings.HasPrefix(strings.TrimSpace(line), "•")) {
				t.Errorf("%s is not a plain line among the other clients: %q", healthy, line)
			}
		}
	}
	flagged := strings.Index(got, "*Northwind*") >= 0 && strings.Index(got, "*Initech*") >= 0 &&
		strings.Index(got, "*Northwind*") < strings.Index(got, "*Other clients*") &&
		strings.Index(got, "*Initech*") < strings.Index(got, "*Other clients*")
	if !flagged {
		t.Errorf("Northwind and Initech are not the flagged ones shown first:\n%s", got)
	}
}

// The card and the digest set the same figures: the effective rate, the
// share of the team's revenue, and time outside the contract as a share
// and as money; a late payment logged with its amount and days shows in
// the digest.
func TestCardShowsRateSharesAndScopeCreep(t *testing.T) {
	dsn := storagetest.URL(t)
	db := openDB(t, dsn)
	this := digest.WeekOf(time.Now(), time.UTC)
	if err := db.LoadWorkspace(context.Background(), teamID, verdictWorkspace(this.Prev()), true); err != nil {
		t.Fatal(err)
	}
	h := startBot(t, newSlack(t), withEnv("DATABASE_URL", dsn))
	h.expect(member, "/hours", "Acme 2h dev extra loyalty module", "Logged 2 h on *Acme* (dev)", "Marked as outside the contract.")
	h.expect(russian, "/hours", "Acme 1h dev вне договора выгрузка", "Отмечено как работа вне договора.")
	card := h.expect(member, "/client", "show Acme", "*Health ", "an hour", "of the team's revenue", "of its hours",
		"of the time outside the contract ($270)")
	if strings.Contains(card, "⟨") {
		t.Errorf("a message id is missing:\n%s", card)
	}

	h.expect(member, "/incident", "Acme late-payment 4200 45d Invoice 1184 is overdue",
		"Payment: $4,200 outstanding, 45 days overdue.")
	h.expect(member, "/digest", "", "1 late payment logged in the last 4 weeks. ($4,200 outstanding, 45 days late on average)")
	var stored struct {
		Amount int64 `db:"amount_minor"`
		Days   int   `db:"days_late"`
	}
	if err := db.X().Get(&stored, `SELECT amount_minor, days_late FROM incidents WHERE team_id = $1 AND description LIKE 'Invoice 1184%'`, teamID); err != nil ||
		stored.Amount != 420_000 || stored.Days != 45 {
		t.Errorf("stored payment %+v, %v; want 420000 and 45", stored, err)
	}
	var outside int
	if err := db.X().Get(&outside, `SELECT count(*) FROM time_entries WHERE team_id = $1 AND outside_contract`, teamID); err != nil || outside != 2 {
		t.Errorf("entries outside the contract: %d, %v; want 2", outside, err)
	}
}
