package dialogs_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/settings"
)

// The settings modal and message in both languages: valid Block Kit, every
// text from the catalogue, weekday names whole (Cyrillic included).
func TestSettingsViewInBothLanguages(t *testing.T) {
	moscow, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Fatal(err)
	}
	ws := settings.Workspace{DigestChannel: "C0DIGEST", DigestSpec: "30 9 * * 1", Managers: []string{"U0BOSS", "S0LEADS"},
		Currency: "RUB", Location: moscow, Language: "ru", PulseSpec: "0 10 1-7 * 3", PollHours: 48, MinAnswers: 5, CACMinor: 30_000_000}
	form := dialogs.SettingsForm{Now: ws, Groups: []dialogs.UserGroup{{ID: "S0LEADS", Handle: "leads"}}}
	for lang, wants := range map[string][]string{
		"en": {"Workspace settings", "Monday", "Wednesday", "09:30", "@leads", "Europe/Moscow"},
		"ru": {"Настройки", "Понедельник", "Среда", "09:30", "@leads", "Europe/Moscow"},
	} {
		p := catalog(t).For(lang)
		raw, err := json.Marshal(dialogs.SettingsView(p, form))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range slacktest.CheckView(raw) {
			t.Errorf("%s view: %v", lang, e)
		}
		text := string(raw)
		if !utf8.ValidString(text) || strings.Contains(text, `"text":"settings.`) {
			t.Errorf("%s view: broken text or a catalogue id shown", lang)
		}
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s view lacks %q", lang, w)
			}
		}
		lines := strings.Join(dialogs.SettingsLines(p, ws), "\n")
		if strings.Contains(lines, "settings.") || !utf8.ValidString(lines) {
			t.Errorf("%s lines: %s", lang, lines)
		}
	}
	ru := strings.Join(dialogs.SettingsLines(catalog(t).For("ru"), ws), "\n")
	for _, w := range []string{"день: понедельник, 09:30", "среда первой недели месяца", "не меньше 5 ответов", "<!subteam^S0LEADS>"} {
		if !strings.Contains(ru, w) {
			t.Errorf("Russian lines lack %q:\n%s", w, ru)
		}
	}
}
