package digest

import (
	"math/big"
	"slices"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// RevenueFallingWeeks is how recent a cut in revenue must be to raise a
// flag: the latest cut must fall within the 26 weeks (half a year) ending
// with the digest's week. Older, the lower amount is the client's settled
// price by now; while cuts keep coming, the flag dates the fall from the
// first of them.
const RevenueFallingWeeks = 26

// weekRevenue is the client's revenue for the week, day by day: each day
// earns the revenue in force that day, so a change mid-week counts from
// its own day, just as hours are costed at each day's rate. A week with
// one amount throughout earns exactly ledger.WeeklyMinor of it (a seventh
// of a 52nd of the yearly amount, seven times over).
//
// Days before the client's first recorded amount earn that first amount
// when it is recorded later in the same week: revenue typed on a Thursday
// describes a client that was paying on Monday too, and reading Monday as
// unpaid would flag a new client as subsidised in its first week. ok is
// false when no revenue is in force on any day of the week.
func weekRevenue(history []ledger.Revenue, w Week) (weekly int64, ok bool) {
	return weekRevenueThrough(inForce(history, w.Start, 7), 7)
}

// weekRevenueThrough earns a week from the yearly amounts in force on its
// days (inForce over the week), its first days days only: the rest of the
// week has not happened yet.
func weekRevenueThrough(yearly []*big.Int, days int) (int64, bool) {
	first := slices.IndexFunc(yearly[:days], func(y *big.Int) bool { return y != nil })
	if first < 0 {
		return 0, false
	}
	yearlySum := new(big.Int)
	for i := range days {
		yearlySum.Add(yearlySum, yearly[max(i, first)])
	}
	return ledger.DivRound(yearlySum, 52*7), true
}

// inForce is the yearly amount in force on each of n days from start, nil
// before the first: what ledger.RevenueOn answers day by day, in one walk
// over the history (the latest From on or before the day wins, and of one
// day's amounts the last recorded), with one big.Int per amount.
func inForce(history []ledger.Revenue, start time.Time, n int) []*big.Int {
	order := make([]int, len(history))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return ledger.Date(history[a].From).Compare(ledger.Date(history[b].From))
	})
	out := make([]*big.Int, n)
	startNum := dayNumber(start)
	var current *big.Int
	next := 0
	for d := range n {
		for next < len(order) && dayNumber(history[order[next]].From) <= startNum+int64(d) {
			current = ledger.Yearly(history[order[next]])
			next++
		}
		out[d] = current
	}
	return out
}

// windowRevenue is the revenue of the weeks weeks ending with w, each
// earned as weekRevenue earns it, w itself through its first days days. ok
// is false when no revenue was in force on any of those days.
//
// As within a week, a first amount recorded inside the window stands for
// the window's earlier days too: revenue typed today describes a client
// whose hours of the past weeks it paid for, and reading those weeks as
// unpaid would make a new client look like a loss.
func windowRevenue(history []ledger.Revenue, w Week, weeks, days int) (int64, bool) {
	start := w.Start.AddDate(0, 0, -7*(weeks-1))
	yearly := inForce(backdateFirst(history, start, w.End), start, 7*weeks)
	var sum int64
	found := false
	for k := range weeks {
		n := 7
		if k == weeks-1 {
			n = days
		}
		if r, ok := weekRevenueThrough(yearly[7*k:7*k+7], n); ok {
			sum, found = addSat(sum, r), true
		}
	}
	return sum, found
}

// revenueFall is a recent fall in revenue: the day it began, the monthly
// amount just before it and the monthly amount at the week's end.
type revenueFall struct {
	since         time.Time
	before, after int64
}

// recentFall reads ledger.RevenueFallingSince over the history known at
// the week's end (cuts recorded for later weeks have not happened yet)
// and keeps falls whose latest cut is within RevenueFallingWeeks.
func recentFall(history []ledger.Revenue, w Week) (revenueFall, bool) {
	known := slices.DeleteFunc(slices.Clone(history), func(r ledger.Revenue) bool {
		return ledger.Date(r.From).After(w.End)
	})
	since, ok := ledger.RevenueFallingSince(known)
	if !ok || lastChange(known).Before(w.Start.AddDate(0, 0, -7*(RevenueFallingWeeks-1))) {
		return revenueFall{}, false
	}
	before, _ := ledger.RevenueOn(known, since.AddDate(0, 0, -1))
	after, _ := ledger.RevenueOn(known, w.End)
	return revenueFall{since: since, before: ledger.MonthlyMinor(before), after: ledger.MonthlyMinor(after)}, true
}

// lastChange is the latest day the revenue in force changed amount (per
// year, so a restatement in another period is no change).
func lastChange(history []ledger.Revenue) time.Time {
	var last time.Time
	var prev *big.Int
	for _, from := range changeDays(history) {
		r, _ := ledger.RevenueOn(history, from)
		y := ledger.Yearly(r)
		if prev != nil && y.Cmp(prev) != 0 {
			last = from
		}
		prev = y
	}
	return last
}

// changeDays are the distinct days in history, in order.
func changeDays(history []ledger.Revenue) []time.Time {
	days := make([]time.Time, 0, len(history))
	for _, r := range history {
		days = append(days, ledger.Date(r.From))
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(days, func(a, b time.Time) bool { return a.Equal(b) })
}

// backdateFirst moves the first recorded amount to from when it was
// recorded within [from, to].
func backdateFirst(history []ledger.Revenue, from, to time.Time) []ledger.Revenue {
	first := -1
	for i, r := range history {
		if first < 0 || ledger.Date(r.From).Before(ledger.Date(history[first].From)) {
			first = i
		}
	}
	if first < 0 {
		return history
	}
	day := ledger.Date(history[first].From)
	if !day.After(from) || day.After(to) {
		return history
	}
	out := slices.Clone(history)
	out[first].From = from
	return out
}
