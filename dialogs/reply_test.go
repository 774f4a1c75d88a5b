package dialogs_test

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

func TestIncidentMessage(t *testing.T) {
	cat := catalog(t)
	inc := storage.Incident{ID: 12, ClientName: "Acme <Corp>", Category: ledger.Disrespect, Severity: ledger.SeverityHigh,
		OccurredOn: day("2026-11-13"), Evidence: []string{"https://mail.example.com/t/1", "https://acme.slack.com/archives/C1/p1"}}
	tests := []struct {
		lang   string
		recent int
		want   []string
	}{
		{locale.EN, 1, []string{"Incident #12 logged: *Acme &lt;Corp&gt;* · Disrespect to staff · high severity · 13 Nov 2026", "1 incident in the last 4 weeks"}},
		{locale.EN, 3, []string{"3 incidents in the last 4 weeks"}},
		{locale.RU, 1, []string{"Инцидент №12 записан", "Неуважение к сотрудникам", "13 ноября 2026", "1 инцидент за последние"}},
		{locale.RU, 3, []string{"3 инцидента за последние"}},
		{locale.RU, 5, []string{"5 инцидентов за последние"}},
		{locale.RU, 21, []string{"21 инцидент за последние"}},
	}
	for _, tt := range tests {
		m := dialogs.IncidentMessage(cat.For(tt.lang), dialogs.IncidentReply{Incident: inc, Recent: tt.recent})
		raw := checkMessage(t, m.Blocks, m.Text)
		for _, w := range tt.want {
			if !strings.Contains(m.Text, w) {
				t.Errorf("%s/%d: reply %q lacks %q", tt.lang, tt.recent, m.Text, w)
			}
		}
		for _, w := range []string{`"action_id":"incident.edit"`, `"action_id":"incident.delete"`, `"value":"12"`, `"confirm":`, `\u003chttps://mail.example.com/t/1\u003e`} {
			if !strings.Contains(raw, w) {
				t.Errorf("%s: reply blocks lack %s", tt.lang, w)
			}
		}
	}
	updated := dialogs.IncidentMessage(cat.For(locale.EN), dialogs.IncidentReply{Incident: inc, Updated: true})
	if !strings.HasPrefix(updated.Text, "Incident #12 updated") {
		t.Errorf("edit reply = %q", updated.Text)
	}
	del := dialogs.IncidentNoteMessage(cat.For(locale.RU), "incident.reply.deleted", 12)
	if del.Text != "Инцидент №12 удалён." || !del.ReplaceOriginal || len(del.Blocks) != 0 {
		t.Errorf("delete reply = %+v", del)
	}
}

func TestIncidentMessageManyLongLinks(t *testing.T) {
	var links []string
	for i := range 40 {
		links = append(links, "https://example.com/"+strings.Repeat(string(rune('a'+i%26)), 200))
	}
	inc := storage.Incident{ID: 1, ClientName: strings.Repeat("Я", 80), Category: ledger.Other, Severity: ledger.SeverityLow,
		OccurredOn: day("2026-11-13"), Evidence: links}
	for _, lang := range []string{locale.EN, locale.RU} {
		m := dialogs.IncidentMessage(catalog(t).For(lang), dialogs.IncidentReply{Incident: inc, Recent: 1000})
		checkMessage(t, m.Blocks, m.Text)
	}
}

func TestHoursMessage(t *testing.T) {
	cat := catalog(t)
	e := storage.TimeEntry{ID: 7, ClientName: "Acme", Department: "support", Minutes: 90, WorkedOn: day("2026-11-16"), Note: "call"}
	week := ledger.WeekOf(day("2026-11-16"))
	tests := []struct {
		name string
		lang string
		rep  dialogs.HoursReply
		want []string
	}{
		{"rated en", locale.EN, dialogs.HoursReply{Entry: e, Currency: "USD", Rated: true, RateMinor: 5000, CostMinor: 7500, Week: week, WeekMinutes: 270},
			[]string{"Logged 1 h 30 min on *Acme* (support) for 16 Nov 2026.", "Cost: $75 at $50 an hour.", "this week (16–22 Nov 2026): 4 h 30 min.", "Note: call"}},
		{"rated ru", locale.RU, dialogs.HoursReply{Entry: e, Currency: "RUB", Rated: true, RateMinor: 150000, CostMinor: 225000, Week: week, WeekMinutes: 90},
			[]string{"Записано 1 ч 30 мин по клиенту *Acme* (support) за 16 ноября 2026.", "2\u00a0250\u00a0₽", "1\u00a0500\u00a0₽ в час", "16–22 ноября 2026"}},
		{"no rate", locale.EN, dialogs.HoursReply{Entry: e, Currency: "USD", Week: week, WeekMinutes: 90},
			[]string{"*support* has no hourly rate yet", "`/tact rate support 1500/h`"}},
	}
	for _, tt := range tests {
		m := dialogs.HoursMessage(cat.For(tt.lang), tt.rep)
		raw := checkMessage(t, m.Blocks, m.Text)
		for _, w := range tt.want {
			if !strings.Contains(m.Text, w) {
				t.Errorf("%s: reply %q lacks %q", tt.name, m.Text, w)
			}
		}
		if !strings.Contains(raw, `"action_id":"hours.undo"`) || !strings.Contains(raw, `"value":"7"`) {
			t.Errorf("%s: no Undo button carrying the entry id: %s", tt.name, raw)
		}
	}
	undone := dialogs.HoursUndoneMessage(cat.For(locale.EN), e)
	if !undone.ReplaceOriginal || !strings.Contains(undone.Text, "Undone: 1 h 30 min on *Acme*") {
		t.Errorf("undone = %+v", undone)
	}
}

// The confirm dialog on Delete is what stands between a slip and a lost
// incident: it must be there, in the user's language.
func TestDeleteButtonConfirms(t *testing.T) {
	m := dialogs.IncidentMessage(catalog(t).For(locale.RU), dialogs.IncidentReply{Incident: storage.Incident{ID: 3, ClientName: "A",
		Category: ledger.Other, Severity: ledger.SeverityLow, OccurredOn: day("2026-11-13")}})
	actions := m.Blocks[len(m.Blocks)-1].(*slack.ActionBlock)
	del := actions.Elements.ElementSet[1].(*slack.ButtonBlockElement)
	if del.Confirm == nil || del.Confirm.Title.Text != "Удалить инцидент?" || del.Style != slack.StyleDanger {
		t.Fatalf("delete button = %+v", del)
	}
}
