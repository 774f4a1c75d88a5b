package ledger

import (
	"math/big"
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

// RevenueSince returns the revenue in force on day and the day its amount
// began: an unchanged amount set again (in any period) does not restart it.
func RevenueSince(history []Revenue, day time.Time) (Revenue, time.Time, bool) {
	now, ok := RevenueOn(history, day)
	if !ok {
		return Revenue{}, time.Time{}, false
	}
	since := now.From
	for i := len(history) - 1; i >= 0; i-- {
		h := history[i]
		if h.From.After(day) || h.From.After(since) {
			continue
		}
		if Yearly(h).Cmp(Yearly(now)) != 0 {
			break
		}
		since = h.From
	}
	return now, since, true
}

// WeeklyMinor converts r to a weekly amount: a 52nd of its yearly amount,
// rounded half up.
func WeeklyMinor(r Revenue) int64 { return DivRound(Yearly(r), 52) }

// MonthlyMinor converts r to a monthly amount: a 12th of its yearly
// amount, rounded half up.
func MonthlyMinor(r Revenue) int64 { return DivRound(Yearly(r), 12) }

// RevenueFallingSince returns the day revenue began falling: the From of
// the first cut in the latest unbroken run of cuts. Amounts are compared
// per year, so periods may differ between entries; entries that repeat the
// previous amount are not changes and are skipped. It returns false when
// the latest change was not a cut (or there was no change).
func RevenueFallingSince(history []Revenue) (time.Time, bool) {
	changes := distinctChanges(history)
	n := len(changes)
	if n < 2 || changes[n-1].yearly.Cmp(changes[n-2].yearly) >= 0 {
		return time.Time{}, false
	}
	i := n - 1
	for i > 1 && changes[i-1].yearly.Cmp(changes[i-2].yearly) < 0 {
		i--
	}
	return changes[i].from, true
}

type revenuePoint struct {
	from   time.Time
	yearly *big.Int
}

// distinctChanges orders history by day (the last entry of a day wins)
// and keeps only the entries that changed the amount.
func distinctChanges(history []Revenue) []revenuePoint {
	sorted := append([]Revenue(nil), history...)
	sort.SliceStable(sorted, func(i, j int) bool { return Date(sorted[i].From).Before(Date(sorted[j].From)) })
	var pts []revenuePoint
	for _, r := range sorted {
		p := revenuePoint{from: Date(r.From), yearly: Yearly(r)}
		if len(pts) > 0 && pts[len(pts)-1].from.Equal(p.from) {
			pts = pts[:len(pts)-1]
		}
		if len(pts) > 0 && pts[len(pts)-1].yearly.Cmp(p.yearly) == 0 {
			continue
		}
		pts = append(pts, p)
	}
	return pts
}

// PeriodsPerYear is how many of p make a year: 52 weeks, 12 months. It is
// the one rule every "per year" and "per day" figure is derived from.
func PeriodsPerYear(p Period) int64 {
	switch p {
	case Week:
		return 52
	case Month:
		return 12
	}
	return 1
}

// Yearly is r's amount over a year, exactly.
func Yearly(r Revenue) *big.Int {
	return new(big.Int).Mul(big.NewInt(r.AmountMinor), big.NewInt(PeriodsPerYear(r.Period)))
}

// RevenueIn is the revenue earned over span, day by day: each day earns a
// 364th of the yearly amount in force that day (52 weeks of 7 days), summed
// exactly and rounded once. Days before the first amount earn nothing.
func RevenueIn(history []Revenue, span Span) int64 {
	sum := new(big.Int)
	for day := span.From; !day.After(span.To); day = day.AddDate(0, 0, 1) {
		if r, ok := RevenueOn(history, day); ok {
			sum.Add(sum, Yearly(r))
		}
	}
	return DivRound(sum, 52*7)
}
