package imports

import (
	"strings"
	"testing"
	"time"
)

func TestParseHours(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"1.5", 90, true}, {"1,50", 90, true}, {"0.75", 45, true}, {"01:30:00", 90, true}, {"1:30", 90, true},
		{"00:20:00", 20, true}, {"24", 1440, true}, {"1,234.00", 0, false}, {"25:00", 0, false}, {"", 0, false},
		{"-1", 0, false}, {"1:60", 0, false}, {"abc", 0, false}, {"0", 0, false},
	} {
		got, err := parseHours(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseHours(%q) = %d, %v", tt.in, got, err)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in    string
		order dateOrder
		want  string
	}{
		{"2026-11-02", monthFirst, "2026-11-02"}, {"2026-10-01 09:12", monthFirst, "2026-10-01"},
		{"2026-10-01T09:12:00Z", monthFirst, "2026-10-01"}, {"02.11.2026", monthFirst, "2026-11-02"},
		{"11/02/2026", monthFirst, "2026-11-02"}, {"02/11/2026", dayFirst, "2026-11-02"}, {"13/40/2026", monthFirst, ""},
		{"31.02.2026", dayFirst, ""}, {"", monthFirst, ""}, {"1/2/26", monthFirst, "2026-01-02"},
	} {
		got, err := parseDate(tt.in, tt.order)
		if tt.want == "" {
			if err == nil {
				t.Errorf("parseDate(%q) = %v; want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got.Format(time.DateOnly) != tt.want {
			t.Errorf("parseDate(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseHours(f *testing.F) {
	for _, s := range []string{"1.5", "1,50", "01:30:00", "1:30", "1,234.00", "9999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := parseHours(s)
		if err == nil && (m < 1 || m > 1440) {
			t.Errorf("parseHours(%q) = %d", s, m)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-02", "02.11.2026", "11/02/2026", "2026-10-01 09:12", "0/0/0"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, dayFirstOrder bool) {
		order := monthFirst
		if dayFirstOrder {
			order = dayFirst
		}
		d, err := parseDate(s, order)
		if err == nil && (d.Year() < 1990 || d.Year() > 2100 || d.Hour() != 0 || d.Location() != time.UTC) {
			t.Errorf("parseDate(%q) = %v", s, d)
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"4,200.00", "4 200,50", "$1,234", "-12.5", "0.00", "99999999999999999999", "1e9"} {
		f.Add(s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, s string, exp uint8) {
		e := int(exp % 4)
		v, err := parseAmount(s, e)
		if err == nil && v < 0 {
			t.Errorf("parseAmount(%q, %d) = %d: negative", s, e, v)
		}
		if strings.TrimSpace(s) == "" && err == nil {
			t.Errorf("parseAmount(%q) read an empty cell", s)
		}
	})
}
