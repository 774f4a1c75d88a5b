package storage_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

func ihDepartment(t *testing.T, db *storage.DB, team, name string) {
	t.Helper()
	mustExec(t, db.X(), `INSERT INTO departments (team_id, name) VALUES ($1, $2)`, team, name)
}

func ihLogHours(t *testing.T, db *storage.DB, key, user string, in storage.TimeEntryInput) (storage.TimeEntry, error) {
	t.Helper()
	d := storage.Delivery{TeamID: ihTeam, UserID: user, Key: key}
	logged, err := db.LogHours(context.Background(), d, in, ledger.WeekOf(in.WorkedOn))
	return logged.Entry, err
}

// ihSupportDB is a fresh database with the client Acme and the department
// support.
func ihSupportDB(t *testing.T) (*storage.DB, int64) {
	t.Helper()
	db := storagetest.New(t)
	acme := ihClient(t, db, ihTeam, "Acme")
	ihDepartment(t, db, ihTeam, "support")
	return db, acme
}

func ihDelivery(key string) storage.Delivery {
	return storage.Delivery{TeamID: ihTeam, UserID: "U1", Key: key}
}

func TestHoursInsertAndUndo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, acme := ihSupportDB(t)

	in := storage.TimeEntryInput{ClientID: acme, Department: "support", Minutes: 90,
		WorkedOn: ihDay("2026-11-16"), Note: "call about invoices"}
	e, err := ihLogHours(t, db, "cmd:1", "U1", in)
	if err != nil {
		t.Fatalf("logging: %v", err)
	}
	if e.ClientName != "Acme" || e.Department != "support" || e.Minutes != 90 || e.UserID != "U1" ||
		!e.WorkedOn.Equal(ihDay("2026-11-16")) || e.Note != "call about invoices" || e.TeamID != ihTeam {
		t.Fatalf("stored entry = %+v", e)
	}
	if _, err := ihLogHours(t, db, "cmd:1", "U1", in); !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Fatalf("redelivery = %v, want ErrAlreadyClaimed", err)
	}
	week := ledger.WeekOf(ihDay("2026-11-16"))
	if got, err := db.UserClientMinutes(ctx, ihTeam, "U1", acme, week); err != nil || got != 90 {
		t.Fatalf("week minutes = %d, %v; want 90 (the redelivery must not count)", got, err)
	}

	ihCheckRemovedOnce(t, "undo",
		func(d storage.Delivery) error { return db.UndoHours(ctx, d, e.ID) },
		func() error { _, err := db.TimeEntry(ctx, ihTeam, e.ID); return err })
	if got, _ := db.UserClientMinutes(ctx, ihTeam, "U1", acme, week); got != 0 {
		t.Fatalf("undone minutes still counted: %d", got)
	}
}

// ihCheckRemovedOnce removes a row with verb's first delivery, then again
// as its redelivery, then with a second delivery: the first works, the
// redelivery is claimed, the row no longer loads and the last finds nothing.
func ihCheckRemovedOnce(t *testing.T, verb string, remove func(storage.Delivery) error, load func() error) {
	t.Helper()
	if err := remove(ihDelivery(verb + ":1")); err != nil {
		t.Fatalf("%s: %v", verb, err)
	}
	if err := remove(ihDelivery(verb + ":1")); !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Fatalf("redelivered %s = %v, want ErrAlreadyClaimed", verb, err)
	}
	if err := load(); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("after %s the row still loads: %v", verb, err)
	}
	if err := remove(ihDelivery(verb + ":2")); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("%s twice = %v, want ErrNotFound", verb, err)
	}
}

func TestHoursUnknownDepartmentOrClient(t *testing.T) {
	t.Parallel()
	db, acme := ihSupportDB(t)
	ihDepartment(t, db, "T0OTHER", "dev")
	theirs := ihClient(t, db, "T0OTHER", "Acme")
	tests := []struct {
		name string
		in   storage.TimeEntryInput
	}{
		{"unknown department", storage.TimeEntryInput{ClientID: acme, Department: "legal", Minutes: 30, WorkedOn: ihDay("2026-11-16")}},
		{"another team's department", storage.TimeEntryInput{ClientID: acme, Department: "dev", Minutes: 30, WorkedOn: ihDay("2026-11-16")}},
		{"another team's client", storage.TimeEntryInput{ClientID: theirs, Department: "support", Minutes: 30, WorkedOn: ihDay("2026-11-16")}},
	}
	for i, tt := range tests {
		if _, err := ihLogHours(t, db, "k"+string(rune('a'+i)), "U1", tt.in); !errors.Is(err, storage.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", tt.name, err)
		}
	}
}

// The week is Monday to Sunday of the team's zone: an entry's day is the
// calendar day there, stored as a date, so totals never slide by a zone.
func TestHoursWeekTotalInZone(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, acme, globex := ihAcmeAndGlobex(t)
	ihDepartment(t, db, ihTeam, "support")
	ihDepartment(t, db, ihTeam, "dev")
	// Sun 15 Nov 2026 22:30 UTC is already Monday 16 Nov in Moscow and
	// still Sunday in New York.
	instant := time.Date(2026, 11, 15, 22, 30, 0, 0, time.UTC)
	moscow, _ := time.LoadLocation("Europe/Moscow")
	newYork, _ := time.LoadLocation("America/New_York")

	entries := []struct {
		client  int64
		user    string
		dept    string
		minutes int
		on      time.Time
	}{
		{acme, "U1", "support", 90, ledger.DayIn(instant, moscow)}, // Mon 16 Nov
		{acme, "U1", "dev", 45, ihDay("2026-11-22")},               // Sun 22 Nov: same week
		{acme, "U1", "dev", 60, ledger.DayIn(instant, newYork)},    // Sun 15 Nov: the week before
		{acme, "U1", "support", 30, ihDay("2026-11-23")},           // next Monday
		{acme, "U2", "support", 120, ihDay("2026-11-17")},          // someone else
		{globex, "U1", "support", 15, ihDay("2026-11-17")},         // another client
	}
	for i, e := range entries {
		_, err := ihLogHours(t, db, "k"+string(rune('a'+i)), e.user, storage.TimeEntryInput{ClientID: e.client,
			Department: e.dept, Minutes: e.minutes, WorkedOn: e.on})
		if err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		user string
		span ledger.Span
		want int
	}{
		{"Moscow week of the instant", "U1", ledger.WeekOf(ledger.DayIn(instant, moscow)), 135},
		{"New York week of the instant", "U1", ledger.WeekOf(ledger.DayIn(instant, newYork)), 60},
		{"other person", "U2", ledger.WeekOf(ihDay("2026-11-16")), 120},
		{"all time", "U1", ledger.AllTime(), 225},
	}
	for _, tt := range tests {
		got, err := db.UserClientMinutes(ctx, ihTeam, tt.user, acme, tt.span)
		if err != nil || got != tt.want {
			t.Errorf("%s: %d, %v; want %d", tt.name, got, err, tt.want)
		}
	}
}

// Logging returns, from its own transaction, the person's week on the
// client and the rates to price the entry with.
func TestLogHoursReturnsWeekAndRates(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, acme := ihSupportDB(t)
	mustExec(t, db.X(), `INSERT INTO department_rates (team_id, department_id, per_hour_minor, effective_from, set_by)
SELECT team_id, id, 6000, '2026-01-01', 'U0' FROM departments WHERE team_id = $1`, ihTeam)
	week := ledger.WeekOf(ihDay("2026-11-16"))
	in := storage.TimeEntryInput{ClientID: acme, Department: "support", Minutes: 30, WorkedOn: ihDay("2026-11-17")}
	if _, err := db.LogHours(ctx, ihDelivery("k1"), in, week); err != nil {
		t.Fatal(err)
	}
	in.Minutes = 45
	logged, err := db.LogHours(ctx, ihDelivery("k2"), in, week)
	if err != nil {
		t.Fatal(err)
	}
	if logged.Entry.Minutes != 45 || logged.Entry.UserID != "U1" || logged.WeekMinutes != 75 || logged.Week != week {
		t.Errorf("logged = %+v, want the 45-minute entry by U1 and 75 minutes this week", logged)
	}
	if rate, ok := ledger.RateOn(logged.Rates, "support", in.WorkedOn); !ok || rate != 6000 {
		t.Errorf("rate on the day = %d, %v; want 6000", rate, ok)
	}
}

// The clients, departments and rates /hours reads are kept in memory, and
// any change to them, by any connection (another replica, or SQL typed by
// hand), is seen by the next read.
func TestHoursChoicesSeeEveryChange(t *testing.T) {
	ctx := context.Background()
	url := storagetest.URL(t)
	open := func() *storage.DB {
		d, err := storage.Open(ctx, url, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	db, other := open(), open() // two replicas
	acme := ihClient(t, db, ihTeam, "Acme")
	ihDepartment(t, db, ihTeam, "support")
	names := func(c storage.HoursChoices) string {
		var s []string
		for _, cl := range c.Clients {
			s = append(s, cl.Name)
		}
		return strings.Join(s, ",") + "|" + strings.Join(c.Departments, ",") + "|" + c.PersonDepartment
	}
	read := func(d *storage.DB) string {
		c, err := d.HoursChoices(ctx, ihTeam, "U1")
		if err != nil {
			t.Fatal(err)
		}
		return names(c)
	}
	before := read(db)
	if read(other) != before {
		t.Fatal("two replicas disagree")
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := other.X().Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO clients (team_id, name, created_by) VALUES ($1, 'Zeta', 'U1')`, ihTeam)
	if got := read(db); !strings.Contains(got, "Zeta") {
		t.Fatalf("a client added elsewhere is not seen: %s", got)
	}
	exec(`INSERT INTO departments (team_id, name) VALUES ($1, 'design')`, ihTeam)
	exec(`INSERT INTO people (team_id, user_id, department_id) SELECT $1, 'U1', id FROM departments WHERE team_id = $1 AND name = 'design'
		ON CONFLICT (team_id, user_id) DO UPDATE SET department_id = EXCLUDED.department_id`, ihTeam)
	if got := read(db); !strings.HasSuffix(got, "|design") || !strings.Contains(got, "design,support") {
		t.Fatalf("a department and a person's department set elsewhere are not seen: %s", got)
	}
	exec(`UPDATE clients SET status = 'archived' WHERE team_id = $1 AND name = 'Zeta'`, ihTeam)
	if got := read(db); strings.Contains(got, "Zeta") {
		t.Fatalf("an archived client is still offered: %s", got)
	}
	// The envelope claim reads the version for the request that follows.
	exec(`INSERT INTO clients (team_id, name, created_by) VALUES ($1, 'Omega', 'U1')`, ihTeam)
	claimed, first, err := db.ClaimEnvelopeContext(ctx, ihTeam, "envelope:1")
	if err != nil || !first {
		t.Fatalf("claim: %v %v", first, err)
	}
	if c, err := db.HoursChoices(claimed, ihTeam, "U1"); err != nil || !strings.Contains(names(c), "Omega") {
		t.Fatalf("after the claim: %s %v", names(c), err)
	}
	// A new rate prices the next entry.
	exec(`INSERT INTO department_rates (team_id, department_id, per_hour_minor, effective_from, set_by)
		SELECT $1, id, 12345, '2000-01-01', 'U1' FROM departments WHERE team_id = $1 AND name = 'support'`, ihTeam)
	logged, err := db.LogHours(ctx, ihDelivery("k-rate"), storage.TimeEntryInput{ClientID: acme, Department: "support", Minutes: 60, WorkedOn: ihDay("2026-03-02")}, ledger.WeekOf(ihDay("2026-03-02")))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range logged.Rates {
		found = found || r.PerHourMinor == 12345
	}
	if !found {
		t.Fatalf("a rate set elsewhere is not in the reply's rates: %+v", logged.Rates)
	}
}
