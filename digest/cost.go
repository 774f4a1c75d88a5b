package digest

import (
	"math"
	"slices"
	"strings"

	"github.com/tact-bot/tact/ledger"
)

// rateBook answers "what did an hour of this department cost that day"
// for a whole team, asking ledger.RateFor once per department and day: a
// month of ten departments is a few hundred questions however many
// thousand entries there are, and the answers are ledger's by construction.
type rateBook struct {
	history []ledger.Rate
	cache   map[rateKey]rateAnswer
}

type rateKey struct {
	dept     string
	day      int64
	imported bool
}

type rateAnswer struct {
	perHour int64
	ok      bool
}

func newRateBook(history []ledger.Rate) *rateBook {
	return &rateBook{history: history, cache: map[rateKey]rateAnswer{}}
}

// on takes the entry's department lower-cased and its day as a dayNumber.
func (b *rateBook) on(dept string, e ledger.Entry, dayNum int64) (int64, bool) {
	k := rateKey{dept, dayNum, e.Imported}
	a, seen := b.cache[k]
	if !seen {
		a.perHour, a.ok = ledger.RateFor(b.history, ledger.Entry{Department: dept, Day: e.Day, Imported: e.Imported})
		b.cache[k] = a
	}
	return a.perHour, a.ok
}

// deptWeeks accumulates one department's work on one client over the
// trend weeks, oldest first.
type deptWeeks struct {
	dept        string // lower-cased, as ledger.Cost keys departments
	minutes     [TrendWeeks]int
	minuteMinor [TrendWeeks]int64 // Σ minutes × hourly rate of the rated entries
	rated       [TrendWeeks]bool
	unrated     [TrendWeeks]bool
}

// work is a client's time over the trend weeks. Sums are kept in int64;
// a week whose sums would not fit (or that holds a non-positive duration
// or rate) is marked and priced by ledger.Cost instead, so the result
// always equals ledger.Cost over that week's entries.
type work struct {
	depts    []deptWeeks // few per client: a slice beats a map
	fallback [TrendWeeks]bool
}

func (w *work) dept(name string) *deptWeeks {
	for i := range w.depts {
		if w.depts[i].dept == name {
			return &w.depts[i]
		}
	}
	w.depts = append(w.depts, deptWeeks{dept: name})
	return &w.depts[len(w.depts)-1]
}

// add books one entry into trend week i (0 = oldest).
func (w *work) add(i int, e ledger.Entry, dayNum int64, rates *rateBook) {
	d := w.dept(strings.ToLower(e.Department))
	d.minutes[i] += e.Minutes
	rate, ok := rates.on(d.dept, e, dayNum)
	if !ok {
		d.unrated[i] = true
		return
	}
	d.rated[i] = true
	if e.Minutes <= 0 || rate <= 0 || rate > (math.MaxInt64-d.minuteMinor[i])/int64(e.Minutes) {
		w.fallback[i] = true
		return
	}
	d.minuteMinor[i] += rate * int64(e.Minutes)
}

// minutes is the week's total time.
func (w *work) minutes(i int) int {
	total := 0
	for _, d := range w.depts {
		total += d.minutes[i]
	}
	return total
}

// cost prices trend week i the way ledger.Cost does: per department the
// minute-sum divided by 60 once, rounded half up.
func (w *work) cost(i int, week Week, entries []ledger.Entry, rates []ledger.Rate) (total int64, byDept map[string]int64, unrated []string) {
	if w.fallback[i] {
		var in []ledger.Entry
		for _, e := range entries {
			if week.Contains(e.Day) {
				in = append(in, e)
			}
		}
		return ledger.Cost(in, rates)
	}
	byDept = map[string]int64{}
	for _, d := range w.depts {
		if d.unrated[i] {
			unrated = append(unrated, d.dept)
		}
		if !d.rated[i] {
			continue
		}
		c := perMinuteToMinor(d.minuteMinor[i])
		byDept[d.dept] = c
		total = addSat(total, c)
	}
	slices.Sort(unrated)
	return total, byDept, unrated
}

// totalCost is cost without the breakdown.
func (w *work) totalCost(i int, week Week, entries []ledger.Entry, rates []ledger.Rate) int64 {
	if w.fallback[i] {
		total, _, _ := w.cost(i, week, entries, rates)
		return total
	}
	var total int64
	for _, d := range w.depts {
		total = addSat(total, perMinuteToMinor(d.minuteMinor[i]))
	}
	return total
}

// perMinuteToMinor divides a non-negative sum of minutes × hourly rate
// by 60, rounding half up.
func perMinuteToMinor(minuteMinor int64) int64 {
	c := minuteMinor / 60
	if minuteMinor%60 >= 30 {
		c++
	}
	return c
}

// addSat adds, saturating at the int64 bounds like ledger's arithmetic.
func addSat(a, b int64) int64 {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return math.MaxInt64
	case a < 0 && b < 0 && s >= 0:
		return math.MinInt64
	}
	return s
}

// mulSat multiplies, saturating at the int64 bounds.
func mulSat(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		if (a < 0) != (b < 0) {
			return math.MinInt64
		}
		return math.MaxInt64
	}
	return p
}
