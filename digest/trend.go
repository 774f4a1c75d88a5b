package digest

import (
	"math"
	"strings"

	"github.com/tact-bot/tact/ledger"
)

// TrendTolerance is how far, as a share of the earlier weeks' average,
// the last week must move before a series counts as going up or down: a
// tenth, so ordinary week-to-week noise reads as flat.
const TrendTolerance = 0.10

// TrendOf compares the last value of an oldest-first series with the
// average of the values before it, within TrendTolerance. From nothing to
// something is up; fewer than two values is flat.
func TrendOf(series []int64) ledger.Direction {
	if len(series) < 2 {
		return ledger.Flat
	}
	last := float64(series[len(series)-1])
	var sum float64
	for _, v := range series[:len(series)-1] {
		sum += float64(v)
	}
	mean := sum / float64(len(series)-1)
	switch {
	case mean == 0 && last == 0:
		return ledger.Flat
	case last > mean*(1+TrendTolerance) && last > mean:
		return ledger.Up
	case last < mean*(1-TrendTolerance) && last < mean:
		return ledger.Down
	}
	return ledger.Flat
}

// lowestBar is the first of the eight block elements ▁▂▃▄▅▆▇█, which
// follow one another in Unicode.
const lowestBar = '▁'

// Sparkline draws values as bars scaled from zero to the largest value, so
// a small wobble stays a small wobble: zero (or less) is the lowest bar,
// the largest value the highest, and any positive value at least the
// second bar so "a little" never looks like "nothing". All zeros draw a
// flat line of the lowest bar.
func Sparkline(values []int64) string {
	var top int64
	for _, v := range values {
		top = max(top, v)
	}
	var b strings.Builder
	for _, v := range values {
		level := 0
		if v > 0 {
			level = max(1, int(math.Round(float64(v)*7/float64(top))))
		}
		b.WriteRune(lowestBar + rune(level))
	}
	return b.String()
}
