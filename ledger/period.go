package ledger

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Period is how often a revenue amount recurs.
type Period string

const (
	Week  Period = "week"
	Month Period = "month"
	Year  Period = "year"
)

// DefaultPeriod applies when a revenue amount names none.
const DefaultPeriod = Month

// Periods lists the periods, shortest first.
func Periods() []Period { return []Period{Week, Month, Year} }

// Valid reports whether p is a known period.
func (p Period) Valid() bool { return p == Week || p == Month || p == Year }

// PeriodWords returns the words (English and Russian) accepted for p.
func PeriodWords(p Period) []string {
	switch p {
	case Week:
		return []string{"week", "weeks", "wk", "w", "weekly",
			"нед", "нед.", "неделя", "неделю", "недели", "еженедельно"}
	case Month:
		return []string{"month", "months", "mo", "mon", "m", "monthly",
			"мес", "мес.", "месяц", "месяца", "ежемесячно"}
	case Year:
		return []string{"year", "years", "yr", "yrs", "y", "yearly", "annual", "annually",
			"год", "г", "г.", "года", "ежегодно"}
	}
	return nil
}

// ParsePeriod reads a period word, with or without a leading slash
// ("month", "/mo", "/мес").
func ParsePeriod(word string) (Period, bool) {
	w := unitKey(word)
	for _, p := range Periods() {
		for _, v := range PeriodWords(p) {
			if v == w {
				return p, true
			}
		}
	}
	return "", false
}

// ParseAmountPeriod reads a recurring amount: "12k/year", "12 000 руб/мес",
// "1,5k per week", "12000 в месяц". The period defaults to a month. Zero is
// accepted: a client that stopped paying is a fact worth recording.
func ParseAmountPeriod(s string, exp int) (int64, Period, error) {
	amount, unit, ok := splitUnit(s)
	period := DefaultPeriod
	if ok {
		p, known := ParsePeriod(unit)
		if !known {
			return 0, "", fmt.Errorf("period %q: %w", unit, ErrUnitUnknown)
		}
		period = p
	}
	v, err := ParseAmountOrZero(amount, exp)
	if err != nil {
		return 0, "", err
	}
	return v, period, nil
}

// ParseRate reads an hourly rate: "1500", "1500/h", "1,5k/ч", "2000 в час".
// A rate must be positive.
func ParseRate(s string, exp int) (int64, error) {
	amount, unit, ok := splitUnit(s)
	if ok && !isHourWord(unit) {
		return 0, fmt.Errorf("rate unit %q: %w", unit, ErrUnitUnknown)
	}
	return ParseAmount(amount, exp)
}

func isHourWord(unit string) bool {
	w := unitKey(unit)
	for _, h := range HourUnitWords() {
		if h == w {
			return true
		}
	}
	return false
}

// splitUnit splits "amount/unit" or "amount [per|a|в|за] unit". Without a
// slash only a trailing word that is a known unit of two or more letters
// counts, so "12 m" stays twelve million rather than twelve a month.
func splitUnit(s string) (amount, unit string, ok bool) {
	if i := strings.LastIndex(s, "/"); i >= 0 {
		return s[:i], s[i+1:], true
	}
	words := strings.Fields(s)
	if len(words) < 2 {
		return s, "", false
	}
	last := words[len(words)-1]
	_, isPeriod := ParsePeriod(last)
	if (!isPeriod && !isHourWord(last)) || utf8.RuneCountInString(last) < 2 {
		return s, "", false
	}
	words = words[:len(words)-1]
	switch strings.ToLower(words[len(words)-1]) {
	case "per", "a", "an", "в", "за":
		words = words[:len(words)-1]
	}
	return strings.Join(words, " "), last, true
}

func unitKey(word string) string {
	w := strings.ToLower(strings.TrimSpace(word))
	return strings.TrimSpace(strings.TrimPrefix(w, "/"))
}
