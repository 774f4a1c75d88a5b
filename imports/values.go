package imports

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// dateOrder is how a format writes a date with slashes.
type dateOrder int

const (
	monthFirst dateOrder = iota // 11/02/2026: US (Clockify, QuickBooks)
	dayFirst                    // 02/11/2026: Xero outside the US
)

// parseDate reads a calendar day: ISO ("2026-11-02", "2026-11-02 09:12"),
// dots day first ("02.11.2026"), slashes in the format's order.
func parseDate(s string, order dateOrder) (time.Time, error) {
	s = strings.TrimSpace(s)
	if d, _, ok := strings.Cut(s, " "); ok {
		s = d // a time after the date: the day is what counts
	}
	if d, _, ok := strings.Cut(s, "T"); ok && strings.Count(d, "-") == 2 {
		s = d
	}
	var y, m, d int
	var err error
	switch {
	case strings.Count(s, "-") == 2:
		y, m, d, err = ints3(s, "-")
	case strings.Count(s, ".") == 2:
		d, m, y, err = ints3(s, ".")
	case strings.Count(s, "/") == 2 && order == dayFirst:
		d, m, y, err = ints3(s, "/")
	case strings.Count(s, "/") == 2:
		m, d, y, err = ints3(s, "/")
	default:
		err = ErrDate
	}
	if err != nil {
		return time.Time{}, ErrDate
	}
	if y < 100 {
		y += 2000
	}
	day := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if day.Year() != y || int(day.Month()) != m || day.Day() != d || y < 1990 || y > 2100 {
		return time.Time{}, ErrDate
	}
	return day, nil
}

func ints3(s, sep string) (a, b, c int, err error) {
	p := strings.Split(s, sep)
	if len(p) != 3 {
		return 0, 0, 0, ErrDate
	}
	var n [3]int
	for i := range p {
		if len(p[i]) == 0 || len(p[i]) > 4 {
			return 0, 0, 0, ErrDate
		}
		if n[i], err = strconv.Atoi(p[i]); err != nil || n[i] < 0 {
			return 0, 0, 0, ErrDate
		}
	}
	return n[0], n[1], n[2], nil
}

// parseHours reads a duration as exports write it: decimal hours ("1.5",
// "1,50", "1,234.00"), "h:mm" or "hh:mm:ss". One entry is at most a day.
func parseHours(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrMissing
	}
	var minutes float64
	if strings.Contains(s, ":") {
		p := strings.Split(s, ":")
		if len(p) < 2 || len(p) > 3 {
			return 0, ErrDuration
		}
		var n [3]int
		for i := range p {
			v, err := strconv.Atoi(p[i])
			if err != nil || v < 0 || (i > 0 && v > 59) {
				return 0, ErrDuration
			}
			n[i] = v
		}
		minutes = float64(n[0]*60+n[1]) + float64(n[2])/60
	} else {
		v, err := decimal(s)
		if err != nil || v < 0 {
			return 0, ErrDuration
		}
		minutes = v * 60
	}
	m := int(minutes + 0.5)
	if m < ledger.MinDurationMinutes || m > ledger.MaxDurationMinutes {
		return 0, ErrDurationRange
	}
	return m, nil
}

// decimal reads "1.5", "1,5", "1,234.50" or "1 234,50".
func decimal(s string) (float64, error) {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\'' { // thousands separators
			return -1
		}
		return r
	}, s)
	dot, comma := strings.LastIndex(s, "."), strings.LastIndex(s, ",")
	switch {
	case dot >= 0 && comma >= 0 && comma > dot: // 1.234,50
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	case dot >= 0 && comma >= 0: // 1,234.50
		s = strings.ReplaceAll(s, ",", "")
	case comma >= 0 && strings.Count(s, ",") == 1 && len(s)-comma-1 != 3: // 1,5
		s = strings.Replace(s, ",", ".", 1)
	case comma >= 0: // 1,234
		s = strings.ReplaceAll(s, ",", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q: %w", s, ErrDuration)
	}
	return v, nil
}

// parseAmount reads money in a currency of exp minor digits, the way
// typed amounts are read ("4,200.00", "$4,200", "4 200,50").
func parseAmount(s string, exp int) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrMissing
	}
	v, err := ledger.ParseAmountOrZero(s, exp)
	if err != nil {
		return 0, ErrAmount
	}
	return v, nil
}

// Neutral is a cell's text as it may be shown: one that a spreadsheet
// would read as a formula (=, +, -, @ first) gets a leading apostrophe,
// so it is never echoed as one.
func Neutral(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
