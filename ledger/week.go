package ledger

import "time"

// Span is an inclusive range of calendar days (see Date). A zero From or To
// leaves that end open, so Span{} is all time.
type Span struct {
	From, To time.Time
}

// AllTime is the span with both ends open.
func AllTime() Span { return Span{} }

// Contains reports whether day falls within the span, by date only.
func (s Span) Contains(day time.Time) bool {
	d := Date(day)
	if !s.From.IsZero() && d.Before(Date(s.From)) {
		return false
	}
	return s.To.IsZero() || !d.After(Date(s.To))
}

// WeekOf returns the week holding day: Monday to Sunday, as people in the
// product's markets count weeks.
func WeekOf(day time.Time) Span {
	d := Date(day)
	back := (int(d.Weekday()) + 6) % 7 // days since Monday
	from := d.AddDate(0, 0, -back)
	return Span{From: from, To: from.AddDate(0, 0, 6)}
}

// LastWeeks returns the n whole weeks of days ending with today (today
// included): 28 days for n = 4. A rolling window, so a Monday does not
// reset the figures to nothing.
func LastWeeks(today time.Time, n int) Span {
	d := Date(today)
	return Span{From: d.AddDate(0, 0, 1-7*n), To: d}
}
