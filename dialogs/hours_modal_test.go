package dialogs_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

func TestHoursViewWithinSlackLimits(t *testing.T) {
	cat := catalog(t)
	tests := []struct {
		name string
		form dialogs.HoursForm
	}{
		{"empty", dialogs.HoursForm{Clients: clients(2), Departments: []string{"support"}, Day: day("2026-11-16")}},
		{"prefilled", dialogs.HoursForm{Clients: clients(2), ClientID: 2, Departments: []string{"dev", "support"}, Department: "support",
			Duration: "1h30m", Day: day("2026-11-16"), Note: "call", Notice: "I filled in what I understood.", Meta: dialogs.Metadata{Channel: "C1"}}},
		{"long note and duration clipped", dialogs.HoursForm{Clients: clients(1), Departments: []string{"поддержка"},
			Duration: strings.Repeat("9", 100), Day: day("2026-11-16"), Note: strings.Repeat("ж", 1500)}},
		{"many clients", dialogs.HoursForm{Clients: clients(300), Departments: []string{"support"}, Day: day("2026-11-16")}},
	}
	for _, lang := range []string{locale.EN, locale.RU} {
		for _, tt := range tests {
			t.Run(lang+"/"+tt.name, func(t *testing.T) {
				checkView(t, dialogs.HoursView(cat.For(lang), tt.form))
			})
		}
	}
	raw := checkView(t, dialogs.HoursView(cat.For(locale.EN), tests[1].form))
	for _, want := range []string{`"callback_id":"hours.modal.new"`, `"initial_value":"1h30m"`, `"initial_option":{"text":{"type":"plain_text","text":"support","emoji":false},"value":"support"}`} {
		if !strings.Contains(raw, want) {
			t.Errorf("hours view lacks %s", want)
		}
	}
}

func TestReadHours(t *testing.T) {
	today := day("2026-11-16")
	base := func(duration string) map[string]slack.BlockAction {
		return map[string]slack.BlockAction{
			dialogs.BlockClient:     option("3"),
			dialogs.BlockDuration:   {Value: duration},
			dialogs.BlockDepartment: option("support"),
			dialogs.BlockDay:        {SelectedDate: "2026-11-16"},
			dialogs.BlockNote:       {Value: " call "},
		}
	}
	tests := []struct {
		name     string
		values   map[string]slack.BlockAction
		minutes  int
		errs     []string
		contains map[string]string // language → text the error must hold
	}{
		{name: "90m", values: base("90m"), minutes: 90},
		{name: "1,5h", values: base("1,5h"), minutes: 90},
		{name: "1ч30м", values: base("1ч30м"), minutes: 90},
		{name: "bad duration", values: base("2x"), errs: []string{dialogs.BlockDuration},
			contains: map[string]string{locale.EN: "I couldn't read “2x” as a duration. Try 90m, 1.5h, 1h30m or 1:30.",
				locale.RU: "Не понял «2x» как длительность."}},
		{name: "no unit", values: base("2"), errs: []string{dialogs.BlockDuration},
			contains: map[string]string{locale.EN: "2h for hours or 2m for minutes", locale.RU: "2ч — часы"}},
		{name: "too long", values: base("25h"), errs: []string{dialogs.BlockDuration},
			contains: map[string]string{locale.EN: "between 1 minute and 24 hours"}},
		{name: "empty", values: base(""), errs: []string{dialogs.BlockDuration}},
		{name: "future", values: func() map[string]slack.BlockAction {
			v := base("1h")
			v[dialogs.BlockDay] = slack.BlockAction{SelectedDate: "2026-11-20"}
			return v
		}(), errs: []string{dialogs.BlockDay}, contains: map[string]string{locale.RU: "16 ноября 2026"}},
		{name: "no client or department", values: map[string]slack.BlockAction{dialogs.BlockDuration: {Value: "1h"}},
			errs: []string{dialogs.BlockClient, dialogs.BlockDepartment}},
		{name: "note too long", values: func() map[string]slack.BlockAction {
			v := base("1h")
			v[dialogs.BlockNote] = slack.BlockAction{Value: strings.Repeat("ж", 1001)}
			return v
		}(), errs: []string{dialogs.BlockNote}},
	}
	cat := catalog(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range []string{locale.EN, locale.RU} {
				got, errs := dialogs.ReadHours(cat.For(lang), state(tt.values), today)
				checkFieldErrors(t, lang, errs, tt.errs, func(_, msg string) {
					if strings.ContainsAny(msg, "`⟨") {
						t.Errorf("%s: field error %q has markup or a missing id", lang, msg)
					}
					if want := tt.contains[lang]; want != "" && !strings.Contains(msg, want) {
						t.Errorf("%s: error %q lacks %q", lang, msg, want)
					}
				})
				if len(tt.errs) > 0 {
					continue
				}
				want := dialogs.HoursValues{ClientID: 3, Minutes: tt.minutes, Department: "support", Day: today, Note: "call"}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: got %+v, want %+v", lang, got, want)
				}
			}
		})
	}
}

func TestDurationTextParsesBack(t *testing.T) {
	tests := []struct {
		lang    string
		minutes int
		want    string
	}{
		{locale.EN, 90, "1h30m"},
		{locale.EN, 45, "45m"},
		{locale.EN, 120, "2h"},
		{locale.RU, 90, "1ч30м"},
		{locale.RU, 1440, "24ч"},
		{locale.EN, 0, ""},
	}
	for _, tt := range tests {
		got := dialogs.DurationText(tt.lang, tt.minutes)
		if got != tt.want {
			t.Errorf("DurationText(%s, %d) = %q, want %q", tt.lang, tt.minutes, got, tt.want)
		}
		if got == "" {
			continue
		}
		if m, err := ledger.ParseDuration(got); err != nil || m != tt.minutes {
			t.Errorf("ParseDuration(%q) = %d, %v", got, m, err)
		}
	}
}

func TestHoursNotice(t *testing.T) {
	p := catalog(t).For(locale.EN)
	got := dialogs.HoursNotice(p, []ledger.Problem{
		{Field: ledger.FieldClient, Issue: ledger.IssueUnknown, Input: "Acmee"},
		{Field: ledger.FieldDuration, Issue: ledger.IssueInvalid, Input: "2x", Err: ledger.ErrDurationSyntax},
	}, true)
	for _, want := range []string{"“Acmee”", "I couldn't read “2x” as a duration. Try `90m`", "Which department?"} {
		if !strings.Contains(got, want) {
			t.Errorf("notice %q lacks %q", got, want)
		}
	}
	if dialogs.HoursNotice(p, nil, false) != "" {
		t.Error("a notice with nothing to say")
	}
}
