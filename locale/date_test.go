package locale_test

import (
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 9, 0, 0, 0, time.UTC)
}

func TestDate(t *testing.T) {
	c := newCatalog(t)
	tests := []struct {
		lang string
		t    time.Time
		want string
	}{
		{"en", day(2026, time.November, 16), "16 Nov 2026"},
		{"en", day(2026, time.January, 1), "1 Jan 2026"},
		{"en", day(2026, time.May, 31), "31 May 2026"},
		{"ru", day(2026, time.November, 16), "16 ноября 2026"},
		{"ru", day(2026, time.March, 8), "8 марта 2026"},
		{"ru", day(2026, time.May, 9), "9 мая 2026"},
		{"ru", day(2026, time.August, 31), "31 августа 2026"},
	}
	for _, tt := range tests {
		if got := c.For(tt.lang).Date(tt.t); got != tt.want {
			t.Errorf("%s Date(%v) = %q, want %q", tt.lang, tt.t, got, tt.want)
		}
	}
}

func TestDateUsesTimeLocation(t *testing.T) {
	c := newCatalog(t)
	moscow := time.FixedZone("MSK", 3*60*60)
	late := time.Date(2026, time.November, 16, 22, 30, 0, 0, time.UTC) // 01:30 on the 17th in Moscow
	if got, want := c.For("ru").DateTime(late.In(moscow)), "17 ноября 2026, 01:30"; got != want {
		t.Errorf("DateTime in MSK = %q, want %q", got, want)
	}
	if got, want := c.For("en").DateTime(late), "16 Nov 2026, 22:30"; got != want {
		t.Errorf("DateTime in UTC = %q, want %q", got, want)
	}
}

func TestDateRange(t *testing.T) {
	c := newCatalog(t)
	tests := []struct {
		lang     string
		from, to time.Time
		want     string
	}{
		{"en", day(2026, time.November, 16), day(2026, time.November, 22), "16–22 Nov 2026"},
		{"en", day(2026, time.November, 28), day(2026, time.December, 4), "28 Nov – 4 Dec 2026"},
		{"en", day(2026, time.December, 28), day(2027, time.January, 3), "28 Dec 2026 – 3 Jan 2027"},
		{"en", day(2026, time.November, 16), day(2026, time.November, 16), "16 Nov 2026"},
		{"en", day(2026, time.February, 1), day(2026, time.February, 28), "1–28 Feb 2026"},
		{"ru", day(2026, time.November, 16), day(2026, time.November, 22), "16–22 ноября 2026"},
		{"ru", day(2026, time.November, 28), day(2026, time.December, 4), "28 ноября – 4 декабря 2026"},
		{"ru", day(2026, time.December, 28), day(2027, time.January, 3), "28 декабря 2026 – 3 января 2027"},
		{"ru", day(2026, time.May, 16), day(2026, time.May, 16), "16 мая 2026"},
	}
	for _, tt := range tests {
		if got := c.For(tt.lang).DateRange(tt.from, tt.to); got != tt.want {
			t.Errorf("%s DateRange(%v, %v) = %q, want %q", tt.lang, tt.from, tt.to, got, tt.want)
		}
	}
}

func TestDateParts(t *testing.T) {
	c := newCatalog(t)
	en, ru := c.For("en"), c.For("ru")
	mon := day(2026, time.November, 16) // a Monday
	tests := []struct {
		name, got, want string
	}{
		{"en Weekday", en.Weekday(mon.Weekday()), "Mon"},
		{"ru Weekday", ru.Weekday(mon.Weekday()), "пн"},
		{"en Sunday", en.WeekdayLong(time.Sunday), "Sunday"},
		{"ru Sunday", ru.WeekdayLong(time.Sunday), "воскресенье"},
		{"en Time", en.Time(mon), "09:00"},
		{"ru Time", ru.Time(mon), "09:00"},
		{"en DayMonth", en.DayMonth(mon), "16 Nov"},
		{"ru DayMonth", ru.DayMonth(mon), "16 ноября"},
		{"en MonthYear", en.MonthYear(mon), "November 2026"},
		{"ru MonthYear", ru.MonthYear(mon), "ноябрь 2026"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
