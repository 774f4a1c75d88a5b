package locale

import (
	"strconv"
	"time"
)

// Dates are formatted in the location t carries; callers convert to the
// team's zone first.

// Date formats a calendar date: en "16 Nov 2026", ru "16 ноября 2026".
func (p *Printer) Date(t time.Time) string {
	return p.DayMonth(t) + " " + strconv.Itoa(t.Year())
}

// DayMonth formats a date without the year: en "16 Nov", ru "16 ноября".
func (p *Printer) DayMonth(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + p.conv.monthShort[t.Month()-1]
}

// SpokenDate is a date as said aloud, the month in full: en "6 January",
// ru "6 января"; with the year when withYear: "6 January 2028",
// "6 января 2028 года".
func (p *Printer) SpokenDate(t time.Time, withYear bool) string {
	s := strconv.Itoa(t.Day()) + " " + p.conv.monthSpoken[t.Month()-1]
	if withYear {
		s += " " + p.spokenYear(t)
	}
	return s
}

// SpokenMonth is a month as it follows "since" or "around": en
// "September", ru "сентября" (as in «с сентября»); with the year when
// withYear.
func (p *Printer) SpokenMonth(t time.Time, withYear bool) string {
	s := p.conv.monthSpoken[t.Month()-1]
	if withYear {
		s += " " + p.spokenYear(t)
	}
	return s
}

func (p *Printer) spokenYear(t time.Time) string {
	y := strconv.Itoa(t.Year())
	if p.conv.yearWord != "" {
		y += " " + p.conv.yearWord
	}
	return y
}

// MonthYear names a month: en "November 2026", ru "ноябрь 2026".
func (p *Printer) MonthYear(t time.Time) string {
	return p.conv.monthStandalone[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// DateRange formats an inclusive range of days, sharing what both ends have
// in common: en "16–22 Nov 2026", "28 Nov – 4 Dec 2026",
// "28 Dec 2026 – 3 Jan 2027"; ru "16–22 ноября 2026". The same day twice is
// just Date.
func (p *Printer) DateRange(from, to time.Time) string {
	fy, fm, fd := from.Date()
	ty, tm, td := to.Date()
	switch {
	case fy == ty && fm == tm && fd == td:
		return p.Date(from)
	case fy == ty && fm == tm:
		return strconv.Itoa(fd) + "–" + p.Date(to)
	case fy == ty:
		return p.DayMonth(from) + " – " + p.Date(to)
	default:
		return p.Date(from) + " – " + p.Date(to)
	}
}

// Time formats a clock time on the 24-hour clock in both languages: "09:00".
func (p *Printer) Time(t time.Time) string {
	return t.Format("15:04")
}

// DateTime formats a date and time: en "16 Nov 2026, 09:00",
// ru "16 ноября 2026, 09:00".
func (p *Printer) DateTime(t time.Time) string {
	return p.Date(t) + ", " + p.Time(t)
}

// Weekday returns the short day name: en "Mon", ru "пн".
func (p *Printer) Weekday(d time.Weekday) string {
	return p.conv.weekdayShort[(int(d)%7+7)%7]
}

// WeekdayLong returns the full day name: en "Monday", ru "понедельник".
func (p *Printer) WeekdayLong(d time.Weekday) string {
	return p.conv.weekdayLong[(int(d)%7+7)%7]
}
