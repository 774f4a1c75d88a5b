package storage_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
)

func fwWorkspace() storage.Workspace {
	return storage.Workspace{
		Clients: []storage.SeedClient{{Name: "Acme", CreatedBy: "U1", CACMinor: 5000, Revenue: []ledger.Revenue{
			{AmountMinor: 100000, Period: ledger.Month, From: date("2026-01-01")},
			{AmountMinor: 60000, Period: ledger.Month, From: date("2026-10-01")},
		}}, {Name: "Globex", CreatedBy: "U1"}, {Name: "Gone", CreatedBy: "U1", Status: ledger.StatusArchived}},
		Rates: []ledger.Rate{{Department: "support", PerHourMinor: 6000, From: date("2026-01-01")}},
		Hours: []storage.SeedHours{
			{Client: "Acme", UserID: "U2", Department: "support", Minutes: 120, Day: date("2026-11-10")},
			{Client: "Acme", UserID: "U2", Department: "support", Minutes: 60, Day: date("2026-06-01")}, // before the span
		},
		Incidents: []storage.SeedIncident{
			{Client: "Acme", Category: ledger.Disrespect, Severity: ledger.SeverityHigh, Description: "Shouted", OccurredOn: date("2026-11-19"), ReportedBy: "U2", Links: []string{"https://x.example/1"}},
			{Client: "Acme", Category: ledger.LatePayment, Severity: ledger.SeverityLow, Description: "Late", OccurredOn: date("2026-10-01"), ReportedBy: "U3"},
			{Client: "Acme", Category: ledger.Threats, Severity: ledger.SeverityHigh, Description: "Too old", OccurredOn: date("2026-05-01"), ReportedBy: "U3"},
			{Client: "Globex", Category: ledger.Other, Severity: ledger.SeverityLow, Description: "Odd", OccurredOn: date("2026-11-18"), ReportedBy: "U1"},
		},
	}
}

func TestFarewellFactsReadTheSpanOnly(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := seededDB(t, fwWorkspace())
	acme := clientID(t, db, "Acme")
	span := ledger.LastWeeks(date("2026-11-22"), 12)
	f, err := db.FarewellFacts(ctx, team, acme, span, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if f.Client.Name != "Acme" || len(f.Revenue) != 2 || len(f.Rates) != 1 || len(f.Hours) != 1 || f.Hours[0].Minutes != 120 {
		t.Errorf("facts: client %q, %d revenue, %d rates, hours %+v", f.Client.Name, len(f.Revenue), len(f.Rates), f.Hours)
	}
	if len(f.Recent) != 2 || f.Recent[0].Category != ledger.Disrespect || len(f.Recent[0].Links) != 1 || f.Recent[1].Category != ledger.LatePayment {
		t.Errorf("incidents in the span, newest first: %+v", f.Recent)
	}
	if len(f.Clients) != 2 || f.TeamIncidents[acme] != 2 || f.TeamIncidents[clientID(t, db, "Globex")] != 1 {
		t.Errorf("team: %d active clients, counts %v", len(f.Clients), f.TeamIncidents)
	}
	if _, err := db.FarewellFacts(ctx, "T0OTHER", acme, span, time.Now()); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("another workspace's client: %v", err)
	}
}

func TestFarewellWizardStateBelongsToItsUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := seededDB(t, fwWorkspace())
	acme := clientID(t, db, "Acme")
	w := storage.FarewellWizard{TeamID: team, ViewID: "V1", UserID: "U1", ClientID: acme, State: json.RawMessage(`{"v":1}`)}
	if err := db.SaveFarewellWizard(ctx, w); err != nil {
		t.Fatal(err)
	}
	w.State = json.RawMessage(`{"v":1,"step":2}`)
	if err := db.SaveFarewellWizard(ctx, w); err != nil {
		t.Fatal(err)
	}
	other := w
	other.UserID, other.State = "U9", json.RawMessage(`{"stolen":true}`)
	if err := db.SaveFarewellWizard(ctx, other); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("another user overwrote the wizard: %v", err)
	}
	got, err := db.FarewellWizard(ctx, team, "V1")
	var state struct{ Step int }
	if err == nil {
		err = json.Unmarshal(got.State, &state)
	}
	if err != nil || got.UserID != "U1" || state.Step != 2 {
		t.Errorf("wizard %+v (%s), %v", got, got.State, err)
	}
	if n, err := db.PruneFarewellWizards(ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("pruned a fresh wizard: %d, %v", n, err)
	}
	if n, err := db.PruneFarewellWizards(ctx, time.Now().Add(time.Hour)); err != nil || n != 1 {
		t.Errorf("pruned %d stale wizards, %v", n, err)
	}
	if _, err := db.FarewellWizard(ctx, team, "V1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("a pruned wizard: %v", err)
	}
}

func partWaysRecord(client int64, end time.Time, view string) storage.FarewellRecord {
	return storage.FarewellRecord{
		ClientID: client, Manager: "U1", Path: "part_ways", Group: "negotiating", Lang: "en", EndOn: end,
		Decision: json.RawMessage(`{"Client":"Acme"}`),
		Drafts:   storage.FarewellDrafts{Lang: "en", Path: "part_ways", Docs: []storage.FarewellDraft{{Doc: "checklist", Title: "Checklist", Text: "☐ Call"}}},
		Status:   ledger.StatusParting, StatusUntil: end, ViewID: view,
		Reminders: []storage.FarewellReminderPlan{
			{Kind: storage.ReminderWeekBefore, DueOn: end.AddDate(0, 0, -7)}, {Kind: storage.ReminderEndDate, DueOn: end},
		},
	}
}

func TestSaveFarewellOnceWithStatusAndReminders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := seededDB(t, fwWorkspace())
	acme := clientID(t, db, "Acme")
	if err := db.SaveFarewellWizard(ctx, storage.FarewellWizard{TeamID: team, ViewID: "V1", UserID: "U1", ClientID: acme, State: json.RawMessage(`{}`)}); err != nil {
		t.Fatal(err)
	}
	end := date("2026-12-31")
	d := storage.Delivery{TeamID: team, UserID: "U1", Key: "view:V1:h1"}
	// A double-clicked submit: both race, one stores.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { _, errs[i] = db.SaveFarewell(ctx, d, partWaysRecord(acme, end, "V1")) })
	}
	wg.Wait()
	if (errs[0] == nil) == (errs[1] == nil) || !errors.Is(errors.Join(errs...), storage.ErrAlreadyClaimed) {
		t.Fatalf("two saves of one delivery: %v", errs)
	}
	c, err := db.ClientDetail(ctx, team, acme)
	if err != nil || c.Status != ledger.StatusParting || !c.StatusUntil.Equal(end) {
		t.Errorf("client after parting: %+v, %v", c, err)
	}
	if _, err := db.FarewellWizard(ctx, team, "V1"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the wizard's state outlived the save: %v", err)
	}
	dec, err := db.LatestFarewellDecision(ctx, team, acme)
	if err != nil || dec.Path != "part_ways" || !dec.EndOn.Equal(end) || dec.Drafts.Body("checklist") != "☐ Call" || dec.DraftsSent {
		t.Errorf("stored decision %+v, %v", dec, err)
	}
	if err := db.FarewellDraftsSent(ctx, team, dec.ID); err != nil {
		t.Fatal(err)
	}
	if dec, err := db.LatestFarewellDecision(ctx, team, acme); err != nil || !dec.DraftsSent {
		t.Errorf("drafts not recorded as sent: %+v, %v", dec, err)
	}

	// Nothing is due yet; on the week-before day one reminder is, once,
	// however many claim it at once.
	if due, err := db.ClaimDueFarewellReminders(ctx, team, end.AddDate(0, 0, -8), time.Hour); err != nil || len(due) != 0 {
		t.Errorf("due eight days before: %v, %v", due, err)
	}
	claimed := make([][]storage.FarewellReminder, 4)
	for i := range claimed {
		wg.Go(func() {
			var err error
			if claimed[i], err = db.ClaimDueFarewellReminders(ctx, team, end.AddDate(0, 0, -7), time.Hour); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	var got []storage.FarewellReminder
	for _, c := range claimed {
		got = append(got, c...)
	}
	if len(got) != 1 || got[0].Kind != storage.ReminderWeekBefore || got[0].ClientName != "Acme" || got[0].Manager != "U1" ||
		got[0].Drafts.Body("checklist") != "☐ Call" {
		t.Fatalf("claimed %+v", got)
	}
	// Given back after a failed DM, it is due again.
	if err := db.ReleaseFarewellReminder(ctx, got[0].ID); err != nil {
		t.Fatal(err)
	}
	again, err := db.ClaimDueFarewellReminders(ctx, team, end.AddDate(0, 0, -6), time.Hour)
	if err != nil || len(again) != 1 {
		t.Fatalf("released reminder: %v, %v", again, err)
	}
	// Claimed by a run that died: not due again until the claim is stale,
	// then due once more; once delivered, never again.
	if due, err := db.ClaimDueFarewellReminders(ctx, team, end.AddDate(0, 0, -6), time.Hour); err != nil || len(due) != 0 {
		t.Errorf("a fresh claim was taken again: %v, %v", due, err)
	}
	time.Sleep(20 * time.Millisecond)
	reclaimed, err := db.ClaimDueFarewellReminders(ctx, team, end.AddDate(0, 0, -6), 10*time.Millisecond)
	if err != nil || len(reclaimed) != 1 || reclaimed[0].ID != again[0].ID {
		t.Fatalf("a stale claim was not taken again: %v, %v", reclaimed, err)
	}
	if err := db.FarewellReminderDone(ctx, reclaimed[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseFarewellReminder(ctx, reclaimed[0].ID); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if due, err := db.ClaimDueFarewellReminders(ctx, team, end.AddDate(0, 0, -6), 10*time.Millisecond); err != nil || len(due) != 0 {
		t.Errorf("a delivered reminder was claimed again: %v, %v", due, err)
	}
	if other, err := db.ClaimDueFarewellReminders(ctx, "T0OTHER", end, time.Hour); err != nil || len(other) != 0 {
		t.Errorf("another workspace claimed %v, %v", other, err)
	}

	// A later decision (boundaries) replaces the pending end-date reminder,
	// and a client no longer parting gets none.
	later := storage.FarewellRecord{ClientID: acme, Manager: "U1", Path: "boundaries", Group: "negotiating", Lang: "en",
		Decision: json.RawMessage(`{}`), Status: ledger.StatusBoundaries}
	if _, err := db.SaveFarewell(ctx, storage.Delivery{TeamID: team, UserID: "U1", Key: "view:V2:h1"}, later); err != nil {
		t.Fatal(err)
	}
	if due, err := db.ClaimDueFarewellReminders(ctx, team, end, time.Hour); err != nil || len(due) != 0 {
		t.Errorf("reminders after boundaries: %v, %v", due, err)
	}
	if c, _ := db.ClientDetail(ctx, team, acme); c.Status != ledger.StatusBoundaries || !c.StatusUntil.IsZero() {
		t.Errorf("client after boundaries: %+v", c)
	}

	// A client deleted meanwhile: nothing stored.
	if _, err := db.SaveFarewell(ctx, storage.Delivery{TeamID: team, UserID: "U1", Key: "view:V3:h1"}, partWaysRecord(999999, end, "")); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("saving for a missing client: %v", err)
	}
	// Replacing the workspace (tact demo) takes the decisions with it.
	if err := db.LoadWorkspace(ctx, team, fwWorkspace(), true); err != nil {
		t.Fatalf("replacing a workspace with farewell decisions: %v", err)
	}
	var n int
	if err := db.X().GetContext(ctx, &n, `SELECT count(*) FROM farewell_decisions WHERE team_id = $1`, team); err != nil || n != 0 {
		t.Errorf("decisions left after replacing the workspace: %d, %v", n, err)
	}
}
