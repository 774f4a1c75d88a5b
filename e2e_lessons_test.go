package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
)

// Learning which clients to avoid: the last-day reminder's button opens
// the lessons form, the answers are kept with the decision, /tact lessons
// finds what past partings began with, and /client add shows it.
func TestLessonsOfPastPartings(t *testing.T) {
	w := startLogWorld(t)
	ctx := context.Background()
	today := w.today()
	start := today.AddDate(0, 0, -200)
	ws := storage.Workspace{}
	for _, name := range []string{"Alpha", "Beta", "Gamma"} {
		ws.Clients = append(ws.Clients, storage.SeedClient{Name: name, CreatedBy: manager})
		// Each began with a late payment in its first weeks; Alpha and Beta
		// with scope creep too.
		ws.Incidents = append(ws.Incidents, storage.SeedIncident{Client: name, Category: ledger.LatePayment, Severity: ledger.SeverityMedium,
			Description: "Late from the start", OccurredOn: start.AddDate(0, 0, 10), ReportedBy: member})
		ws.Hours = append(ws.Hours, storage.SeedHours{Client: name, UserID: member, Department: "support", Minutes: 60, Day: start})
	}
	ws.Rates = []ledger.Rate{{Department: "support", PerHourMinor: 5_000, From: start}}
	for _, name := range []string{"Alpha", "Beta"} {
		ws.Incidents = append(ws.Incidents, storage.SeedIncident{Client: name, Category: ledger.ScopeCreep, Severity: ledger.SeverityLow,
			Description: "Extras", OccurredOn: start.AddDate(0, 0, 30), ReportedBy: member})
	}
	if err := w.db.LoadWorkspace(ctx, teamID, ws, false); err != nil {
		t.Fatal(err)
	}
	h := w.harness
	h.expect(manager, "/tact", "lessons", "No partings yet")
	h.expect(member, "/tact", "lessons", "Only managers can do this")

	var decisions []int64
	for i, name := range []string{"Alpha", "Beta", "Gamma"} {
		var id int64
		if err := w.db.X().Get(&id, `SELECT id FROM clients WHERE team_id = $1 AND name = $2`, teamID, name); err != nil {
			t.Fatal(err)
		}
		end := today.AddDate(0, 0, -30+i)
		dec, err := w.db.SaveFarewell(ctx, storage.Delivery{TeamID: teamID, UserID: manager, Key: "lessons:" + name}, storage.FarewellRecord{
			ClientID: id, Manager: manager, Path: "part_ways", Group: "negotiating", Lang: "en", EndOn: end,
			Decision: json.RawMessage(`{}`), Drafts: storage.FarewellDrafts{Lang: "en", Path: "part_ways"},
			Status: ledger.StatusParting, StatusUntil: end,
		})
		if err != nil {
			t.Fatal(err)
		}
		decisions = append(decisions, dec)
	}

	// The last-day reminder's button opens the form; a member may not.
	refused, _ := w.replyText(w.click(member, dialogs.ActionLessons, strconv.FormatInt(decisions[0], 10)))
	if !strings.Contains(refused, "Only managers") {
		t.Errorf("a member opened the lessons form: %q", refused)
	}
	w.click(manager, dialogs.ActionLessons, strconv.FormatInt(decisions[0], 10))
	form := w.nthView(1)
	if form.callback != dialogs.CallbackLessons || form.metadata != strconv.FormatInt(decisions[0], 10) {
		t.Fatalf("lessons form: %+v", form)
	}
	empty := w.submit(manager, form, "VLESSONS", "h1", map[string]map[string]any{})
	if !strings.Contains(empty, "Answer at least one question") {
		t.Errorf("an empty form was accepted: %s", empty)
	}
	typed := func(v string) map[string]any { return map[string]any{"type": "plain_text_input", "value": v} }
	saved := w.submit(manager, form, "VLESSONS", "h2", map[string]map[string]any{
		"lessons.early_signs": {"farewell.lessons.early_signs": typed("Paid late from the first invoice")},
		"lessons.screen_for":  {"farewell.lessons.screen_for": typed("Ask for a 20% deposit")},
	})
	if !strings.Contains(saved, "Saved the lessons of *Alpha*") {
		t.Errorf("saving the lessons: %s", saved)
	}
	var stored string
	if err := w.db.X().Get(&stored, `SELECT lessons::text FROM farewell_decisions WHERE id = $1`, decisions[0]); err != nil ||
		!strings.Contains(stored, "Ask for a 20% deposit") {
		t.Errorf("stored lessons %q, %v", stored, err)
	}

	h.expect(manager, "/tact", "lessons", "What our last 3 partings teach",
		"3 of our last 3 partings began with late or missed payments in the first two months.",
		"2 of our last 3 partings began with work regularly asked for beyond the contract in the first two months.",
		"Screen for: Ask for a 20% deposit")
	h.expect(manager, "/client", "add Delta", "Added *Delta*", "3 of our last 3 partings began with late or missed payments")
}

// On the boundaries' review day the manager keeps them with a button: a
// member may not; the review moves six weeks on and the card shows it.
func TestKeepBoundariesAtReview(t *testing.T) {
	w := startLogWorld(t)
	ctx := context.Background()
	today := w.today()
	id := w.addClient("Acme")
	review := today.AddDate(0, 0, 1)
	dec, err := w.db.SaveFarewell(ctx, storage.Delivery{TeamID: teamID, UserID: manager, Key: "keep:1"}, storage.FarewellRecord{
		ClientID: id, Manager: manager, Path: "boundaries", Group: "negotiating", Lang: "en", EndOn: review,
		Decision: json.RawMessage(`{}`), Drafts: storage.FarewellDrafts{Lang: "en", Path: "boundaries"},
		Status: ledger.StatusBoundaries, StatusUntil: review,
		Reminders: []storage.FarewellReminderPlan{{Kind: storage.ReminderBoundariesReview, DueOn: review}},
	})
	if err != nil {
		t.Fatal(err)
	}
	value := strconv.FormatInt(dec, 10)
	if refused, _ := w.replyText(w.click(member, dialogs.ActionKeepBoundaries, value)); !strings.Contains(refused, "Only managers") {
		t.Errorf("a member kept the boundaries: %q", refused)
	}
	next := today.AddDate(0, 0, 42)
	p := mustCatalog(t).For("en")
	if kept, _ := w.replyText(w.click(manager, dialogs.ActionKeepBoundaries, value)); kept != p.T("farewell.review.kept", map[string]any{"Date": p.Date(next)}) {
		t.Errorf("keeping the boundaries: %q", kept)
	}
	var due time.Time
	if err := w.db.X().Get(&due, `SELECT due_on FROM farewell_reminders WHERE decision_id = $1 AND kind = 'boundaries_review'`, dec); err != nil ||
		!ledger.Date(due).Equal(next) {
		t.Errorf("review due %v, %v; want %s", due, err, next)
	}
	w.harness.expect(manager, "/client", "show Acme", p.T("client.status.boundaries_until", map[string]any{"Day": p.Date(next)}))
}
