package storage_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// Helpers of the incident and hours tests carry an "ih" prefix: other
// features' tests share this package.
const ihTeam = "T0LEDGER"

// ihDay is a calendar day as the ledger holds it.
func ihDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// ihClient inserts a client straight into the table: adding clients is
// another feature's command, not under test here.
func ihClient(t *testing.T, db *storage.DB, team, name string) int64 {
	t.Helper()
	var id int64
	if err := db.X().Get(&id, `INSERT INTO clients (team_id, name, created_by) VALUES ($1, $2, 'U0SEED') RETURNING id`, team, name); err != nil {
		t.Fatalf("seeding client %s: %v", name, err)
	}
	return id
}

func ihLogIncident(t *testing.T, db *storage.DB, key, reporter string, in storage.IncidentInput) (storage.Incident, error) {
	t.Helper()
	d := storage.Delivery{TeamID: ihTeam, UserID: reporter, Key: key}
	logged, err := db.LogIncident(context.Background(), d, in, ledger.AllTime())
	return logged.Incident, err
}

// ihAcmeAndGlobex is a fresh database with the clients Acme and Globex.
func ihAcmeAndGlobex(t *testing.T) (*storage.DB, int64, int64) {
	t.Helper()
	db := storagetest.New(t)
	return db, ihClient(t, db, ihTeam, "Acme"), ihClient(t, db, ihTeam, "Globex")
}

func allowAll(storage.Incident) error { return nil }

func TestIncidentCreateEditDelete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, acme, globex := ihAcmeAndGlobex(t)

	in := storage.IncidentInput{
		ClientID: acme, Category: ledger.Disrespect, Severity: ledger.SeverityHigh,
		Description: "shouted at Anna", Evidence: []string{"https://mail.example.com/t/1"},
		OccurredOn: ihDay("2026-11-13"), Source: storage.SourceCommand,
	}
	inc, err := ihLogIncident(t, db, "cmd:1", "U0MEMBER", in)
	if err != nil {
		t.Fatalf("logging: %v", err)
	}
	want := storage.Incident{
		ID: inc.ID, TeamID: ihTeam, ClientID: acme, ClientName: "Acme", Category: ledger.Disrespect,
		Severity: ledger.SeverityHigh, Description: "shouted at Anna", Evidence: []string{"https://mail.example.com/t/1"},
		OccurredOn: ihDay("2026-11-13"), ReportedBy: "U0MEMBER", ReportedAt: inc.ReportedAt, Source: storage.SourceCommand,
	}
	if !reflect.DeepEqual(inc, want) {
		t.Fatalf("stored incident\n got %+v\nwant %+v", inc, want)
	}
	if time.Since(inc.ReportedAt) > time.Minute {
		t.Errorf("reported_at %v is not now", inc.ReportedAt)
	}

	edit := storage.IncidentInput{ClientID: globex, Category: ledger.Threats, Severity: ledger.SeverityLow,
		Description: "promised a bad review", OccurredOn: ihDay("2026-11-12")}
	logged, err := db.EditIncident(ctx, ihDelivery("edit:1"), inc.ID, edit, ledger.AllTime(), allowAll)
	edited := logged.Incident
	if err != nil {
		t.Fatalf("editing: %v", err)
	}
	if edited.ClientName != "Globex" || edited.Category != ledger.Threats || edited.Severity != ledger.SeverityLow ||
		edited.Description != "promised a bad review" || len(edited.Evidence) != 0 || !edited.OccurredOn.Equal(ihDay("2026-11-12")) ||
		edited.ReportedBy != "U0MEMBER" || edited.Source != storage.SourceCommand || edited.UpdatedAt.IsZero() {
		t.Fatalf("edited incident = %+v", edited)
	}

	ihCheckRemovedOnce(t, "delete",
		func(d storage.Delivery) error { return db.DeleteIncident(ctx, d, inc.ID) },
		func() error { _, err := db.Incident(ctx, ihTeam, inc.ID); return err })
	var kept int
	if err := db.X().Get(&kept, `SELECT count(*) FROM incidents WHERE id = $1 AND deleted_at IS NOT NULL`, inc.ID); err != nil || kept != 1 {
		t.Fatalf("soft delete kept %d rows (%v), want the row stamped", kept, err)
	}
	_, err = db.EditIncident(ctx, ihDelivery("edit:2"), inc.ID, edit, ledger.AllTime(), allowAll)
	if !errors.Is(err, storage.ErrNotFound) || !errors.Is(err, storage.ErrIncidentGone) {
		t.Fatalf("editing a deleted incident = %v, want ErrNotFound", err)
	}
}

func TestIncidentOtherTeamsClientRefused(t *testing.T) {
	t.Parallel()
	db := storagetest.New(t)
	theirs := ihClient(t, db, "T0OTHER", "Acme")
	_, err := ihLogIncident(t, db, "cmd:1", "U1", storage.IncidentInput{ClientID: theirs, Category: ledger.Other,
		Severity: ledger.SeverityMedium, Description: "x", OccurredOn: ihDay("2026-11-13"), Source: storage.SourceModal})
	if !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("logging against another team's client = %v, want ErrNotFound", err)
	}
	if _, err := db.Incident(context.Background(), "T0OTHER", 1); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("another team sees %v", err)
	}
}

func TestIncidentDeliveryKeyConflictWritesOnce(t *testing.T) {
	t.Parallel()
	db := storagetest.New(t)
	acme := ihClient(t, db, ihTeam, "Acme")
	in := storage.IncidentInput{ClientID: acme, Category: ledger.LatePayment, Severity: ledger.SeverityMedium,
		Description: "invoice 42 overdue", OccurredOn: ihDay("2026-11-13"), Source: storage.SourceModal}
	if _, err := ihLogIncident(t, db, "view:V1:h1", "U1", in); err != nil {
		t.Fatal(err)
	}
	_, err := ihLogIncident(t, db, "view:V1:h1", "U1", in)
	if !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Fatalf("second write with the same key = %v, want ErrAlreadyClaimed", err)
	}
	var n int
	if err := db.X().Get(&n, `SELECT count(*) FROM incidents`); err != nil || n != 1 {
		t.Fatalf("incidents stored = %d (%v), want 1", n, err)
	}
}

func TestCountIncidentsLastFourWeeks(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, acme, other := ihAcmeAndGlobex(t)
	today := ihDay("2026-11-16")
	days := []struct {
		client int64
		on     string
		delete bool
	}{
		{acme, "2026-10-19", false}, // 29 days back: outside
		{acme, "2026-10-20", false}, // first day of the window
		{acme, "2026-11-01", false},
		{acme, "2026-11-16", false}, // today
		{acme, "2026-11-10", true},  // deleted: never counted
		{other, "2026-11-15", false},
	}
	for i, d := range days {
		inc, err := ihLogIncident(t, db, "k"+string(rune('a'+i)), "U1", storage.IncidentInput{ClientID: d.client, Category: ledger.Other,
			Severity: ledger.SeverityLow, Description: "x", OccurredOn: ihDay(d.on), Source: storage.SourceCommand})
		if err != nil {
			t.Fatal(err)
		}
		if d.delete {
			if err := db.DeleteIncident(ctx, ihDelivery("delete:"+string(rune('a'+i))), inc.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	tests := []struct {
		name   string
		client int64
		span   ledger.Span
		want   int
	}{
		{"last 4 weeks", acme, ledger.LastWeeks(today, 4), 3},
		{"all time", acme, ledger.AllTime(), 4},
		{"one day", acme, ledger.Span{From: ihDay("2026-11-01"), To: ihDay("2026-11-01")}, 1},
		{"other client", other, ledger.LastWeeks(today, 4), 1},
	}
	for _, tt := range tests {
		got, err := db.CountIncidents(ctx, ihTeam, tt.client, tt.span)
		if err != nil || got != tt.want {
			t.Errorf("%s: CountIncidents = %d, %v; want %d", tt.name, got, err, tt.want)
		}
	}
}

// An edit locks the incident and asks allow first: a refusal changes
// nothing and uses up no delivery key; an edit to another team's client is
// ErrNotFound but not ErrIncidentGone.
func TestEditIncidentChecksAndCounts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, acme, globex := ihAcmeAndGlobex(t)
	theirs := ihClient(t, db, "T0OTHER", "Initech")
	in := storage.IncidentInput{ClientID: acme, Category: ledger.Other, Severity: ledger.SeverityLow,
		Description: "x", OccurredOn: ihDay("2026-11-13"), Source: storage.SourceCommand}
	inc, err := ihLogIncident(t, db, "k1", "U0REPORTER", in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ihLogIncident(t, db, "k2", "U1", storage.IncidentInput{ClientID: globex, Category: ledger.Other,
		Severity: ledger.SeverityLow, Description: "y", OccurredOn: ihDay("2026-11-14"), Source: storage.SourceCommand}); err != nil {
		t.Fatal(err)
	}

	refused := errors.New("refused")
	var seen storage.Incident
	edit := in
	edit.ClientID, edit.Description = globex, "edited"
	_, err = db.EditIncident(ctx, ihDelivery("edit:1"), inc.ID, edit, ledger.AllTime(), func(before storage.Incident) error {
		seen = before
		return refused
	})
	if !errors.Is(err, refused) || seen.ReportedBy != "U0REPORTER" {
		t.Fatalf("refused edit = %v (saw %+v), want the refusal after seeing the reporter", err, seen)
	}
	if got, _ := db.Incident(ctx, ihTeam, inc.ID); got.Description != "x" {
		t.Fatalf("a refused edit changed the incident: %+v", got)
	}

	logged, err := db.EditIncident(ctx, ihDelivery("edit:1"), inc.ID, edit, ledger.AllTime(), allowAll)
	if err != nil || logged.Incident.ClientID != globex || logged.Recent != 2 {
		t.Fatalf("edit = %+v, %v; want the incident on Globex with 2 incidents", logged, err)
	}
	if _, err := db.EditIncident(ctx, ihDelivery("edit:1"), inc.ID, edit, ledger.AllTime(), allowAll); !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Fatalf("redelivered edit = %v, want ErrAlreadyClaimed", err)
	}
	edit.ClientID = theirs
	_, err = db.EditIncident(ctx, ihDelivery("edit:2"), inc.ID, edit, ledger.AllTime(), allowAll)
	if !errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrIncidentGone) {
		t.Fatalf("edit onto another team's client = %v, want ErrNotFound, not ErrIncidentGone", err)
	}
}
