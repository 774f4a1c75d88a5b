package settings_test

import (
	"slices"
	"testing"
	"time"

	"github.com/tact-bot/tact/settings"
)

func defaults(t *testing.T) settings.Workspace {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return settings.Workspace{
		DigestChannel: "C0DEF", DigestSpec: "0 9 * * 1", Managers: []string{"U0ENV"}, Currency: "USD",
		Location: berlin, Language: "en", PulseSpec: "0 10 1-7 * 1", PollHours: 72, MinAnswers: 3,
	}
}

func TestMergeKeepsDefaultsForWhatIsUnset(t *testing.T) {
	def := defaults(t)
	got := settings.Merge(def, settings.Stored{})
	if got.DigestChannel != "C0DEF" || got.DigestSpec != def.DigestSpec || got.PulseSpec != def.PulseSpec ||
		got.Currency != "USD" || got.Location != def.Location || got.PollHours != 72 || !slices.Equal(got.Managers, def.Managers) {
		t.Errorf("nothing stored: %+v", got)
	}
}

func TestMergeAppliesWhatWasChosen(t *testing.T) {
	got := settings.Merge(defaults(t), settings.Stored{
		DigestChannel: "C0NEW", DigestDay: 3, DigestTime: "14:30", Managers: []string{"U0A", "S0B"},
		Currency: "EUR", TimeZone: "Asia/Tokyo", Language: "ru", PulseDay: 5, PollHours: 24, MinAnswers: 5,
		CACMinor: 100, FloorMinor: 200,
	})
	if got.DigestChannel != "C0NEW" || got.DigestSpec != "30 14 * * 3" || got.PulseSpec != "0 10 1-7 * 5" ||
		got.Currency != "EUR" || got.Location.String() != "Asia/Tokyo" || got.Language != "ru" ||
		got.PollHours != 24 || got.MinAnswers != 5 || got.CACMinor != 100 || got.FloorMinor != 200 ||
		!slices.Equal(got.Managers, []string{"U0A", "S0B"}) {
		t.Errorf("chosen: %+v", got)
	}
}

func TestMergeHalfAScheduleKeepsTheOtherHalf(t *testing.T) {
	def := defaults(t)
	if got := settings.Merge(def, settings.Stored{DigestTime: "07:05"}).DigestSpec; got != "5 7 * * 1" {
		t.Errorf("time only: %q", got)
	}
	if got := settings.Merge(def, settings.Stored{DigestDay: 7}).DigestSpec; got != "0 9 * * 0" {
		t.Errorf("Sunday only: %q", got)
	}
	def.DigestSpec = "0 0 31 2 *" // not weekly: Monday 09:00 stands in
	if got := settings.Merge(def, settings.Stored{DigestDay: 2}).DigestSpec; got != "0 9 * * 2" {
		t.Errorf("day over a custom spec: %q", got)
	}
}

func TestMergePulseOffAndNoChannel(t *testing.T) {
	def := defaults(t)
	if got := settings.Merge(def, settings.Stored{Pulse: settings.Off, PulseDay: 3}).PulseSpec; got != "" {
		t.Errorf("pulse off: %q", got)
	}
	def.DigestChannel = ""
	if got := settings.Merge(def, settings.Stored{Pulse: settings.On}).PulseSpec; got != "" {
		t.Errorf("a pulse with no channel to go to: %q", got)
	}
}

// A zone that no longer loads, and an answer floor below 3, never reach
// the jobs.
func TestMergeNeverGoesBelowTheFloors(t *testing.T) {
	got := settings.Merge(defaults(t), settings.Stored{TimeZone: "Gone/Zone", MinAnswers: 2})
	if got.Location.String() != "Europe/Berlin" || got.MinAnswers != 3 {
		t.Errorf("%v, %d", got.Location, got.MinAnswers)
	}
}

func TestCheck(t *testing.T) {
	if p := settings.Check(settings.Stored{}); len(p) != 0 {
		t.Errorf("nothing chosen: %v", p)
	}
	good := settings.Stored{DigestChannel: "C0X", DigestDay: 1, DigestTime: "23:59", Managers: []string{"U0A", "S0B", "W0C"},
		Currency: "RUB", TimeZone: "Europe/Moscow", Language: "ru", PulseDay: 7, PollHours: 720, MinAnswers: 3}
	if p := settings.Check(good); len(p) != 0 {
		t.Errorf("good values: %v", p)
	}
	bad := settings.Stored{DigestChannel: "#general", DigestDay: 8, DigestTime: "25:00", Managers: []string{"maria"},
		Currency: "usd", TimeZone: "Local", Language: "de", PulseDay: -1, PollHours: 721, MinAnswers: 2}
	var fields []settings.Field
	for _, p := range settings.Check(bad) {
		fields = append(fields, p.Field)
	}
	want := []settings.Field{settings.FieldChannel, settings.FieldManagers, settings.FieldCurrency, settings.FieldTimeZone,
		settings.FieldLanguage, settings.FieldDigestDay, settings.FieldDigestTime, settings.FieldPulseDay,
		settings.FieldPollHours, settings.FieldMinAnswers}
	if !slices.Equal(fields, want) {
		t.Errorf("refused %v; want %v", fields, want)
	}
}

func TestWeeklyOf(t *testing.T) {
	for spec, want := range map[string]settings.Weekly{
		"0 9 * * 1": {1, 540}, "30 23 * * 0": {7, 1410}, "5 7  * *  7": {7, 425},
	} {
		if got, ok := settings.WeeklyOf(spec); !ok || got != want {
			t.Errorf("WeeklyOf(%q) = %v, %v; want %v", spec, got, ok, want)
		}
	}
	for _, spec := range []string{"0 9 * * 1-5", "0 0 31 2 *", "@weekly", "60 9 * * 1", "0 24 * * 1", ""} {
		if _, ok := settings.WeeklyOf(spec); ok {
			t.Errorf("WeeklyOf(%q) read a weekly time", spec)
		}
	}
}

// FuzzWeekly: whatever WeeklyOf reads, its Spec reads back the same.
func FuzzWeekly(f *testing.F) {
	f.Add("0 9 * * 1")
	f.Add("59 23 * * 0")
	f.Add("1 2 3 4 5")
	f.Fuzz(func(t *testing.T, spec string) {
		w, ok := settings.WeeklyOf(spec)
		if !ok {
			return
		}
		back, ok := settings.WeeklyOf(w.Spec())
		if !ok || back != w || w.Day < 1 || w.Day > 7 || w.Minute < 0 || w.Minute >= 24*60 {
			t.Fatalf("%q → %v → %q → %v", spec, w, w.Spec(), back)
		}
		if m, ok := settings.ParseClock(w.Clock()); !ok || m != w.Minute {
			t.Fatalf("clock %q → %d", w.Clock(), m)
		}
	})
}
