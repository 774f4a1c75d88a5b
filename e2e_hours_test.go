package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
)

type storedEntry struct {
	ID         int64     `db:"id"`
	UserID     string    `db:"user_id"`
	Department string    `db:"department"`
	Minutes    int       `db:"minutes"`
	WorkedOn   time.Time `db:"worked_on"`
	Note       string    `db:"note"`
	Undone     bool      `db:"undone"`
}

func (w *logWorld) entries() []storedEntry {
	w.t.Helper()
	var out []storedEntry
	err := w.db.X().Select(&out, `SELECT t.id, t.user_id, d.name AS department, t.minutes, t.worked_on, t.note,
		t.deleted_at IS NOT NULL AS undone FROM time_entries t JOIN departments d ON d.id = t.department_id ORDER BY t.id`)
	if err != nil {
		w.t.Fatal(err)
	}
	return out
}

// hoursWorld has Acme, support at $50/h and dev at $90/h today (it was
// $60/h until yesterday and will be $120/h from tomorrow, so only the
// rate in force today may be used), legal without a rate; the member
// defaults to support and the Russian user to dev.
func hoursWorld(t *testing.T) (*logWorld, int64) {
	w := startLogWorld(t)
	acme := w.addClient("Acme")
	today := w.today()
	w.addRate("support", 5000, today.AddDate(0, -2, 0))
	w.addRate("dev", 6000, today.AddDate(0, -2, 0))
	w.addRate("dev", 9000, today)
	w.addRate("dev", 12000, today.AddDate(0, 0, 1))
	w.exec(`INSERT INTO departments (team_id, name) VALUES ($1, 'legal')`, teamID)
	w.setDepartment(member, "support")
	w.setDepartment(russian, "dev")
	return w, acme
}

func TestHoursEveryDurationFormInBothLanguages(t *testing.T) {
	w, acme := hoursWorld(t)
	tests := []struct {
		user, lang, text string
		minutes          int
		dept             string
		note             string
		costMinor        int64 // by hand: minutes × rate / 60
		weekMinutes      int   // the user's running total on Acme
	}{
		{member, locale.EN, "Acme 90m support call about invoices", 90, "support", "call about invoices", 7500, 90},
		{member, locale.EN, "Acme 1.5h", 90, "support", "", 7500, 180},
		{member, locale.EN, "Acme 1,5h dev code review", 90, "dev", "code review", 13500, 270},
		{member, locale.EN, "acme 1h30m", 90, "support", "", 7500, 360},
		{russian, locale.RU, "Acme 1:30 support", 90, "support", "", 7500, 90},
		{russian, locale.RU, "Acme 2ч", 120, "dev", "", 18000, 210},
		{russian, locale.RU, "Acme 1ч30м созвон с бухгалтерией", 90, "dev", "созвон с бухгалтерией", 13500, 300},
		{russian, locale.RU, "Acme 45мин dev", 45, "dev", "", 6750, 345},
	}
	week := ledger.WeekOf(w.today())
	for i, tt := range tests {
		got, raw := w.replyText(w.command(tt.user, "/hours", tt.text))
		p := w.cat.For(tt.lang)
		for _, want := range []string{
			p.Duration(tt.minutes) + " ", "*Acme* (" + tt.dept + ")", p.Date(w.today()),
			p.Money(tt.costMinor, "USD"),
			p.DateRange(week.From, week.To) + "): " + p.Duration(tt.weekMinutes) + ".",
		} {
			if !strings.Contains(got, want) {
				t.Fatalf("%s %q: reply %q lacks %q", tt.lang, tt.text, got, want)
			}
		}
		if !strings.Contains(raw, `"action_id":"hours.undo"`) {
			t.Fatalf("reply without an Undo button: %s", raw)
		}
		e := w.entries()[i]
		if e.Minutes != tt.minutes || e.Department != tt.dept || e.UserID != tt.user || e.Note != tt.note || !e.WorkedOn.Equal(w.today()) {
			t.Fatalf("%q stored as %+v", tt.text, e)
		}
	}
	if n, _ := w.db.UserClientMinutes(context.Background(), teamID, member, acme, week); n != 360 {
		t.Fatalf("member's week = %d minutes, want 360", n)
	}
	// The exact sentences for one case in each language.
	en, _ := w.replyText(w.command(member, "/hours", "Acme 30m dev"))
	if !strings.Contains(en, "Logged 30 min on *Acme* (dev) for ") || !strings.Contains(en, "Cost: $45 at $90 an hour.") {
		t.Errorf("en reply = %q", en)
	}
	ru, _ := w.replyText(w.command(russian, "/hours", "Acme 15м"))
	if !strings.Contains(ru, "Записано 15 мин по клиенту *Acme* (dev) за ") || !strings.Contains(ru, "Стоимость: 22,50\u00a0$ по ставке 90\u00a0$ в час.") {
		t.Errorf("ru reply = %q", ru)
	}
}

func TestHoursWithoutRateOrDepartment(t *testing.T) {
	w, acme := hoursWorld(t)
	got, _ := w.replyText(w.command(member, "/hours", "Acme 1h legal contract review"))
	if !strings.Contains(got, "*legal* has no hourly rate yet") || strings.Contains(got, "$") {
		t.Fatalf("unrated department reply = %q", got)
	}

	// No department named and no default: the modal opens prefilled.
	w.command(manager, "/hours", "Acme 1h30m")
	v := w.nthView(1)
	if v.callback != "hours.modal.new" || !strings.Contains(v.raw, `"initial_value":"1h30m"`) ||
		!strings.Contains(v.raw, "Which department?") || !strings.Contains(v.raw, `"value":"`+strconv.FormatInt(acme, 10)+`"}`) {
		t.Fatalf("hours modal not prefilled:\n%s", v.raw)
	}
	if n := len(w.entries()); n != 1 {
		t.Fatalf("entries = %d before the modal was submitted", n)
	}
	values := func(duration, dept string, day time.Time) map[string]map[string]any {
		return map[string]map[string]any{
			"client":     {"log.client": selected(strconv.FormatInt(acme, 10))},
			"duration":   {"hours.duration": typed(duration)},
			"department": {"hours.department": selected(dept)},
			"day":        {"log.day": picked(day)},
			"note":       {"hours.note": typed("")},
		}
	}
	ack := w.submit(manager, v, "V0HRS", "h1", values("1h30m", "support", w.today().AddDate(0, 0, 1)))
	if !strings.Contains(ack, `"day":"That day hasn't come yet`) {
		t.Fatalf("future day ack = %s", ack)
	}
	ack = w.submit(manager, v, "V0HRS", "h1", values("2x", "support", w.today()))
	if !strings.Contains(ack, `"duration":"I couldn't read “2x” as a duration. Try 90m, 1.5h, 1h30m or 1:30."`) {
		t.Fatalf("bad duration ack = %s", ack)
	}
	yesterday := w.today().AddDate(0, 0, -1)
	if ack := w.submit(manager, v, "V0HRS", "h1", values("1h30m", "dev", yesterday)); ack != "" {
		t.Fatalf("valid hours refused: %s", ack)
	}
	// A double click repeats the view id and hash.
	w.submit(manager, v, "V0HRS", "h1", values("1h30m", "dev", yesterday))
	reply := w.nthCall("chat.postEphemeral", 1)
	// Yesterday dev cost $60/h: the rate in force on the day worked.
	if !strings.Contains(reply.Params["text"], "Cost: $90 at $60 an hour.") || reply.Params["channel"] != channel {
		t.Fatalf("modal reply = %q to %s", reply.Params["text"], reply.Params["channel"])
	}
	w.afterRepeat("a double-clicked submit", func() int { return len(w.entries()) }, 2, "chat.postEphemeral", 1)
}

func TestHoursBadDurationIsExplainedInTheUsersLanguage(t *testing.T) {
	w, _ := hoursWorld(t)
	w.command(member, "/hours", "Acme 2x support")
	en := w.nthView(1)
	if !strings.Contains(en.raw, "I couldn't read “2x” as a duration. Try `90m`, `1.5h`, `1h30m` or `1:30`.") ||
		!strings.Contains(en.raw, `"initial_value":"2x"`) {
		t.Fatalf("en modal for a bad duration:\n%s", en.raw)
	}
	w.command(russian, "/hours", "Acme 2x")
	ru := w.nthView(2)
	if !strings.Contains(ru.raw, "Не понял «2x» как длительность. Попробуйте `90м`") {
		t.Fatalf("ru modal for a bad duration:\n%s", ru.raw)
	}
	w.command(russian, "/hours", "Acme 25ч")
	if v := w.nthView(3); !strings.Contains(v.raw, "от 1 минуты до 24 часов") {
		t.Fatalf("ru modal for 25h:\n%s", v.raw)
	}
	if n := len(w.entries()); n != 0 {
		t.Fatalf("a bad duration stored %d entries", n)
	}
	help, _ := w.replyText(w.command(member, "/hours", "help"))
	if !strings.Contains(help, "`1ч30м`") || !strings.Contains(help, "/hours [<client> <duration> [<department>] [<note>]]") {
		t.Fatalf("help = %q", help)
	}
}

func TestHoursUndoAndRedelivery(t *testing.T) {
	w, acme := hoursWorld(t)
	env := w.command(member, "/hours", "Acme 2h support")
	text, _ := w.replyText(env)
	if err := w.slack.Redeliver(env.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.slack.WaitAck(env.ID, ackBudget); err != nil {
		t.Fatal(err)
	}
	w.replyText(w.command(member, "/hours", "Acme 30m"))
	time.Sleep(300 * time.Millisecond)
	entries := w.entries()
	if len(entries) != 2 || len(w.slack.Calls("response_url")) != 2 {
		t.Fatalf("a redelivered /hours: %d entries, %d replies; want 2 and 2", len(entries), len(w.slack.Calls("response_url")))
	}
	id := strconv.FormatInt(entries[0].ID, 10)
	if !strings.Contains(text, "2 h") {
		t.Fatalf("reply = %q", text)
	}

	refusal, _ := w.replyText(w.click(russian, "hours.undo", id))
	if !strings.Contains(refusal, "Отменить эту запись может только тот, кто её сделал (<@"+member+">), или руководитель (<@"+manager+">).") {
		t.Fatalf("undo by someone else: %q", refusal)
	}
	undone, raw := w.replyText(w.click(member, "hours.undo", id))
	if !strings.HasPrefix(undone, "Undone: 2 h on *Acme*") || !strings.Contains(raw, `"replace_original":true`) {
		t.Fatalf("undo reply = %s", raw)
	}
	if !w.entries()[0].Undone || w.entries()[1].Undone {
		t.Fatalf("entries after undo: %+v", w.entries())
	}
	if n, _ := w.db.UserClientMinutes(context.Background(), teamID, member, acme, ledger.WeekOf(w.today())); n != 30 {
		t.Fatalf("week after undo = %d minutes, want 30", n)
	}
	again, _ := w.replyText(w.click(manager, "hours.undo", id))
	if again != "That entry was already undone." {
		t.Fatalf("second undo = %q", again)
	}
}
