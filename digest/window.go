package digest

import (
	"math/big"
	"strings"
	"time"

	"github.com/tact-bot/tact/ledger"
)

// Window is a client's money and time over the last TrendWeeks weeks
// ending with the digest's week: the one window in which cost is set
// against revenue, so the share, the rate and the flags agree wherever
// they are shown.
type Window struct {
	Minutes int
	Cost    int64
	// Revenue is earned day by day from the revenue in force on each day
	// (see weekRevenue); HasRevenue is false when none was in force.
	Revenue    int64
	HasRevenue bool
	// CostShare is Cost / Revenue, when Revenue is above 0.
	CostShare    float64
	HasCostShare bool
	// Rate is the effective hourly rate, Revenue per hour logged, in minor
	// units, when there is revenue and time.
	Rate    int64
	HasRate bool
	// Shares of the team's: of the revenue of the clients with revenue,
	// and of all hours logged. 0 when the team has none.
	RevenueShare float64
	HoursShare   float64
	// Time outside the contract and its cost: scope creep as money.
	OutsideMinutes int
	OutsideCost    int64
	outsideMinor   int64 // Σ minutes × hourly rate, for OutsideCost
}

// OutsideShare is the share of the window's time spent outside the
// contract.
func (w Window) OutsideShare() float64 {
	if w.Minutes <= 0 {
		return 0
	}
	return float64(w.OutsideMinutes) / float64(w.Minutes)
}

// addOutside books an entry outside the contract; its cost is priced as
// the week's cost is, at the day's rate.
func (w *Window) addOutside(e ledger.Entry, dayNum int64, rates *rateBook) {
	w.OutsideMinutes += e.Minutes
	if rate, ok := rates.on(strings.ToLower(e.Department), e, dayNum); ok && e.Minutes > 0 && rate > 0 {
		w.outsideMinor = addSat(w.outsideMinor, mulSat(rate, int64(e.Minutes)))
		w.OutsideCost = perMinuteToMinor(w.outsideMinor)
	}
}

// WindowSpan is the days the window of week covers: the TrendWeeks weeks
// ending with it, up to through when the week is under way (zero: its
// end).
func WindowSpan(w Week, through time.Time) ledger.Span {
	to := w.End
	if !through.IsZero() && ledger.Date(through).Before(w.End) {
		to = ledger.Date(through)
	}
	return ledger.Span{From: w.Start.AddDate(0, 0, -7*(TrendWeeks-1)), To: to}
}

// LongRate is the effective hourly rate over the last RateWeeks weeks.
type LongRate struct {
	Rate    int64
	HasRate bool
}

// through is how many days of the week count: all seven unless the week
// is under way.
func through(in Input) int {
	if in.Through.IsZero() || !ledger.Date(in.Through).Before(in.Week.End) {
		return 7
	}
	days := int(dayNumber(in.Through)-dayNumber(in.Week.Start)) + 1
	return min(max(days, 1), 7)
}

// figureWindow fills the client's Recent window from the trend weeks and
// its revenue, and the long rate from minutesLong logged over RateWeeks.
func figureWindow(f *ClientFigures, c *ClientInput, w Week, days, minutesLong int) {
	win := &f.Recent
	for i := range TrendWeeks {
		win.Minutes += int(f.HoursTrend[i])
		win.Cost = addSat(win.Cost, f.CostTrend[i])
	}
	win.Revenue, win.HasRevenue = windowRevenue(c.Revenue, w, TrendWeeks, days)
	if win.HasRevenue && win.Revenue > 0 {
		win.CostShare, win.HasCostShare = float64(win.Cost)/float64(win.Revenue), true
	}
	win.Rate, win.HasRate = hourlyRate(win.Revenue, win.HasRevenue, win.Minutes)
	long, has := windowRevenue(c.Revenue, w, RateWeeks, days)
	f.LongRate.Rate, f.LongRate.HasRate = hourlyRate(long, has, minutesLong)
}

// hourlyRate is revenue per hour of minutes, rounded half up.
func hourlyRate(revenue int64, hasRevenue bool, minutes int) (int64, bool) {
	if !hasRevenue || minutes <= 0 || revenue < 0 {
		return 0, false
	}
	num := new(big.Int).Mul(big.NewInt(revenue), big.NewInt(60))
	return ledger.DivRound(num, int64(minutes)), true
}

// shareOf fills each client's shares of the team's revenue and hours.
func shareOf(clients []ClientFigures) (revenue int64, minutes int) {
	for _, c := range clients {
		if c.Recent.HasRevenue {
			revenue = addSat(revenue, c.Recent.Revenue)
		}
		minutes += c.Recent.Minutes
	}
	for i := range clients {
		w := &clients[i].Recent
		if w.HasRevenue && revenue > 0 {
			w.RevenueShare = float64(w.Revenue) / float64(revenue)
		}
		if minutes > 0 {
			w.HoursShare = float64(w.Minutes) / float64(minutes)
		}
	}
	return revenue, minutes
}
