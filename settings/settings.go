// Package settings decides a workspace's settings: what each one is when
// nobody chose it (the environment's defaults), what it is once a manager
// chose it in Slack, and which values are allowed. Storage keeps the
// choices; this package merges them over the defaults and checks a change
// before it is saved.
package settings

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/currency"

	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/strain"
)

// Workspace is the settings in force: every field has a value.
type Workspace struct {
	DigestChannel string // "" when the digest and the pulse are off
	DigestSpec    string // five-field cron spec, read in Location
	Managers      []string
	Currency      string
	Location      *time.Location
	Language      string
	PulseSpec     string // "" when the pulse is off
	PollHours     int
	MinAnswers    int
	CACMinor      int64 // 0 when unset
	FloorMinor    int64 // 0 when unset
}

// Stored is what the workspace's managers chose; a zero field is unset and
// its default applies.
type Stored struct {
	DigestChannel string
	DigestDay     int    // ISO weekday, 1 Monday … 7 Sunday
	DigestTime    string // "HH:MM"
	Managers      []string
	Currency      string
	TimeZone      string // IANA name
	Language      string
	Pulse         Toggle
	PulseDay      int // ISO weekday of the month's first week
	PollHours     int
	MinAnswers    int
	CACMinor      int64
	FloorMinor    int64
}

// Toggle is a switch that may be unset.
type Toggle string

const (
	Unset Toggle = ""
	On    Toggle = "on"
	Off   Toggle = "off"
)

// Limits of the values a manager may choose.
const (
	MaxPollHours  = 24 * 30
	MaxMinAnswers = 1000
	MaxManagers   = 50
)

// Weekly is a once-a-week time: an ISO weekday and the minutes after
// midnight.
type Weekly struct {
	Day    int // 1 Monday … 7 Sunday
	Minute int
}

// Clock is the time as a timepicker shows it: "09:30".
func (w Weekly) Clock() string { return fmt.Sprintf("%02d:%02d", w.Minute/60, w.Minute%60) }

// Spec is the cron spec that fires at w.
func (w Weekly) Spec() string {
	return fmt.Sprintf("%d %d * * %d", w.Minute%60, w.Minute/60, w.Day%7)
}

var weeklySpec = regexp.MustCompile(`^(\d{1,2}) (\d{1,2}) \* \* ([0-7])$`)

// WeeklyOf reads a spec of the form "M H * * D"; ok is false for any other
// shape (which the settings modal then shows as "as the server sets it").
func WeeklyOf(spec string) (w Weekly, ok bool) {
	m := weeklySpec.FindStringSubmatch(strings.Join(strings.Fields(spec), " "))
	if m == nil {
		return Weekly{}, false
	}
	minute, _ := strconv.Atoi(m[1])
	hour, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	if minute > 59 || hour > 23 {
		return Weekly{}, false
	}
	if day == 0 {
		day = 7
	}
	return Weekly{Day: day, Minute: hour*60 + minute}, true
}

// ParseClock reads "HH:MM" (a timepicker's value) as minutes after midnight.
func ParseClock(s string) (int, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// Merge is the settings in force: what was stored over the defaults.
// Stored values were checked when saved; one that no longer parses (a time
// zone dropped from the database) falls back to its default.
func Merge(def Workspace, s Stored) Workspace {
	w := def
	w.Managers = append([]string(nil), def.Managers...)
	if s.DigestChannel != "" {
		w.DigestChannel = s.DigestChannel
	}
	w.DigestSpec = digestSpec(def.DigestSpec, s)
	if len(s.Managers) > 0 {
		w.Managers = append([]string(nil), s.Managers...)
	}
	if s.Currency != "" {
		w.Currency = s.Currency
	}
	if loc, err := time.LoadLocation(s.TimeZone); s.TimeZone != "" && err == nil {
		w.Location = loc
	}
	if locale.Supported(s.Language) {
		w.Language = s.Language
	}
	w.PulseSpec = pulseSpec(def.PulseSpec, s)
	if s.PollHours > 0 {
		w.PollHours = s.PollHours
	}
	if s.MinAnswers > 0 {
		w.MinAnswers = s.MinAnswers
	}
	w.MinAnswers = max(w.MinAnswers, strain.MinAnswers)
	w.CACMinor, w.FloorMinor = s.CACMinor, s.FloorMinor
	if w.DigestChannel == "" {
		w.PulseSpec = "" // the pulse goes to the digest channel
	}
	return w
}

// digestSpec is the default spec unless a day or a time was chosen; a
// choice of one keeps the other from the default (Monday 09:00 when the
// default is not weekly).
func digestSpec(def string, s Stored) string {
	if s.DigestDay == 0 && s.DigestTime == "" {
		return def
	}
	w, ok := WeeklyOf(def)
	if !ok {
		w = Weekly{Day: 1, Minute: 9 * 60}
	}
	if s.DigestDay >= 1 && s.DigestDay <= 7 {
		w.Day = s.DigestDay
	}
	if m, ok := ParseClock(s.DigestTime); ok {
		w.Minute = m
	}
	return w.Spec()
}

// pulseSpec is the default pulse spec, off when switched off, and on the
// first chosen weekday of the month, at the default's time, when a day was
// chosen.
func pulseSpec(def string, s Stored) string {
	if s.Pulse == Off {
		return ""
	}
	f := strings.Fields(def)
	if s.PulseDay < 1 || s.PulseDay > 7 || len(f) != 5 {
		return def
	}
	return fmt.Sprintf("%s %s 1-7 * %d", f[0], f[1], s.PulseDay%7)
}

// PulseDay is the ISO weekday the pulse spec posts on, 0 when it names no
// single day.
func PulseDay(spec string) int {
	f := strings.Fields(spec)
	if len(f) != 5 {
		return 0
	}
	d, err := strconv.Atoi(f[4])
	if err != nil || d < 0 || d > 7 {
		return 0
	}
	if d == 0 {
		return 7
	}
	return d
}

// Field names a setting, for the problem a value has.
type Field string

const (
	FieldChannel    Field = "channel"
	FieldManagers   Field = "managers"
	FieldCurrency   Field = "currency"
	FieldTimeZone   Field = "time_zone"
	FieldLanguage   Field = "language"
	FieldDigestDay  Field = "digest_day"
	FieldDigestTime Field = "digest_time"
	FieldPulseDay   Field = "pulse_day"
	FieldPollHours  Field = "poll_hours"
	FieldMinAnswers Field = "min_answers"
)

// Problem is why a value is refused: the field and the catalogue id of the
// reason.
type Problem struct {
	Field Field
	ID    string
}

var (
	channelID = regexp.MustCompile(`^[CG][A-Z0-9]{2,}$`)
	managerID = regexp.MustCompile(`^[UWS][A-Z0-9]{2,}$`)
)

// Check lists what is wrong with a change; none means it may be saved.
// Unset fields are fine: their defaults apply.
func Check(s Stored) []Problem {
	var out []Problem
	add := func(ok bool, f Field, id string) {
		if !ok {
			out = append(out, Problem{f, id})
		}
	}
	add(s.DigestChannel == "" || channelID.MatchString(s.DigestChannel), FieldChannel, "settings.bad.channel")
	add(len(s.Managers) <= MaxManagers && validManagers(s.Managers), FieldManagers, "settings.bad.managers")
	add(s.Currency == "" || validCurrency(s.Currency), FieldCurrency, "settings.bad.currency")
	add(s.TimeZone == "" || validZone(s.TimeZone), FieldTimeZone, "settings.bad.time_zone")
	add(s.Language == "" || locale.Supported(s.Language), FieldLanguage, "settings.bad.language")
	add(s.DigestDay >= 0 && s.DigestDay <= 7, FieldDigestDay, "settings.bad.day")
	_, okClock := ParseClock(s.DigestTime)
	add(s.DigestTime == "" || okClock, FieldDigestTime, "settings.bad.time")
	add(s.PulseDay >= 0 && s.PulseDay <= 7, FieldPulseDay, "settings.bad.day")
	add(s.PollHours >= 0 && s.PollHours <= MaxPollHours, FieldPollHours, "settings.bad.poll_hours")
	add(s.MinAnswers == 0 || (s.MinAnswers >= strain.MinAnswers && s.MinAnswers <= MaxMinAnswers), FieldMinAnswers, "settings.bad.min_answers")
	return out
}

func validManagers(ids []string) bool {
	for _, id := range ids {
		if !managerID.MatchString(id) {
			return false
		}
	}
	return true
}

func validCurrency(code string) bool {
	_, err := currency.ParseISO(code)
	return err == nil && code == strings.ToUpper(code) && len(code) == 3
}

// validZone accepts IANA names only: "Local" and "" would mean the server's
// own zone.
func validZone(name string) bool {
	if name == "Local" || strings.HasPrefix(name, "/") {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}
