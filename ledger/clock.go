package ledger

import "time"

// Clock is the team's clock: the instant now and the zone whose calendar
// "today" and "this week" are read in. main builds the one every part of
// the bot shares, so no two parts can disagree about the day. The zero
// Clock reads the system time in UTC.
type Clock struct {
	// Location is the team's zone (TZ); nil means UTC.
	Location *time.Location
	now      func() time.Time
}

// NewClock is a clock reading now (nil means time.Now) in loc.
func NewClock(now func() time.Time, loc *time.Location) Clock {
	return Clock{Location: loc, now: now}
}

// Now is the instant now, in the team's zone.
func (c Clock) Now() time.Time {
	now := time.Now
	if c.now != nil {
		now = c.now
	}
	return now().In(c.zone())
}

// Today is the calendar day it is in the team's zone.
func (c Clock) Today() time.Time { return Date(c.Now()) }

func (c Clock) zone() *time.Location {
	if c.Location == nil {
		return time.UTC
	}
	return c.Location
}

// In is the same clock read in loc (a workspace's zone as set now).
func (c Clock) In(loc *time.Location) Clock {
	c.Location = loc
	return c
}
