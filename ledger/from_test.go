package ledger_test

import (
	"errors"
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
)

func TestCutFrom(t *testing.T) {
	for _, tt := range []struct{ in, rest, date string }{
		{"dev 90 from 2026-01-01", "dev 90", "2026-01-01"},
		{"Acme 12000/month с 01.01.2026", "Acme 12000/month", "01.01.2026"},
		{"Acme 12 000 руб/мес начиная 1.1.26", "Acme 12 000 руб/мес", "1.1.26"},
		{"dev 90", "dev 90", ""},
		{"from 2026-01-01", "from 2026-01-01", ""}, // nothing before it
	} {
		rest, date, found := ledger.CutFrom(tt.in)
		if rest != tt.rest || date != tt.date || found != (tt.date != "") {
			t.Errorf("CutFrom(%q) = %q, %q, %v", tt.in, rest, date, found)
		}
	}
}

func TestParseDay(t *testing.T) {
	today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in   string
		want string
		err  error
	}{
		{"2026-01-01", "2026-01-01", nil},
		{"01.01.2026", "2026-01-01", nil},
		{"1.1.26", "2026-01-01", nil},
		{"31.12.2027", "", ledger.ErrDateRange},
		{"1999-12-31", "", ledger.ErrDateRange},
		{"31.02.2026", "", ledger.ErrDateSyntax},
		{"2026/01/01", "", ledger.ErrDateSyntax},
		{"yesterday", "", ledger.ErrDateSyntax},
		{"", "", ledger.ErrDateSyntax},
	} {
		got, err := ledger.ParseDay(tt.in, today)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseDay(%q) = %v, %v; want %v", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got.Format(time.DateOnly) != tt.want {
			t.Errorf("ParseDay(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2026-01-01", "01.01.2026", "1.1.26", "31.02.2026", "-1--1", "9999-99-99"} {
		f.Add(s)
	}
	today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		day, err := ledger.ParseDay(s, today)
		if err != nil {
			return
		}
		if !day.Equal(ledger.Date(day)) || day.Year() < 2000 || day.After(today.AddDate(1, 0, 0)) {
			t.Errorf("ParseDay(%q) = %v", s, day)
		}
	})
}
