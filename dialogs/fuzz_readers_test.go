package dialogs_test

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/strain"
)

// Whatever an hours modal submits, the reader answers with values or field
// errors, never both and never nothing, and never keeps an over-long note.
func FuzzReadHours(f *testing.F) {
	f.Add("3", "1h30m", "support", "2026-11-13", "call about invoices")
	f.Add("", "", "", "", "")
	f.Add("-1", "99999999999h", "dev", "2026-02-30", strings.Repeat("n", 1001))
	f.Add("9223372036854775808", "1:75", "'); DROP TABLE x;--", "13/11/2026", "\xff")
	p := catalog(f).For(locale.EN)
	today := day("2026-11-16")
	f.Fuzz(func(t *testing.T, client, duration, department, date, note string) {
		st := state(map[string]slack.BlockAction{
			dialogs.BlockClient: option(client), dialogs.BlockDuration: {Value: duration},
			dialogs.BlockDepartment: option(department), dialogs.BlockDay: {SelectedDate: date}, dialogs.BlockNote: {Value: note},
		})
		v, errs := dialogs.ReadHours(p, st, today)
		if len(errs) > 0 {
			if v != (dialogs.HoursValues{}) {
				t.Fatalf("values %+v returned with errors %v", v, errs)
			}
			return
		}
		if v.ClientID <= 0 || v.Minutes < 1 || v.Minutes > 24*60 || v.Department == "" || v.Day.After(today) {
			t.Fatalf("accepted %+v", v)
		}
		if utf8.RuneCountInString(v.Note) > 1000 || strings.TrimSpace(v.Note) != v.Note {
			t.Fatalf("accepted note %q", v.Note)
		}
	})
}

// A pulse page's answers are read for exactly the clients it listed; an
// unreadable or out-of-range answer counts as skipped.
func FuzzReadPulsePage(f *testing.F) {
	f.Add(int64(1), "client:1", "3")
	f.Add(int64(1), "client:2", "abc")
	f.Add(int64(-1), "", "99999999999999999999")
	f.Fuzz(func(t *testing.T, client int64, block, value string) {
		st := map[string]map[string]slack.BlockAction{
			block: {dialogs.ActionPulseScore: {SelectedOption: slack.OptionBlockObject{Value: value}}},
		}
		got := dialogs.ReadPulsePage(st, []int64{client, client + 1})
		if len(got) != 2 || got[0].ClientID != client || got[1].ClientID != client+1 {
			t.Fatalf("answers %+v for clients %d and %d", got, client, client+1)
		}
		for _, s := range got {
			if s.Score != 0 && !strain.ValidScore(s.Score) {
				t.Fatalf("kept an invalid score: %+v", s)
			}
		}
		if n, err := strconv.Atoi(value); err != nil || !strain.ValidScore(n) {
			if got[0].Score != 0 {
				t.Fatalf("%q read as %d", value, got[0].Score)
			}
		}
	})
}
