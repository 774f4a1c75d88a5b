package dialogs_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/farewell"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
)

func TestFarewellMessagesSplitWithinLimits(t *testing.T) {
	cat := catalog(t)
	long := strings.Repeat("Абзац черновика с символами & < > и упоминанием <@U0SPEAKER>.\n", 60)
	d := storage.FarewellDrafts{Lang: locale.RU, Path: "part_ways"}
	for _, doc := range farewell.Docs() {
		d.Docs = append(d.Docs, storage.FarewellDraft{Doc: string(doc), Title: strings.Repeat("Заголовок ", 30), Text: strings.Repeat(long, 4)})
	}
	msgs := dialogs.FarewellMessages(cat.For(locale.RU), "Acme & <Co>", d)
	if len(msgs) < 2 {
		t.Fatalf("%d messages for %d characters of drafts", len(msgs), len(farewell.Docs())*4*len([]rune(long)))
	}
	var all strings.Builder
	for i, m := range msgs {
		raw, _ := json.Marshal(m.Blocks)
		for _, e := range slacktest.CheckBlocks(raw, "message") {
			t.Errorf("message %d: %v", i+1, e)
		}
		if m.Text == "" || strings.Contains(m.Text, "<Co>") {
			t.Errorf("message %d fallback %q", i+1, m.Text)
		}
		enc := json.NewEncoder(&all) // unescaped: the text as Slack reads it
		enc.SetEscapeHTML(false)
		if err := enc.Encode(m.Blocks); err != nil {
			t.Fatal(err)
		}
	}
	text := all.String()
	if strings.Count(text, "<@U0SPEAKER>") != len(farewell.Docs())*4*60 {
		t.Errorf("mentions kept: %d", strings.Count(text, "<@U0SPEAKER>"))
	}
	if strings.Contains(text, "& <") || !strings.Contains(text, "&amp; &lt;") {
		t.Error("draft text is not escaped for mrkdwn")
	}
}

func TestFarewellReminderMessage(t *testing.T) {
	cat := catalog(t)
	r := storage.FarewellReminder{Kind: storage.ReminderWeekBefore, ClientName: "Acme", EndOn: day("2026-12-31"),
		Drafts: storage.FarewellDrafts{Docs: []storage.FarewellDraft{{Doc: "checklist", Title: "Checklist", Text: "☐ Call the lawyer"}}}}
	for _, lang := range []string{locale.EN, locale.RU} {
		p := cat.For(lang)
		for _, kind := range []string{storage.ReminderWeekBefore, storage.ReminderEndDate} {
			r.Kind = kind
			m := dialogs.FarewellReminderMessage(p, p, r)
			raw, _ := json.Marshal(m.Blocks)
			for _, e := range slacktest.CheckBlocks(raw, "message") {
				t.Error(e)
			}
			if !strings.Contains(string(raw), p.Date(r.EndOn)) || !strings.Contains(string(raw), "Call the lawyer") {
				t.Errorf("%s %s reminder: %s", lang, kind, raw)
			}
		}
	}
}

// The check-ins come with a draft in the drafts' language; the review of
// boundaries with the figures before and after and the two choices.
func TestFarewellFollowUpReminders(t *testing.T) {
	cat := catalog(t)
	en, ru := cat.For(locale.EN), cat.For(locale.RU)
	touch := storage.FarewellReminder{Kind: storage.ReminderTouch3m, ClientName: "Ромашка", EndOn: day("2026-09-30"), DueOn: day("2026-12-30"),
		Drafts: storage.FarewellDrafts{Docs: []storage.FarewellDraft{{Doc: "checklist", Text: "☐ Call the lawyer"}}}}
	m := dialogs.FarewellReminderMessage(en, ru, touch)
	raw, _ := json.Marshal(m.Blocks)
	for _, e := range slacktest.CheckBlocks(raw, "message") {
		t.Error(e)
	}
	got := string(raw)
	if !strings.Contains(got, "three months") || !strings.Contains(got, "Здравствуйте, [имя]!") || strings.Contains(got, "Call the lawyer") {
		t.Errorf("check-in reminder: %s", got)
	}
	strain := 4.1
	review := storage.FarewellReminder{Kind: storage.ReminderBoundariesReview, ClientName: "Acme", DecisionID: 7, ClientID: 3,
		Review: &storage.BoundaryReview{Since: day("2026-10-26"), Days: 42,
			Before: storage.ReviewFigures{Minutes: 1_260, Incidents: 5, Strain: &strain},
			After:  storage.ReviewFigures{Minutes: 630, Incidents: 1}}}
	m = dialogs.FarewellReminderMessage(en, en, review)
	raw, _ = json.Marshal(m.Blocks)
	got = string(raw)
	for _, want := range []string{"Hours a week: 1 h 45 min (before: 3 h 30 min)", "Incidents: 1 (before: 5)", "Strain: no poll result (before: 4.1)",
		dialogs.ActionKeepBoundaries, dialogs.ActionOpenFarewell, `"value":"7"`, `"value":"3"`} {
		if !strings.Contains(got, want) {
			t.Errorf("review reminder lacks %q: %s", want, got)
		}
	}
}
