package ledger

import "time"

// Date returns t's calendar day, read in t's own location, as 00:00 UTC:
// the form every Day and From value in this package takes.
func Date(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DayIn returns the calendar day it is in loc at instant t.
func DayIn(t time.Time, loc *time.Location) time.Time {
	return Date(t.In(loc))
}

// onOrBefore compares calendar days only.
func onOrBefore(a, b time.Time) bool {
	return !Date(a).After(Date(b))
}
