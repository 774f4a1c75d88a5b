package imports_test

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/tact-bot/tact/imports"
)

func directory() *imports.Directory {
	return &imports.Directory{
		Clients:     []imports.Client{{ID: 1, Name: "Acme"}, {ID: 2, Name: "Initech"}, {ID: 3, Name: "Globex Studio"}, {ID: 4, Name: "Globex, Inc."}},
		People:      []imports.Person{{UserID: "U1", RealName: "Anna Petrova", Email: "anna@example.com", Department: "dev"}, {UserID: "U2", RealName: "Mark Lee", DisplayName: "mark"}},
		Departments: []string{"dev", "pm", "Support"},
		Currency:    "USD",
	}
}

func TestDecideClient(t *testing.T) {
	dir := directory()
	dir.Remembered.Clients = map[string]imports.ClientChoice{"initech llc": {ClientID: 2}, "gone co": {ClientID: 99}}
	now := imports.Choices{Clients: map[string]imports.ClientChoice{"hooli": {Skip: true}, "acme": {ClientID: 2}}}
	for _, tt := range []struct {
		name   string
		match  imports.Match
		id     int64
		create bool
		cands  int
	}{
		{"ACME", imports.Chosen, 2, false, 0}, // the manager's choice wins over the exact match
		{"initech", imports.Matched, 2, false, 0},
		{"  Initech ", imports.Matched, 2, false, 0},
		{"Initech LLC", imports.Chosen, 2, false, 0}, // remembered
		{"Globex Studio", imports.Matched, 3, false, 0},
		{"Globex Corp", imports.Ambiguous, 4, false, 1}, // only "Globex, Inc." differs by legal form alone
		{"Hooli", imports.Skipped, 0, false, 0},
		{"Gone Co", imports.New, 0, true, 0}, // remembered client deleted since
		{"Umbrella", imports.New, 0, true, 0},
	} {
		d := imports.DecideClient(dir, now, tt.name)
		if d.Match != tt.match || d.ClientID != tt.id || d.Create != tt.create || len(d.Candidates) != tt.cands {
			t.Errorf("%q: %+v; want %s %d create=%v candidates=%d", tt.name, d, tt.match, tt.id, tt.create, tt.cands)
		}
	}
}

func TestDecidePerson(t *testing.T) {
	dir := directory()
	dir.Remembered.People = map[string]imports.PersonChoice{"olga k": {Department: "pm"}}
	now := imports.Choices{People: map[string]imports.PersonChoice{"bob@x.io": {Skip: true}, "mark lee": {Department: "support"}}}
	for _, tt := range []struct {
		name, email, task string
		match             imports.Match
		user, dept        string
	}{
		{"A. Petrova", "ANNA@example.com", "Design", imports.Matched, "U1", "dev"}, // by e-mail, /tact dept
		{"Anna Petrova", "", "", imports.Matched, "U1", "dev"},                     // by real name
		{"Anna Petrova", "", "Support", imports.Matched, "U1", "Support"},          // the task names a department
		{"Mark Lee", "", "", imports.Matched, "U2", "Support"},                     // no /tact dept: the choice
		{"mark", "", "", imports.Matched, "U2", ""},                                // display name; no choice for that key
		{"Bob", "bob@x.io", "", imports.Skipped, "", ""},
		{"Olga K", "", "", imports.Chosen, "", "pm"},
		{"Someone", "", "", imports.New, "", ""},
		{"Role Only", "", "", imports.New, "", ""},
	} {
		d := imports.DecidePerson(dir, now, tt.name, tt.email, tt.task, "")
		if d.Match != tt.match || d.UserID != tt.user || d.Department != tt.dept {
			t.Errorf("%q <%s> %q: %+v; want %s %s %q", tt.name, tt.email, tt.task, d, tt.match, tt.user, tt.dept)
		}
	}
}

// The preview of a sample: totals, range, names and the rows left out.
func TestPlanOfHarvest(t *testing.T) {
	r, err := imports.NewReader(bytes.NewReader(sample(t, "harvest.csv")), 2)
	if err != nil {
		t.Fatal(err)
	}
	dir := directory()
	now := imports.Choices{People: map[string]imports.PersonChoice{"mark lee": {Department: "pm"}}}
	p := imports.NewPlanner(dir, now, r)
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		p.Add(row)
	}
	plan := p.Plan()
	if plan.Rows != 4 || plan.Valid+plan.SkipCount != plan.Rows || plan.Valid == 0 {
		t.Fatalf("plan rows %d valid %d skipped %d", plan.Rows, plan.Valid, plan.SkipCount)
	}
	if plan.From.After(plan.To) || plan.From.IsZero() || plan.From.Before(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("range %s – %s", plan.From, plan.To)
	}
	if len(plan.Clients) == 0 || plan.Clients[0].Name != "Acme Corp" || plan.Clients[0].Match != imports.Ambiguous || plan.Clients[0].ClientID != 1 {
		t.Errorf("clients %+v", plan.Clients)
	}
	for _, s := range plan.Skips {
		if s.Line < 2 || s.Err == nil {
			t.Errorf("skip without line or reason: %+v", s)
		}
	}
	if plan.Valid != 3 || plan.Minutes != 270 || len(plan.Skips) != 1 || plan.Skips[0].Line != 5 || plan.Skips[0].Column != "Hours" ||
		!errors.Is(plan.Skips[0].Err, imports.ErrDurationRange) || len(plan.People) != 2 || plan.People[1].Department != "pm" {
		t.Errorf("plan = %+v", plan)
	}
}

func TestResolveInvoiceCurrency(t *testing.T) {
	dir := directory()
	row := imports.Row{Invoice: &imports.InvoiceRow{Line: 2, Client: "Acme", Currency: "EUR", AmountMinor: 100}}
	if r := imports.Resolve(dir, imports.Choices{}, row); !errors.Is(r.Err, imports.ErrCurrency) {
		t.Errorf("EUR invoice in a USD team: %v", r.Err)
	}
	row.Invoice.Currency = "usd"
	if r := imports.Resolve(dir, imports.Choices{}, row); r.Err != nil || r.Client.ClientID != 1 {
		t.Errorf("USD invoice: %+v", r)
	}
}

// Harvest's Roles column tells a department when the task does not.
func TestDepartmentFromRole(t *testing.T) {
	d := imports.DecidePerson(directory(), imports.Choices{}, "Newcomer", "", "Design", "Support")
	if d.Department != "Support" {
		t.Errorf("role Support: %+v", d)
	}
}
