package ledger

import (
	"sort"
	"time"
)

// Revenue is what a client brings in per period, from a day on.
type Revenue struct {
	AmountMinor int64
	Period      Period
	From        time.Time // first calendar day this amount applies
}

// RevenueOn returns the revenue in force on day: the one with the latest
// From on or before day (of equal From, the later in history).
func RevenueOn(history []Revenue, day time.Time) (Revenue, bool) {
	var best *Revenue
	for i := range history {
		r := &history[i]
		if !onOrBefore(r.From, day) {
			continue
		}
		if best == nil || !Date(r.From).Before(Date(best.From)) {
			best = r
		}
	}
	if best == nil {
		return Revenue{}, false
	}
	return *best, true
}

// WeeklyMinor converts r to a weekly amount: a month is 12/52 of a year's
// weeks, a year 52 weeks; rounded half up.
func WeeklyMinor(r Revenue) int64 {
	switch r.Period {
	case Month:
		return mulDivRound(r.AmountMinor, 12, 52)
	case Year:
		return mulDivRound(r.AmountMinor, 1, 52)
	}
	return r.AmountMinor
}

// MonthlyMinor converts r to a monthly amount, rounded half up.
func MonthlyMinor(r Revenue) int64 {
	switch r.Period {
	case Week:
		return mulDivRound(r.AmountMinor, 52, 12)
	case Year:
		return mulDivRound(r.AmountMinor, 1, 12)
	}
	return r.AmountMinor
}

// RevenueFallingSince returns the day revenue began falling: the From of
// the first cut in the latest unbroken run of cuts. Amounts are compared
// per year, so periods may differ between entries; entries that repeat the
// previous amount are not changes and are skipped. It returns false when
// the latest change was not a cut (or there was no change).
func RevenueFallingSince(history []Revenue) (time.Time, bool) {
	changes := distinctChanges(history)
	n := len(changes)
	if n < 2 || changes[n-1].yearly >= changes[n-2].yearly {
		return time.Time{}, false
	}
	i := n - 1
	for i > 1 && changes[i-1].yearly < changes[i-2].yearly {
		i--
	}
	return changes[i].from, true
}

type revenuePoint struct {
	from   time.Time
	yearly int64
}

// distinctChanges orders history by day (the last entry of a day wins)
// and keeps only the entries that changed the amount.
func distinctChanges(history []Revenue) []revenuePoint {
	sorted := append([]Revenue(nil), history...)
	sort.SliceStable(sorted, func(i, j int) bool { return Date(sorted[i].From).Before(Date(sorted[j].From)) })
	var pts []revenuePoint
	for _, r := range sorted {
		p := revenuePoint{from: Date(r.From), yearly: yearlyMinor(r)}
		if len(pts) > 0 && pts[len(pts)-1].from.Equal(p.from) {
			pts = pts[:len(pts)-1]
		}
		if len(pts) > 0 && pts[len(pts)-1].yearly == p.yearly {
			continue
		}
		pts = append(pts, p)
	}
	return pts
}

// yearlyMinor compares amounts exactly, with no rounding between periods.
func yearlyMinor(r Revenue) int64 {
	switch r.Period {
	case Week:
		return mulDivRound(r.AmountMinor, 52, 1)
	case Month:
		return mulDivRound(r.AmountMinor, 12, 1)
	}
	return r.AmountMinor
}
