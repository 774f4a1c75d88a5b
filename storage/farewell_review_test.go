package storage_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
)

// A boundaries decision's review is claimed on its day while the client
// still has them, reads the figures before and after, and keeping the
// boundaries moves it on; the check-ins after a parting go out while the
// client is let go, not once it is kept after all.
func TestFollowUpReminders(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := seededDB(t, fwWorkspace())
	acme, globex := clientID(t, db, "Acme"), clientID(t, db, "Globex")
	review := date("2026-12-20")
	rec := storage.FarewellRecord{
		ClientID: acme, Manager: "U1", Path: "boundaries", Group: "negotiating", Lang: "en", EndOn: review,
		Decision: json.RawMessage(`{"Client":"Acme"}`), Drafts: storage.FarewellDrafts{Lang: "en", Path: "boundaries"},
		Status: ledger.StatusBoundaries, StatusUntil: review,
		Reminders: []storage.FarewellReminderPlan{{Kind: storage.ReminderBoundariesReview, DueOn: review}},
	}
	decision, err := db.SaveFarewell(ctx, storage.Delivery{TeamID: team, UserID: "U1", Key: "view:B1:h1"}, rec)
	if err != nil {
		t.Fatal(err)
	}
	if due, err := db.ClaimDueFarewellReminders(ctx, team, review.AddDate(0, 0, -1), time.Minute); err != nil || len(due) != 0 {
		t.Fatalf("claimed the day before: %+v, %v", due, err)
	}
	due, err := db.ClaimDueFarewellReminders(ctx, team, review, time.Minute)
	if err != nil || len(due) != 1 || due[0].Kind != storage.ReminderBoundariesReview || due[0].DecisionID != decision || due[0].DecidedAt.IsZero() {
		t.Fatalf("review claimed: %+v, %v", due, err)
	}
	if err := db.FarewellReminderDone(ctx, due[0].ID); err != nil {
		t.Fatal(err)
	}

	// The seeded hours and incidents: 120 minutes and an insult in November,
	// a late payment on 1 Oct (before), nothing since the 12 Nov decision.
	rv, err := db.LoadBoundaryReview(ctx, team, acme, date("2026-11-12"), date("2026-11-22"), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if rv.Days != 10 || rv.Before.Minutes != 120 || rv.After.Minutes != 0 || rv.Before.Incidents != 0 || rv.After.Incidents != 1 {
		t.Errorf("review = %+v", rv)
	}

	next := date("2027-01-31")
	if _, err := db.KeepBoundaries(ctx, storage.Delivery{TeamID: team, UserID: "U1", Key: "keep:1"}, decision, next); err != nil {
		t.Fatal(err)
	}
	if due, err := db.ClaimDueFarewellReminders(ctx, team, date("2027-01-30"), time.Minute); err != nil || len(due) != 0 {
		t.Errorf("claimed before the new review day: %+v, %v", due, err)
	}
	if due, err := db.ClaimDueFarewellReminders(ctx, team, next, time.Minute); err != nil || len(due) != 1 {
		t.Errorf("the moved review: %+v, %v", due, err)
	}
	var until time.Time
	if err := db.X().Get(&until, `SELECT status_until FROM clients WHERE id = $1`, acme); err != nil || !ledger.Date(until).Equal(next) {
		t.Errorf("status_until %v, %v; want %s", until, err, next)
	}

	// Check-ins after a parting: due while the client is let go.
	end := date("2026-12-31")
	part := partWaysRecord(globex, end, "")
	part.Reminders = []storage.FarewellReminderPlan{{Kind: storage.ReminderTouch3m, DueOn: end.AddDate(0, 3, 0)}}
	if _, err := db.SaveFarewell(ctx, storage.Delivery{TeamID: team, UserID: "U1", Key: "view:P1:h1"}, part); err != nil {
		t.Fatal(err)
	}
	if _, err := db.X().Exec(`UPDATE clients SET status = 'archived' WHERE id = $1`, globex); err != nil {
		t.Fatal(err)
	}
	due, err = db.ClaimDueFarewellReminders(ctx, team, end.AddDate(0, 3, 0), time.Minute)
	if err != nil || len(due) != 1 || due[0].Kind != storage.ReminderTouch3m {
		t.Errorf("check-in for an archived client: %+v, %v", due, err)
	}
	if err := db.ReleaseFarewellReminder(ctx, due[0].ID); err != nil {
		t.Fatal(err)
	}
	// Kept after all: no check-in.
	if _, err := db.X().Exec(`UPDATE clients SET status = 'active' WHERE id = $1`, globex); err != nil {
		t.Fatal(err)
	}
	if due, err := db.ClaimDueFarewellReminders(ctx, team, end.AddDate(0, 3, 0), time.Minute); err != nil || len(due) != 0 {
		t.Errorf("check-in for a client kept after all: %+v, %v", due, err)
	}
}
