// Package demo is `tact demo`: it fills the database with a demo workspace
// and prints what the bot would show, so a newcomer sees the product
// without Slack.
package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/commands"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// demoTeam is the workspace `tact demo` fills; running it again replaces it.
const demoTeam = "TDEMO"

// demoDifficult is the client whose card the demo prints.
const demoDifficult = "Northwind Retail"

// Config is what the demo shows things in: the configuration's language,
// currency and zone.
type Config struct {
	DefaultLocale string
	Currency      string
	Location      *time.Location
}

// Run fills the database with a demo workspace (replacing an earlier one)
// and prints what the bot would show.
func Run(ctx context.Context, db *storage.DB, cat *locale.Catalog, cfg *Config, out io.Writer) error {
	p := cat.For(cfg.DefaultLocale)
	today := ledger.DayIn(time.Now(), cfg.Location)
	w := demoWorkspace(today, locale.MinorDigits(cfg.Currency))
	if err := db.LoadWorkspace(ctx, demoTeam, w, true); err != nil {
		return fmt.Errorf("filling the demo workspace: %w", err)
	}
	minutes := 0
	for _, h := range w.Hours {
		minutes += h.Minutes
	}
	fmt.Fprintf(out, "%s\n%s\n\n", p.T("demo.title"), p.T("demo.loaded", map[string]any{
		"Team": demoTeam, "Clients": p.N("count.clients", len(w.Clients)),
		"Hours": p.Hours(minutes), "Incidents": p.N("count.incidents", len(w.Incidents)),
	}))

	clock := ledger.NewClock(time.Now, cfg.Location)
	dlg := dialogs.New(dialogs.Deps{DB: db, Catalog: cat, Currency: cfg.Currency, Clock: clock})
	cmds := commands.New(commands.Deps{DB: db, Catalog: cat, Dialogs: dlg, Currency: cfg.Currency, Clock: clock})
	clients, err := db.ListClients(ctx, demoTeam, true)
	if err != nil {
		return err
	}
	for _, c := range clients {
		if c.Name != demoDifficult {
			continue
		}
		card, err := cmds.ClientCardMessage(ctx, demoTeam, c.ID, p.Lang())
		if err != nil {
			return fmt.Errorf("building the demo card: %w", err)
		}
		fmt.Fprintln(out, p.T("demo.card", map[string]any{"Name": c.Name}))
		renderBlocks(out, card.Blocks)
		fmt.Fprintln(out)
	}
	list, err := cmds.ClientListMessage(ctx, demoTeam, p.Lang())
	if err != nil {
		return fmt.Errorf("building the demo list: %w", err)
	}
	fmt.Fprintln(out, p.T("demo.list"))
	renderBlocks(out, list.Blocks)
	if err := demoDigest(ctx, db, cat, cfg, out); err != nil {
		return err
	}
	return demoFarewell(ctx, db, dlg, cat, cfg, today, out)
}

// renderBlocks prints Block Kit blocks as terminal text; mrkdwn stays as is.
func renderBlocks(out io.Writer, blocks []slack.Block) {
	const indent = "  "
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			fmt.Fprintf(out, "%s%s\n%s%s\n", indent, b.Text.Text, indent, strings.Repeat("=", len([]rune(b.Text.Text))))
		case *slack.SectionBlock:
			if b.Text != nil {
				fmt.Fprintln(out, indentLines(b.Text.Text, indent))
			}
			for _, f := range b.Fields {
				label, value, _ := strings.Cut(f.Text, "\n")
				fmt.Fprintf(out, "%s%s %s\n", indent, label, value)
			}
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					fmt.Fprintln(out, indentLines(t.Text, indent+"› "))
				}
			}
		case *slack.DividerBlock:
			fmt.Fprintf(out, "%s%s\n", indent, strings.Repeat("─", 60))
		case *slack.ActionBlock:
			var buttons []string
			for _, e := range b.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok {
					buttons = append(buttons, "[ "+btn.Text.Text+" ]")
				}
			}
			fmt.Fprintf(out, "%s%s\n", indent, strings.Join(buttons, " "))
		}
	}
}

func indentLines(text, indent string) string {
	return indent + strings.ReplaceAll(text, "\n", "\n"+indent)
}

// demoPerson is a member of the demo team.
type demoPerson struct{ id, dept string }

// demoClient is a demo client and how much work it makes: entries a
// working day on average, and who does them.
type demoClient struct {
	storage.SeedClient
	perDay float64
	people []string
}

// demoWorkspace builds the demo data relative to today. It is the same for
// the same day: the random numbers come from a fixed seed.
func demoWorkspace(today time.Time, exp int) storage.Workspace {
	money := func(major int64) int64 {
		for range exp {
			major *= 10
		}
		return major
	}
	ago := func(days int) time.Time { return today.AddDate(0, 0, -days) }
	people := []demoPerson{
		{"U0DEMOANNA", "support"}, {"U0DEMOIVAN", "support"}, {"U0DEMOLENA", "dev"},
		{"U0DEMOMARK", "dev"}, {"U0DEMOOLGA", "accounting"}, {"U0DEMOPAUL", "sales"},
	}
	w := storage.Workspace{People: map[string]string{}}
	for _, pp := range people {
		w.People[pp.id] = pp.dept
	}
	// Support got dearer on the Monday two weeks ago: hours before and after
	// that day are costed at different rates.
	raise := ledger.WeekOf(today).From.AddDate(0, 0, -14)
	w.Rates = []ledger.Rate{
		{Department: "support", PerHourMinor: money(35), From: ago(180)},
		{Department: "support", PerHourMinor: money(42), From: raise},
		{Department: "dev", PerHourMinor: money(90), From: ago(180)},
		{Department: "accounting", PerHourMinor: money(55), From: ago(180)},
		{Department: "sales", PerHourMinor: money(60), From: ago(180)},
	}
	rev := func(major int64, p ledger.Period, from time.Time) ledger.Revenue {
		return ledger.Revenue{AmountMinor: money(major), Period: p, From: from}
	}
	clients := []demoClient{
		{storage.SeedClient{Name: demoDifficult, CACMinor: money(9_000), CreatedBy: "U0DEMOPAUL", Revenue: []ledger.Revenue{
			rev(18_000, ledger.Month, ago(300)), rev(15_000, ledger.Month, ago(120)), rev(11_000, ledger.Month, ago(45)), rev(9_500, ledger.Month, ago(10)),
		}}, 2.6, []string{"U0DEMOANNA", "U0DEMOIVAN", "U0DEMOLENA", "U0DEMOMARK", "U0DEMOOLGA", "U0DEMOPAUL"}},
		{storage.SeedClient{Name: "Acme Logistics", CACMinor: money(12_000), CreatedBy: "U0DEMOPAUL", Revenue: []ledger.Revenue{
			rev(22_000, ledger.Month, ago(400)), rev(25_000, ledger.Month, ago(60)),
		}}, 1.5, []string{"U0DEMOLENA", "U0DEMOMARK", "U0DEMOANNA"}},
		{storage.SeedClient{Name: "Blue Harbor Clinic", CACMinor: money(3_000), CreatedBy: "U0DEMOPAUL", Status: ledger.StatusBoundaries, Revenue: []ledger.Revenue{
			rev(1_500, ledger.Week, ago(200)),
		}}, 1.0, []string{"U0DEMOANNA", "U0DEMOIVAN"}},
		{storage.SeedClient{Name: "Globex Studio", CACMinor: money(2_500), CreatedBy: "U0DEMOPAUL", Revenue: []ledger.Revenue{
			rev(48_000, ledger.Year, ago(250)),
		}}, 0.5, []string{"U0DEMOMARK", "U0DEMOOLGA"}},
		{storage.SeedClient{Name: "Ромашка", CreatedBy: "U0DEMOPAUL", Revenue: []ledger.Revenue{
			rev(7_000, ledger.Month, ago(150)), rev(8_000, ledger.Month, ago(30)),
		}}, 0.8, []string{"U0DEMOIVAN", "U0DEMOLENA"}},
		{storage.SeedClient{Name: "Initech", CACMinor: money(6_000), CreatedBy: "U0DEMOPAUL", Status: ledger.StatusParting, StatusUntil: today.AddDate(0, 0, 30), Revenue: []ledger.Revenue{
			rev(9_000, ledger.Month, ago(365)), rev(5_000, ledger.Month, ago(70)),
		}}, 1.1, []string{"U0DEMOANNA", "U0DEMOOLGA", "U0DEMOPAUL"}},
	}
	dept := map[string]string{}
	for _, pp := range people {
		dept[pp.id] = pp.dept
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	for _, c := range clients {
		w.Clients = append(w.Clients, c.SeedClient)
		for d := 55; d >= 0; d-- {
			day := ago(d)
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			n := int(c.perDay)
			if rng.Float64() < c.perDay-float64(n) {
				n++
			}
			for range n {
				who := c.people[rng.IntN(len(c.people))]
				// Northwind's change requests are often outside the contract.
				outside := c.Name == demoDifficult && dept[who] == "dev" && rng.IntN(3) == 0
				w.Hours = append(w.Hours, storage.SeedHours{
					Client: c.Name, UserID: who, Department: dept[who], Day: day,
					Minutes: 15 * (1 + rng.IntN(12)), Note: demoNote(dept[who]), Outside: outside,
				})
			}
		}
	}
	w.Incidents = demoIncidents(ago)
	return w
}

// demoNote is the note a department's time entries carry.
func demoNote(dept string) string {
	switch dept {
	case "support":
		return "calls and tickets"
	case "dev":
		return "change requests"
	case "accounting":
		return "invoices and reminders"
	}
	return "account meetings"
}

func demoIncidents(ago func(int) time.Time) []storage.SeedIncident {
	in := func(client string, cat ledger.Category, sev ledger.Severity, days int, who, what string, links ...string) storage.SeedIncident {
		return storage.SeedIncident{Client: client, Category: cat, Severity: sev, OccurredOn: ago(days), ReportedBy: who, Description: what, Links: links}
	}
	late := func(s storage.SeedIncident, amountMajor int64, days int) storage.SeedIncident {
		s.Payment = ledger.Payment{AmountMinor: amountMajor * 100, DaysLate: days}
		return s
	}
	const nw = demoDifficult
	return []storage.SeedIncident{
		late(in(nw, ledger.LatePayment, ledger.SeverityHigh, 2, "U0DEMOOLGA", "Invoice 1184 is 45 days overdue; asked for another 60 days.", "https://mail.example.com/thread/1184"), 9_500, 45),
		in(nw, ledger.Disrespect, ledger.SeverityHigh, 4, "U0DEMOANNA", "Shouted at our support lead on the weekly call and called the team incompetent.", "https://calls.example.com/rec/5521"),
		in(nw, ledger.ScopeCreep, ledger.SeverityMedium, 6, "U0DEMOLENA", "Asked for a loyalty programme module \"as part of the maintenance contract\"."),
		in(nw, ledger.Threats, ledger.SeverityHigh, 9, "U0DEMOPAUL", "Threatened to post a review on every marketplace unless we cut the price by 30%.", "https://mail.example.com/thread/1201"),
		in(nw, ledger.Micromanagement, ledger.SeverityMedium, 12, "U0DEMOMARK", "Insists on approving every commit message before we push."),
		in(nw, ledger.Attention, ledger.SeverityLow, 16, "U0DEMOIVAN", "Expects replies within 10 minutes at any hour, weekends included."),
		in(nw, ledger.Complaints, ledger.SeverityMedium, 20, "U0DEMOANNA", "Filed 14 tickets about a report that works as specified."),
		late(in(nw, ledger.LatePayment, ledger.SeverityMedium, 33, "U0DEMOOLGA", "Paid October's invoice three weeks late, again without notice."), 11_000, 21),
		in(nw, ledger.Devaluation, ledger.SeverityMedium, 38, "U0DEMOLENA", "Said a freelancer would do our work for a third of the price."),
		in(nw, ledger.ScopeCreep, ledger.SeverityLow, 50, "U0DEMOMARK", "Three extra landing pages requested as \"small fixes\"."),
		in("Initech", ledger.Disrespect, ledger.SeverityHigh, 3, "U0DEMOANNA", "Insulted the support engineer in a ticket comment.", "https://helpdesk.example.com/t/8812"),
		late(in("Initech", ledger.LatePayment, ledger.SeverityHigh, 8, "U0DEMOOLGA", "Second invoice in a row unpaid after 30 days."), 5_000, 30),
		in("Initech", ledger.Threats, ledger.SeverityMedium, 15, "U0DEMOPAUL", "Mentioned going to court over a delay caused by their own late approvals."),
		in("Initech", ledger.Complaints, ledger.SeverityLow, 26, "U0DEMOANNA", "Complained that the monthly report \"looks boring\"."),
		in("Initech", ledger.Other, ledger.SeverityLow, 41, "U0DEMOPAUL", "Cancelled the quarterly review for the third time."),
		in("Initech", ledger.LatePayment, ledger.SeverityMedium, 52, "U0DEMOOLGA", "Asked to move payment terms from 15 to 60 days."),
		in("Blue Harbor Clinic", ledger.Attention, ledger.SeverityMedium, 5, "U0DEMOIVAN", "Asked for a dedicated engineer on call for a non-urgent change."),
		in("Blue Harbor Clinic", ledger.Complaints, ledger.SeverityLow, 13, "U0DEMOANNA", "Complained about the colour of a button approved last month."),
		in("Blue Harbor Clinic", ledger.Attention, ledger.SeverityLow, 29, "U0DEMOIVAN", "Called the support line six times in one afternoon."),
		in("Blue Harbor Clinic", ledger.ScopeCreep, ledger.SeverityLow, 44, "U0DEMOANNA", "Wanted patient SMS reminders added for free."),
		in("Acme Logistics", ledger.ScopeCreep, ledger.SeverityLow, 18, "U0DEMOLENA", "Extra export format requested without a change order."),
		in("Acme Logistics", ledger.LatePayment, ledger.SeverityLow, 47, "U0DEMOOLGA", "Paid five days late; apologised and paid the fee."),
		in("Ромашка", ledger.Micromanagement, ledger.SeverityMedium, 7, "U0DEMOLENA", "Требуют согласовывать каждую задачу в трекере с их директором."),
		in("Ромашка", ledger.Complaints, ledger.SeverityLow, 24, "U0DEMOIVAN", "Жалоба на скорость ответа в праздничный день."),
		in("Globex Studio", ledger.Other, ledger.SeverityLow, 35, "U0DEMOMARK", "Shared our staging credentials with a third-party agency."),
	}
}
