package storage_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

func TestSetRateHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	var k keys
	steps := []struct {
		dept        string
		perHour     int64
		from        string
		wantCreated bool
		wantPrev    int64 // 0: none
	}{
		{"support", 4_000, "2026-11-02", true, 0},
		{"support", 5_000, "2026-11-18", false, 4_000},
		{"support", 5_500, "2026-11-18", false, 5_000}, // same day: replaces 50.00
		{"dev", 9_000, "2026-01-01", true, 0},
		{"support", 3_000, "2026-10-01", false, 0}, // an earlier start, set later
	}
	for _, s := range steps {
		ch, err := db.SetRate(ctx, k.next("U1"), s.dept, s.perHour, date(s.from))
		if err != nil {
			t.Fatalf("SetRate(%s, %d, %s): %v", s.dept, s.perHour, s.from, err)
		}
		if ch.Department != s.dept || ch.Created != s.wantCreated || ch.HadPrev != (s.wantPrev != 0) || ch.Prev != s.wantPrev {
			t.Errorf("SetRate(%s, %d, %s) = %+v; want created %v, prev %d", s.dept, s.perHour, s.from, ch, s.wantCreated, s.wantPrev)
		}
	}
	rates, err := db.Rates(ctx, team)
	if err != nil {
		t.Fatal(err)
	}
	want := []ledger.Rate{
		{Department: "dev", PerHourMinor: 9_000, From: date("2026-01-01")},
		{Department: "support", PerHourMinor: 3_000, From: date("2026-10-01")},
		{Department: "support", PerHourMinor: 4_000, From: date("2026-11-02")},
		{Department: "support", PerHourMinor: 5_500, From: date("2026-11-18")},
	}
	if !reflect.DeepEqual(rates, want) {
		t.Errorf("Rates = %+v; want %+v", rates, want)
	}
	d := storage.Delivery{TeamID: team, UserID: "U1", Key: "env-1"} // already used
	if _, err := db.SetRate(ctx, d, "sales", 1, date("2026-11-01")); !errors.Is(err, storage.ErrAlreadyClaimed) {
		t.Errorf("redelivered SetRate = %v; want ErrAlreadyClaimed", err)
	}
	if names, _ := db.DepartmentNames(ctx, team); !reflect.DeepEqual(names, []string{"dev", "support"}) {
		t.Errorf("departments = %v; a redelivery must not create one", names)
	}
}

func TestPersonDepartmentAndListing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.New(t)
	var k keys
	if _, err := db.SetRate(ctx, k.next("U1"), "support", 4_000, date("2026-11-02")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetRate(ctx, k.next("U1"), "support", 5_000, date("2026-11-18")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetPersonDepartment(ctx, k.next("U2"), "U2", "dev", false); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("joining a missing department without create = %v; want ErrNotFound", err)
	}
	steps := []struct {
		user, dept  string
		create      bool
		wantCreated bool
		wantPrev    string
	}{
		{"U2", "support", false, false, ""},
		{"U3", "dev", true, true, ""},
		{"U2", "dev", false, false, "support"},
		{"U4", "support", true, false, ""},
	}
	for _, s := range steps {
		ch, err := db.SetPersonDepartment(ctx, k.next("U1"), s.user, s.dept, s.create)
		if err != nil {
			t.Fatalf("SetPersonDepartment(%s, %s): %v", s.user, s.dept, err)
		}
		if ch.Created != s.wantCreated || ch.Prev != s.wantPrev {
			t.Errorf("SetPersonDepartment(%s, %s) = %+v; want created %v, prev %q", s.user, s.dept, ch, s.wantCreated, s.wantPrev)
		}
	}
	if c, _ := db.HoursChoices(ctx, team, "U2"); c.PersonDepartment != "dev" {
		t.Errorf("U2's department = %q; want dev", c.PersonDepartment)
	}
	tests := []struct {
		day  string
		want []storage.Department
	}{
		{"2026-11-20", []storage.Department{
			{Name: "dev", People: []string{"U2", "U3"}},
			{Name: "support", PerHourMinor: 5_000, HasRate: true, RateFrom: date("2026-11-18"), People: []string{"U4"}},
		}},
		{"2026-11-17", []storage.Department{
			{Name: "dev", People: []string{"U2", "U3"}},
			{Name: "support", PerHourMinor: 4_000, HasRate: true, RateFrom: date("2026-11-02"), People: []string{"U4"}},
		}},
		{"2026-11-01", []storage.Department{
			{Name: "dev", People: []string{"U2", "U3"}},
			{Name: "support", People: []string{"U4"}},
		}},
	}
	for _, tt := range tests {
		got, err := db.Departments(ctx, team, date(tt.day))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Departments(%s) = %+v; want %+v", tt.day, got, tt.want)
		}
	}
}
