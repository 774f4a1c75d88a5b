package digest

import (
	"math"
	"strings"
)

// Direction is which way a series is heading.
type Direction string

const (
	Up   Direction = "up"
	Down Direction = "down"
	Flat Direction = "flat"
)

// TrendTolerance is how far, as a share of the earlier weeks' average,
// the last week must move before a series counts as going up or down: a
// tenth, so ordinary week-to-week noise reads as flat.
const TrendTolerance = 0.10

// StrainTolerance is how many points (on the 1–5 scale) the latest poll
// must differ from the one before to count as a change.
const StrainTolerance = 0.25

// TrendOf compares the last value of an oldest-first series with the
// average of the values before it, within TrendTolerance. From nothing to
// something is up; fewer than two values is flat.
func TrendOf(series []int64) Direction {
	if len(series) < 2 {
		return Flat
	}
	last := float64(series[len(series)-1])
	var sum float64
	for _, v := range series[:len(series)-1] {
		sum += float64(v)
	}
	mean := sum / float64(len(series)-1)
	switch {
	case mean == 0 && last == 0:
		return Flat
	case last > mean*(1+TrendTolerance) && last > mean:
		return Up
	case last < mean*(1-TrendTolerance) && last < mean:
		return Down
	}
	return Flat
}

// strainTrend compares the latest poll average with the one before.
func strainTrend(history []float64) Direction {
	n := len(history)
	if n < 2 {
		return Flat
	}
	switch d := history[n-1] - history[n-2]; {
	case d >= StrainTolerance-epsilon:
		return Up
	case d <= -StrainTolerance+epsilon:
		return Down
	}
	return Flat
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
