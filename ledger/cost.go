package ledger

import (
	"math"
	"math/big"
	"sort"
	"strings"
	"time"
)

// Rate is what an hour of a department costs, from a day on.
type Rate struct {
	Department   string
	PerHourMinor int64
	From         time.Time // first calendar day the rate applies
}

// Entry is time spent on a client by a department on a day.
type Entry struct {
	Department string
	Minutes    int
	Day        time.Time
	// OutsideContract is time the contract does not cover.
	OutsideContract bool
	// Imported came from a time tracker's export (RateFor).
	Imported bool
}

// RateOn returns the department's hourly rate in force on day: the rate
// with the latest From on or before day. Of rates with the same From the
// later one in history wins (it was set last). Departments compare
// ignoring case.
func RateOn(history []Rate, dept string, day time.Time) (int64, bool) {
	perHour, _, ok := RateSince(history, dept, day)
	return perHour, ok
}

// RateFor is the rate e is costed at: RateOn its day, and for an imported
// entry worked before the department's first rate, that first rate, so a
// year of imported history is costed without typing a year of rates.
func RateFor(history []Rate, e Entry) (int64, bool) {
	if rate, ok := RateOn(history, e.Department, e.Day); ok || !e.Imported {
		return rate, ok
	}
	first, ok := FirstRate(history, e.Department)
	return first.PerHourMinor, ok
}

// FirstRate is the department's earliest rate (of rates from the same day,
// the one set last).
func FirstRate(history []Rate, dept string) (Rate, bool) {
	var best *Rate
	for i := range history {
		r := &history[i]
		if strings.EqualFold(r.Department, dept) && (best == nil || !Date(r.From).After(Date(best.From))) {
			best = r
		}
	}
	if best == nil {
		return Rate{}, false
	}
	return *best, true
}

// BackdatedRates are the first rates that cost imported entries worked
// before them (RateFor), one per department, by department.
func BackdatedRates(entries []Entry, history []Rate) []Rate {
	seen := map[string]bool{}
	var out []Rate
	for _, e := range entries {
		dept := strings.ToLower(e.Department)
		if !e.Imported || seen[dept] {
			continue
		}
		if _, ok := RateOn(history, dept, e.Day); ok {
			continue
		}
		if first, ok := FirstRate(history, dept); ok {
			seen[dept] = true
			out = append(out, first)
		}
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Department) < strings.ToLower(out[j].Department) })
	return out
}

// RateSince is RateOn that also tells since when the rate holds: the From
// of the rate in force (departments compare ignoring case, as in RateOn).
func RateSince(history []Rate, dept string, day time.Time) (perHour int64, from time.Time, ok bool) {
	var best *Rate
	for i := range history {
		r := &history[i]
		if !strings.EqualFold(r.Department, dept) || !onOrBefore(r.From, day) {
			continue
		}
		if best == nil || !Date(r.From).Before(Date(best.From)) {
			best = r
		}
	}
	if best == nil {
		return 0, time.Time{}, false
	}
	return best.PerHourMinor, best.From, true
}

// Cost prices hours at each department's rate in force on the day they
// were worked. Per department it sums minutes × hourly rate and divides by
// 60 once, rounding half up, so many short entries do not each lose a
// fraction of a kopeck; total is the sum of the rounded departments.
// Departments with any entry lacking a rate are listed, sorted, in unrated;
// those entries cost 0. byDept holds departments with a rated entry, keyed
// as in the entries (lower-cased).
func Cost(entries []Entry, rates []Rate) (total int64, byDept map[string]int64, unrated []string) {
	sums := map[string]*big.Int{}
	missing := map[string]bool{}
	for _, e := range entries {
		dept := strings.ToLower(e.Department)
		rate, ok := RateFor(rates, e)
		if !ok {
			missing[dept] = true
			continue
		}
		if sums[dept] == nil {
			sums[dept] = new(big.Int)
		}
		sums[dept].Add(sums[dept], new(big.Int).Mul(big.NewInt(rate), big.NewInt(int64(e.Minutes))))
	}
	byDept = make(map[string]int64, len(sums))
	sum := new(big.Int)
	for dept, minuteMinor := range sums {
		v := divRoundHalfUp(minuteMinor, big.NewInt(60))
		byDept[dept] = clampInt64(v)
		sum.Add(sum, big.NewInt(byDept[dept]))
	}
	for dept := range missing {
		unrated = append(unrated, dept)
	}
	sort.Strings(unrated)
	return clampInt64(sum), byDept, unrated
}

// divRoundHalfUp divides rounding to nearest, halves away from zero.
func divRoundHalfUp(num, den *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	twice := new(big.Int).Abs(r)
	twice.Lsh(twice, 1)
	if twice.Cmp(new(big.Int).Abs(den)) >= 0 {
		if num.Sign()*den.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// DivRound divides num by den rounding half away from zero, saturating at
// the int64 bounds: how money is rounded everywhere.
func DivRound(num *big.Int, den int64) int64 {
	return clampInt64(divRoundHalfUp(num, big.NewInt(den)))
}

func clampInt64(v *big.Int) int64 {
	switch {
	case v.IsInt64():
		return v.Int64()
	case v.Sign() > 0:
		return math.MaxInt64
	}
	return math.MinInt64
}
