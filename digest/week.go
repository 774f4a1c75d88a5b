package digest

import (
	"time"

	"github.com/tact-bot/tact/ledger"
)

// Week is a calendar week, Monday to Sunday, as two ledger days (00:00 UTC
// values naming calendar dates, see ledger.Date).
type Week struct {
	Start time.Time // Monday
	End   time.Time // Sunday, the week's last day (inclusive)
}

// WeekOf returns the week that holds instant t as a calendar day in loc:
// Monday 08:00 in Auckland is that Monday's week even though it is still
// Sunday in UTC.
func WeekOf(t time.Time, loc *time.Location) Week {
	s := ledger.WeekOf(ledger.DayIn(t, loc))
	return Week{Start: s.From, End: s.To}
}

// Span returns the week as a ledger span of days.
func (w Week) Span() ledger.Span { return ledger.Span{From: w.Start, To: w.End} }

// Prev returns the week before.
func (w Week) Prev() Week { return w.shift(-1) }

// Next returns the week after.
func (w Week) Next() Week { return w.shift(1) }

func (w Week) shift(weeks int) Week {
	return Week{Start: w.Start.AddDate(0, 0, 7*weeks), End: w.End.AddDate(0, 0, 7*weeks)}
}

// Contains reports whether a calendar day falls in the week; day is read
// as ledger.Date reads it.
func (w Week) Contains(day time.Time) bool {
	d := ledger.Date(day)
	return !d.Before(w.Start) && !d.After(w.End)
}

// Days returns the week's seven days, Monday first.
func (w Week) Days() [7]time.Time {
	var days [7]time.Time
	for i := range days {
		days[i] = w.Start.AddDate(0, 0, i)
	}
	return days
}

// Instants returns the week as a half-open interval of instants in loc,
// [Monday 00:00, next Monday 00:00), for selecting timestamps (incidents,
// poll answers) that belong to it. Across a DST change the week is an hour
// shorter or longer, as the wall clock says.
func (w Week) Instants(loc *time.Location) (from, to time.Time) {
	y, m, d := w.Start.Date()
	from = time.Date(y, m, d, 0, 0, 0, 0, loc)
	y, m, d = w.Start.AddDate(0, 0, 7).Date()
	return from, time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// dayNumber counts days since 1970-01-01 for a ledger day, so that weeks
// can be told apart with integer arithmetic.
func dayNumber(day time.Time) int64 {
	return ledger.Date(day).Unix() / 86400
}

// weeksBefore says how many weeks before the week starting on day number
// startNum the day dayNum falls: 0 for that week, 1 for the week before,
// -1 for the week after.
func weeksBefore(startNum, dayNum int64) int64 {
	return floorDiv(startNum-dayNum+6, 7)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
