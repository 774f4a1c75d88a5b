package farewell

import (
	"math"
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

// Figures said aloud are rounded the way people say them: nobody reads
// "$6,918.75" or "13.75 hours" to a client. The summary, the manager's own
// appendix, keeps the exact figures.

// aboutMoney is an amount rounded to two significant digits in whole units:
// $6,918.75 is "$6,900", $34,928.57 is "$35,000".
type aboutMoney money

func (m aboutMoney) format(p *locale.Printer) string {
	return p.Money(ledger.RoundSpoken(m.minor, locale.MinorDigits(m.currency)), m.currency)
}

// aboutHours is a total of hours rounded as said aloud: to the half hour
// under 10, to 5 under 100, else to two significant digits.
type aboutHours int

func (h aboutHours) format(p *locale.Printer) string { return p.Hours(spokenMinutes(int(h))) }

func spokenMinutes(minutes int) int {
	step := 30
	switch hours := minutes / 60; {
	case hours >= 100:
		step = 60
		for minutes/(step*10) >= 10 {
			step *= 10
		}
		step *= 10
	case hours >= 10:
		step = 5 * 60
	}
	return max((minutes+step/2)/step*step, 30)
}

// weeklyHours is an average a week as said aloud: "about 7 hours" when it
// is near a whole hour, else "7 to 8 hours"; under an hour, "less than an
// hour".
type weeklyHours struct{ total, weeks int }

func (w weeklyHours) format(p *locale.Printer) string {
	avg := float64(w.total) / float64(max(w.weeks, 1)) / 60
	if avg < 1 {
		return p.T("farewell.spoken.under_hour")
	}
	n := math.Round(avg)
	if math.Abs(avg-n) < 0.25 {
		return p.Hours(int(n) * 60)
	}
	lo := math.Floor(avg)
	return p.T("farewell.spoken.hours_range", map[string]any{
		"From": p.Number(int64(lo)), "To": p.Hours(int(lo+1) * 60),
	})
}

// spokenDate is a date said aloud: the month in full, the year only when
// the date is not within the 12 months from today.
type spokenDate struct{ day, today time.Time }

func (d spokenDate) format(p *locale.Printer) string {
	near := !d.today.IsZero() && !d.day.Before(d.today.AddDate(0, -1, 0)) && d.day.Before(d.today.AddDate(1, 0, 0))
	return p.SpokenDate(d.day, !near)
}

// sinceMonth is when something began, said as its month ("around
// September"), with the year only when it is more than a year back.
type sinceMonth struct{ day, today time.Time }

func (s sinceMonth) format(p *locale.Printer) string {
	recent := !s.today.IsZero() && s.day.After(s.today.AddDate(-1, 0, 0))
	return p.SpokenMonth(s.day, !recent)
}
