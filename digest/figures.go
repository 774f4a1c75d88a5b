package digest

import (
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/strain"
)

// ClientFigures is one client's week.
type ClientFigures struct {
	ClientID    int64
	Name        string
	Status      ledger.Status
	StatusUntil *time.Time

	// Time and its cost this week. Departments are lower-cased, as
	// ledger.Cost keys them. MinutesByDept holds every department that
	// logged time; CostByDept only those with a rate in force; Unrated
	// lists, sorted, departments with time on a day they had no rate (that
	// time costs 0, so the cost is understated until a rate is set).
	MinutesByDept map[string]int
	Minutes       int
	CostByDept    map[string]int64
	Cost          int64
	Unrated       []string

	// Revenue for the week: each day earns the revenue in force that day
	// (monthly × 12 / 52 / 7, yearly / 52 / 7), so a change mid-week counts
	// from its day; days before a first amount recorded mid-week earn that
	// amount. HasRevenue is false when no revenue was recorded by the
	// week's end, and then Revenue is 0.
	Revenue    int64
	HasRevenue bool
	// Margin is Revenue − Cost (−Cost when no revenue is set).
	Margin int64
	// CostShare is Cost / Revenue, meaningful only when HasCostShare (a
	// revenue is set and is not zero).
	CostShare    float64
	HasCostShare bool

	// The last TrendWeeks weeks, oldest first, ending with this week.
	CostTrend  [TrendWeeks]int64
	HoursTrend [TrendWeeks]int64 // minutes
	CostDir    ledger.Direction
	HoursDir   ledger.Direction
	// Recent is the last TrendWeeks weeks: the window every money figure
	// and flag sets cost against revenue in.
	Recent   Window
	LongRate LongRate // the effective hourly rate over RateWeeks
	CACMinor int64    // what winning this client cost; 0 = not set

	IncidentsByCategory map[ledger.Category]int // this week
	Incidents           int                     // this week
	Incidents4w         int                     // the last TrendWeeks weeks
	IncidentsPrev4w     int                     // the TrendWeeks weeks before those
	HighSeverity4w      int                     // high-severity incidents in the last TrendWeeks weeks
	OurMisses4w         int                     // our own misses in the last TrendWeeks weeks, counted apart
	Payments            Payments                // late payments in the last TrendWeeks weeks
	// Invoiced is what the invoices issued in the trend weeks bill,
	// beside the recurring revenue; Owed what all the client's invoices
	// still ask. Both only with HasInvoices.
	Invoiced, Owed int64
	HasInvoices    bool

	Strain      *StrainFact
	StrainTrend ledger.Direction

	// Others holds the medians of the team's other clients, for "is it
	// only this client?".
	Others Comparison

	fall    revenueFall // the latest fall in revenue, when hasFall
	hasFall bool

	Flags  []Flag // in FlagKinds order
	Risk   int    // the sum of the flags' weights
	Health Health // the 0–100 score and what lowers it
}

// Flagged reports whether the client has any flag.
func (f *ClientFigures) Flagged() bool { return len(f.Flags) > 0 }

// weekIndex places a day in the trend arrays: 0 is the oldest trend week,
// TrendWeeks-1 this week; ok is false outside them.
func weekIndex(startNum, dayNum int64) (int, bool) {
	back := weeksBefore(startNum, dayNum)
	if back < 0 || back >= TrendWeeks {
		return 0, false
	}
	return TrendWeeks - 1 - int(back), true
}

// clientFigures computes everything about one client that does not depend
// on the other clients.
func clientFigures(c *ClientInput, w Week, days int, startNum int64, rates *rateBook) ClientFigures {
	f := ClientFigures{
		ClientID:    c.ClientID,
		Name:        c.Name,
		Status:      c.Status,
		StatusUntil: c.StatusUntil,
		CACMinor:    c.CACMinor,
		Strain:      c.Strain,
		StrainTrend: strain.Trend(c.StrainHistory),
	}
	minutesLong := figureTime(&f, c, w, startNum, rates)
	figureRevenue(&f, c, w)
	figureWindow(&f, c, w, days, minutesLong)
	figureIncidents(&f, c, startNum)
	figureInvoices(&f, c, w.Start.AddDate(0, 0, days-1), startNum)
	f.fall, f.hasFall = recentFall(c.Revenue, w)
	f.Flags = flag(&f)
	return f
}

// figureTime fills the week's and the trend weeks' time and cost, and
// returns the minutes logged over the RateWeeks weeks.
func figureTime(f *ClientFigures, c *ClientInput, w Week, startNum int64, rates *rateBook) (minutesLong int) {
	var wk work
	minutesLong = c.EarlierMinutes
	for _, e := range c.Entries {
		n := dayNumber(e.Day)
		if i, ok := weekIndex(startNum, n); ok {
			minutesLong += e.Minutes
			wk.add(i, e, n, rates)
			if e.OutsideContract {
				f.Recent.addOutside(e, n, rates)
			}
		}
	}
	const this = TrendWeeks - 1
	for i := range TrendWeeks {
		week := w.shift(i - this)
		f.HoursTrend[i] = int64(wk.minutes(i))
		if i == this {
			f.CostTrend[i], f.CostByDept, f.Unrated = wk.cost(i, week, c.Entries, rates.history)
		} else {
			f.CostTrend[i] = wk.totalCost(i, week, c.Entries, rates.history)
		}
	}
	f.Cost = f.CostTrend[this]
	f.Minutes = int(f.HoursTrend[this])
	f.MinutesByDept = make(map[string]int, len(wk.depts))
	for _, d := range wk.depts {
		if d.rated[this] || d.unrated[this] {
			f.MinutesByDept[d.dept] = d.minutes[this]
		}
	}
	f.CostDir = TrendOf(f.CostTrend[:])
	f.HoursDir = TrendOf(f.HoursTrend[:])
	return minutesLong
}

func figureRevenue(f *ClientFigures, c *ClientInput, w Week) {
	f.Revenue, f.HasRevenue = weekRevenue(c.Revenue, w)
	f.Margin = addSat(f.Revenue, -f.Cost)
	if f.HasRevenue && f.Revenue != 0 {
		f.CostShare, f.HasCostShare = float64(f.Cost)/float64(f.Revenue), true
	}
}

// figureInvoices reads what the client was billed and owes from its
// invoices as of the last day counted; a client with invoices has its
// payments read from them (an invoice past its due day with money still
// owed is a late payment), not from late-payment incidents.
func figureInvoices(f *ClientFigures, c *ClientInput, asOf time.Time, startNum int64) {
	if !c.HasInvoices {
		return
	}
	f.HasInvoices = true
	f.Payments = Payments{FromInvoices: true}
	for _, inv := range c.Invoices {
		if back := weeksBefore(startNum, dayNumber(inv.Issued)); back >= 0 && back < TrendWeeks {
			f.Invoiced = addSat(f.Invoiced, inv.AmountMinor)
		}
		if inv.OutstandingMinor <= 0 || inv.Issued.After(asOf) {
			continue
		}
		f.Owed = addSat(f.Owed, inv.OutstandingMinor)
		if late := int(dayNumber(asOf) - dayNumber(inv.Due)); late > 0 {
			f.Payments.addOverdue(inv.OutstandingMinor, late)
		}
	}
}

// figureIncidents counts the client's incidents and its late payments.
// Our own misses are ours, not the client's: they are counted apart and
// never held against the client.
func figureIncidents(f *ClientFigures, c *ClientInput, startNum int64) {
	f.IncidentsByCategory = map[ledger.Category]int{}
	for _, in := range c.Incidents {
		back := weeksBefore(startNum, dayNumber(in.Day))
		if back < 0 || back >= IncidentWeeks {
			continue
		}
		if !in.Category.AgainstClient() {
			if back < TrendWeeks {
				f.OurMisses4w++
			}
			continue
		}
		if in.Category == ledger.LatePayment {
			f.Payments.add(in, back < TrendWeeks)
		}
		if back >= TrendWeeks {
			f.IncidentsPrev4w++
			continue
		}
		f.Incidents4w++
		if in.Severity == ledger.SeverityHigh {
			f.HighSeverity4w++
		}
		if back == 0 {
			f.Incidents++
			f.IncidentsByCategory[in.Category]++
		}
	}
}
