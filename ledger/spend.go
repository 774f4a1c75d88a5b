package ledger

import (
	"sort"
	"strings"
)

// Spend is the time a client took over a span and what it cost to serve.
type Spend struct {
	Minutes     int
	CostMinor   int64
	Departments []DepartmentSpend // most expensive first, then most minutes, then by name
	// Unrated lists departments whose hours had no rate in force: they are
	// counted in Minutes but cost nothing, so the cost is understated.
	Unrated []string
}

// DepartmentSpend is one department's share of a Spend.
type DepartmentSpend struct {
	Department string // lower-cased, as Cost keys it
	Minutes    int
	CostMinor  int64
}

// SpendIn totals the entries within span, costed with Cost at the rate in
// force on each day worked.
func SpendIn(entries []Entry, rates []Rate, span Span) Spend {
	var in []Entry
	minutes := map[string]int{}
	var s Spend
	for _, e := range entries {
		if !span.Contains(e.Day) {
			continue
		}
		in = append(in, e)
		minutes[strings.ToLower(e.Department)] += e.Minutes
		s.Minutes += e.Minutes
	}
	total, byDept, unrated := Cost(in, rates)
	s.CostMinor, s.Unrated = total, unrated
	for dept, m := range minutes {
		s.Departments = append(s.Departments, DepartmentSpend{Department: dept, Minutes: m, CostMinor: byDept[dept]})
	}
	sort.Slice(s.Departments, func(i, j int) bool {
		a, b := s.Departments[i], s.Departments[j]
		if a.CostMinor != b.CostMinor {
			return a.CostMinor > b.CostMinor
		}
		if a.Minutes != b.Minutes {
			return a.Minutes > b.Minutes
		}
		return a.Department < b.Department
	})
	return s
}

// Department returns the named department's share, zero when it had none.
func (s Spend) Department(name string) DepartmentSpend {
	for _, d := range s.Departments {
		if strings.EqualFold(d.Department, name) {
			return d
		}
	}
	return DepartmentSpend{Department: strings.ToLower(name)}
}
