package ledger

import (
	"fmt"
	"strings"
	"unicode"
)

// durationCap stops digit accumulation long before int overflow; anything
// that large is out of range anyway.
const durationCap = 1_000_000

// maxHourDecimals bounds "1.25h"-style fractions; more digits are noise.
const maxHourDecimals = 4

// HourUnitWords are the accepted hour units, in durations and in rates
// ("1500/ч").
func HourUnitWords() []string {
	return []string{"h", "hr", "hrs", "hour", "hours", "ч", "ч.", "час", "часа", "часов"}
}

// MinuteUnitWords are the accepted minute units of a duration.
func MinuteUnitWords() []string {
	return []string{"m", "min", "min.", "mins", "minute", "minutes",
		"м", "м.", "мин", "мин.", "минута", "минуты", "минут", "минуту"}
}

// ParseDuration reads a duration and returns whole minutes in 1..1440.
// Forms: "90m", "30min", "45мин", "2h", "1.5h", "1,5ч", "1h30m", "1ч30м",
// "1ч30", "1h 30m", "2 hours", "1:30". Decimal hours round to the nearest
// minute (half up). A bare number is refused with ErrDurationNoUnit: "2"
// could mean hours or minutes and guessing wrong costs money.
func ParseDuration(s string) (int, error) {
	t := normalizeSpace(strings.ToLower(s))
	if t == "" {
		return 0, ErrDurationEmpty
	}
	neg := false
	for _, p := range []string{"-", "−", "–"} {
		if strings.HasPrefix(t, p) {
			neg, t = true, strings.TrimSpace(t[len(p):])
			break
		}
	}
	var m int
	var err error
	if strings.Contains(t, ":") {
		m, err = parseClock(t)
	} else {
		m, err = parseUnits(t)
	}
	if err != nil {
		return 0, fmt.Errorf("duration %q: %w", s, err)
	}
	if neg || m < MinDurationMinutes || m > MaxDurationMinutes {
		return 0, fmt.Errorf("duration %q: %w", s, ErrDurationRange)
	}
	return m, nil
}

// parseClock reads "H:MM".
func parseClock(t string) (int, error) {
	h, mm, _ := strings.Cut(t, ":")
	if h == "" || len(h) > 4 || !allDigits(h) || len(mm) != 2 || !allDigits(mm) {
		return 0, ErrDurationSyntax
	}
	hours, minutes := atoiCapped(h), atoiCapped(mm)
	if minutes > 59 {
		return 0, ErrDurationSyntax
	}
	return hours*60 + minutes, nil
}

// durationScanner walks "1.5h", "1h 30m", "1ч30" left to right.
type durationScanner struct {
	s   string
	pos int
}

func (d *durationScanner) done() bool { return d.pos >= len(d.s) }

func (d *durationScanner) spaces() bool {
	start := d.pos
	for d.pos < len(d.s) && d.s[d.pos] == ' ' {
		d.pos++
	}
	return d.pos > start
}

// number reads digits, optionally with one '.' or ',' and more digits.
func (d *durationScanner) number() (whole, frac string, ok bool) {
	if whole = d.digits(); whole == "" {
		return "", "", false
	}
	if d.pos < len(d.s) && (d.s[d.pos] == '.' || d.s[d.pos] == ',') {
		d.pos++
		if frac = d.digits(); frac == "" {
			return "", "", false
		}
	}
	return whole, frac, true
}

// digits reads a run of ASCII digits, possibly empty.
func (d *durationScanner) digits() string {
	start := d.pos
	for d.pos < len(d.s) && isDigit(rune(d.s[d.pos])) {
		d.pos++
	}
	return d.s[start:d.pos]
}

// unit reads a run of letters with an optional trailing dot ("мин.").
func (d *durationScanner) unit() string {
	rest := d.s[d.pos:]
	end := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(rest)
	}
	if end < len(rest) && rest[end] == '.' && end > 0 {
		end++
	}
	d.pos += end
	return rest[:end]
}

func parseUnits(t string) (int, error) {
	d := &durationScanner{s: t}
	whole, frac, ok := d.number()
	if !ok {
		return 0, ErrDurationSyntax
	}
	d.spaces()
	unit := d.unit()
	switch {
	case unit == "" && d.done():
		return 0, ErrDurationNoUnit
	case isOneOf(unit, MinuteUnitWords()):
		if frac != "" || !d.done() {
			return 0, ErrDurationSyntax
		}
		return atoiCapped(whole), nil
	case isOneOf(unit, HourUnitWords()):
		return hoursAndMinutes(d, whole, frac)
	}
	return 0, ErrDurationSyntax
}

// hoursAndMinutes finishes "1h", "1.5h", "1h30m", "1ч30" after the hour unit.
func hoursAndMinutes(d *durationScanner, whole, frac string) (int, error) {
	if len(frac) > maxHourDecimals {
		return 0, ErrDurationSyntax
	}
	total := atoiCapped(whole)*60 + fracMinutes(frac)
	spaced := d.spaces()
	if d.done() {
		return total, nil
	}
	mins, mfrac, ok := d.number()
	if !ok || mfrac != "" || frac != "" {
		return 0, ErrDurationSyntax
	}
	d.spaces()
	unit := d.unit()
	// "1ч30" is common shorthand; once a space intervenes ("2h 30") the
	// number may be the start of a note, so a unit is required.
	if unit == "" && spaced || unit != "" && !isOneOf(unit, MinuteUnitWords()) || !d.done() {
		return 0, ErrDurationSyntax
	}
	m := atoiCapped(mins)
	if m > 59 {
		return 0, ErrDurationSyntax
	}
	return total + m, nil
}

// fracMinutes turns the decimal digits of an hour into minutes, half up.
func fracMinutes(frac string) int {
	if frac == "" {
		return 0
	}
	den := 1
	for range frac {
		den *= 10
	}
	return (atoiCapped(frac)*60*2 + den) / (2 * den)
}

// atoiCapped parses ASCII digits, saturating at durationCap.
func atoiCapped(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
		if n > durationCap {
			return durationCap
		}
	}
	return n
}

func isOneOf(w string, list []string) bool {
	for _, v := range list {
		if v == w {
			return true
		}
	}
	return false
}
