package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

// demoFarewell prints the drafts the farewell wizard writes for the demo's
// difficult client, from its real demo evidence and a typical decision:
// part ways in a month, direct tone, the reasons the incidents suggest.
func demoFarewell(ctx context.Context, db *storage.DB, dlg *dialogs.Dialogs, cat *locale.Catalog, cfg *Config, today time.Time, out io.Writer) error {
	p := cat.For(cfg.DefaultLocale)
	clients, err := db.ListClients(ctx, demoTeam, false)
	if err != nil {
		return err
	}
	var client ledger.Client
	for _, c := range clients {
		if c.Name == demoDifficult {
			client = c
		}
	}
	if client.ID == 0 {
		return fmt.Errorf("the demo client %s is missing", demoDifficult)
	}
	facts, err := db.FarewellFacts(ctx, demoTeam, client.ID, ledger.LastWeeks(today, farewell.EvidenceWeeks), time.Now())
	if err != nil {
		return err
	}
	facts.Today, facts.Currency = today, cfg.Currency
	report, err := dlg.ReportSoFar(ctx, demoTeam)
	if err != nil {
		return err
	}
	if fig, ok := report.Client(client.ID); ok {
		facts.Figures = &fig
	}
	ev := farewell.Assess(facts)
	signs := farewell.PreAnswer(ev)
	d := farewell.Decision{
		Client: client.Name, Lang: p.Lang(), Signs: signs,
		Checks: farewell.Checks{MeasuredHours: true, OwnPart: true, OnlyThisClient: true, NotWithdrawing: true, Reviewer: "U0DEMOLENA"},
		Group:  farewell.Negotiating, Path: farewell.PartWays, Tone: farewell.Direct,
		Share: farewell.Share{Hours: true, Money: true, Incidents: true},
		Part: &farewell.PartDetails{
			EndDate: today.AddDate(0, 0, 30), Reasons: farewell.SuggestedReasons(ev, signs), Refund: farewell.RefundPartLast,
			Referral: &farewell.Referral{Provider: "Harbour Digital", Contact: "hello@harbour.example", WhyFit: "they run long e-commerce support contracts"},
			Handover: []string{"admin access to the shop", "design source files", "the deployment runbook"},
			Speaker:  "U0DEMOPAUL", Channel: farewell.Meeting,
		},
	}
	drafts, err := farewell.Draft(cat, ev, d)
	if err != nil {
		return fmt.Errorf("drafting the demo farewell: %w", err)
	}
	fmt.Fprintf(out, "\n%s\n\n%s\n", p.T("farewell.demo.head", map[string]any{"Client": client.Name}), indentLines(drafts.Text(), "  "))
	return nil
}
