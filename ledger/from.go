package ledger

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Start dates typed after an amount: "/tact rate dev 90 from 2026-01-01",
// "/client revenue Acme 12000 с 01.01.2026". History needs them: a year of
// imported hours is costed at the rates of its days.

// Errors of ParseDay.
var (
	ErrDateSyntax = errors.New("not a date")
	ErrDateRange  = errors.New("date out of range")
)

// EarliestStartYear bounds a typed start date; the latest is a year ahead
// of today.
const EarliestStartYear = 2000

// fromWords mark a start date.
func fromWords() []string {
	return []string{"from", "since", "starting", "с", "со", "начиная"}
}

// CutFrom splits "<rest> from <date>" into the rest and the date as typed;
// found is false when the text has no start date.
func CutFrom(text string) (rest, date string, found bool) {
	f := strings.Fields(text)
	for i := len(f) - 2; i >= 1; i-- {
		for _, w := range fromWords() {
			if strings.EqualFold(f[i], w) {
				return strings.Join(f[:i], " "), strings.Join(f[i+1:], " "), true
			}
		}
	}
	return text, "", false
}

// ParseDay reads a calendar day: "2026-01-01", "01.01.2026", "1.1.26".
// It must lie from 2000 to a year after today.
func ParseDay(s string, today time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	var y, m, d int
	var err error
	switch {
	case strings.Count(s, "-") == 2:
		y, m, d, err = threeInts(strings.Split(s, "-"))
	case strings.Count(s, ".") == 2:
		d, m, y, err = threeInts(strings.Split(strings.TrimSuffix(s, "."), "."))
		if err == nil && y < 100 {
			y += 2000
		}
	default:
		err = ErrDateSyntax
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q: %w", s, ErrDateSyntax)
	}
	day := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if day.Year() != y || int(day.Month()) != m || day.Day() != d {
		return time.Time{}, fmt.Errorf("date %q: %w", s, ErrDateSyntax) // 31.02 and the like
	}
	if day.Year() < EarliestStartYear || day.After(Date(today).AddDate(1, 0, 0)) {
		return time.Time{}, fmt.Errorf("date %q: %w", s, ErrDateRange)
	}
	return day, nil
}

func threeInts(parts []string) (a, b, c int, err error) {
	if len(parts) != 3 {
		return 0, 0, 0, ErrDateSyntax
	}
	var n [3]int
	for i, p := range parts {
		if n[i], err = strconv.Atoi(p); err != nil || n[i] < 0 || len(p) > 4 {
			return 0, 0, 0, ErrDateSyntax
		}
	}
	return n[0], n[1], n[2], nil
}
