package main

// A submission is saved, or the person is told: every modal submission is
// acked within Slack's 3 s whatever the database and Slack are doing, and
// when it then turns out not to be saved, the person hears so privately,
// in their language, with what they entered.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// openHoursModal runs a bare /hours and returns the modal Slack received.
func (w *faultWorld) openHoursModal(user string) map[string]any {
	w.t.Helper()
	before := len(okCalls(w.slack, "views.open"))
	w.command(user, "/hours", "")
	w.waitFor("the hours modal", func() bool { return len(okCalls(w.slack, "views.open")) > before })
	var view map[string]any
	if err := json.Unmarshal([]byte(okCalls(w.slack, "views.open")[before].Params["view"]), &view); err != nil {
		w.t.Fatal(err)
	}
	return view
}

// submitView sends the view back as Slack does on submit: the whole view
// (title, blocks, private_metadata) with its id, hash and state.
func (w *faultWorld) submitView(user string, view map[string]any, id string, values map[string]map[string]any) slacktest.Envelope {
	w.t.Helper()
	v := map[string]any{"id": id, "hash": id + "-hash", "team_id": teamID, "state": map[string]any{"values": values}}
	for k, x := range view {
		v[k] = x
	}
	env, err := w.slack.SendInteraction(map[string]any{
		"type": "view_submission",
		"team": map[string]any{"id": teamID},
		"user": map[string]any{"id": user, "team_id": teamID},
		"view": v,
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return env
}

func hoursValues(client, duration, dept, note string, day time.Time) map[string]map[string]any {
	return map[string]map[string]any{
		"client":     {"log.client": map[string]any{"type": "external_select", "selected_option": map[string]any{"value": client, "text": map[string]any{"type": "plain_text", "text": "Acme"}}}},
		"duration":   {"hours.duration": typed(duration)},
		"department": {"hours.department": selected(dept)},
		"day":        {"log.day": picked(day)},
		"note":       {"hours.note": typed(note)},
	}
}

// ephemeralTo waits for the n-th (1-based) ephemeral message to user.
func (w *faultWorld) ephemeralTo(user string, n int) slacktest.Call {
	w.t.Helper()
	var got []slacktest.Call
	w.waitFor("ephemeral #"+strconv.Itoa(n)+" to "+user, func() bool {
		got = got[:0]
		for _, c := range okCalls(w.slack, "chat.postEphemeral") {
			if c.Params["user"] == user {
				got = append(got, c)
			}
		}
		return len(got) >= n
	})
	return got[n-1]
}

func TestHoursSubmittedWhileTheDatabaseIsLockedIsAckedAndTold(t *testing.T) {
	// A statement timeout shorter than the default keeps the test quick;
	// the mechanism is the same.
	dsn := storagetest.URL(t) + "&statement_timeout=3s"
	w := startFaultWorld(t, newSlack(t), withEnv("DATABASE_URL", dsn))
	acme := strconv.FormatInt(w.clientID("Acme"), 10)
	today := time.Now().UTC().Truncate(24 * time.Hour)
	for i, tt := range []struct{ user, lang, note string }{
		{member, "en", "call about invoices & <scope>"},
		{russian, "ru", "созвон с бухгалтерией\nвторая строка"},
	} {
		view := w.openHoursModal(tt.user)
		// Another session holds time_entries, as a long migration or a
		// stuck transaction would.
		lock, err := w.db.X().Beginx()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := lock.Exec(`SET LOCAL statement_timeout = 0; LOCK TABLE time_entries IN ACCESS EXCLUSIVE MODE`); err != nil {
			t.Fatal(err)
		}
		id := "V0LOCKED" + strconv.Itoa(i)
		env := w.submitView(tt.user, view, id, hoursValues(acme, "1h30m", "support", tt.note, today))
		ack, err := w.slack.WaitAck(env.ID, ackBudget)
		if err != nil {
			t.Fatalf("%s: submission not acked within 3 s while the database is locked: %v\n%s", tt.lang, err, w.logs.tail(3000))
		}
		if ack.Latency >= ackBudget || len(ack.Payload) != 0 {
			t.Errorf("%s: ack after %s with %s", tt.lang, ack.Latency, ack.Payload)
		}
		told := w.ephemeralTo(tt.user, 1)
		_ = lock.Rollback()
		text := told.Params["text"]
		p := w.cat.For(tt.lang)
		title := view["title"].(map[string]any)["text"].(string)
		for _, want := range []string{
			p.T("submission.about", map[string]any{"Form": title}), p.T("error.db_unavailable"), p.T("submission.retry"),
			p.T("submission.entered"), ">1h30m", ">Acme", ">support", ">" + p.Date(today),
			">" + strings.ReplaceAll(strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(tt.note), "\n", "\n>"),
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the person was told %q\nwhich lacks %q", tt.lang, text, want)
			}
		}
		if told.Params["channel"] != channel {
			t.Errorf("%s: told in %s, want the channel the modal came from", tt.lang, told.Params["channel"])
		}
		if n := w.notes(tt.note)[tt.note]; n != 0 {
			t.Fatalf("%s: %d entries stored by a submission that was reported unsaved", tt.lang, n)
		}
		// Submitting again, as told, now saves it.
		w.submitView(tt.user, view, id+"again", hoursValues(acme, "1h30m", "support", tt.note, today))
		w.waitFor("the retried entry", func() bool { return w.notes(tt.note)[tt.note] == 1 })
	}
}

// users.info is called before the handler runs (for the person's
// language); a slow one must not push the ack past 3 s.
func TestHoursSubmittedWhileUsersInfoIsSlowIsAckedInTime(t *testing.T) {
	w := startFaultWorld(t, newSlack(t))
	view := w.openHoursModal(member)
	w.slack.Delay("users.info", 4*time.Second)
	// The manager's language is not cached yet, so users.info is asked.
	env := w.submitView(manager, view, "V0SLOW", hoursValues(strconv.FormatInt(w.clientID("Acme"), 10), "45m", "dev", "slow directory", time.Now().UTC()))
	ack, err := w.slack.WaitAck(env.ID, ackBudget)
	if err != nil {
		t.Fatalf("submission not acked within 3 s while users.info is slow: %v", err)
	}
	if ack.Latency >= ackBudget || len(ack.Payload) != 0 {
		t.Errorf("ack after %s with %s", ack.Latency, ack.Payload)
	}
	told := w.ephemeralTo(manager, 1)
	if !strings.Contains(told.Params["text"], "45 min") || w.notes("slow directory")["slow directory"] != 1 {
		t.Errorf("after a slow users.info: told %q, entries %v", told.Params["text"], w.notes("slow"))
	}
}

// A NUL byte or a control character in what someone types is refused with
// the problem named, in their language, beside the field in a modal; nothing
// is stored (PostgreSQL would refuse a NUL anyway, with a bare apology).
func TestNulAndControlCharactersAreRefusedByName(t *testing.T) {
	w := startFaultWorld(t, newSlack(t))
	en, ru := w.cat.For("en"), w.cat.For("ru")
	got := w.reply(w.command(member, "/hours", "Acme 30m support note\x00here"))
	if want := en.T("input.nul", map[string]any{"Position": 22, "Code": "U+0000"}); !strings.Contains(got, jsonText(want)) {
		t.Errorf("/hours with NUL: %s\nwant %q", got, want)
	}
	got = w.reply(w.command(russian, "/incident", "Acme late \x1b[31mпросрочка"))
	if want := ru.T("input.control", map[string]any{"Position": 11, "Code": "U+001B"}); !strings.Contains(got, jsonText(want)) {
		t.Errorf("/incident with ESC: %s\nwant %q", got, want)
	}
	view := w.openHoursModal(member)
	env := w.submitView(member, view, "V0NUL", hoursValues(strconv.FormatInt(w.clientID("Acme"), 10), "30m", "support", "a\x00b", time.Now().UTC()))
	ack, err := w.slack.WaitAck(env.ID, ackBudget)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"errors":{"note":"` + jsonText(en.T("input.nul", map[string]any{"Position": 2, "Code": "U+0000"})); !strings.Contains(string(ack.Payload), want) {
		t.Errorf("hours modal with NUL: ack %s, want %s", ack.Payload, want)
	}
	time.Sleep(200 * time.Millisecond)
	var n int
	if err := w.db.X().Get(&n, `SELECT (SELECT count(*) FROM time_entries) + (SELECT count(*) FROM incidents)`); err != nil || n != 0 {
		t.Errorf("%d rows stored from refused input (%v)", n, err)
	}
}

// jsonText is s as it appears inside a JSON string.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// A commit whose answer was lost is never reported as "nothing was saved".
func TestExplainerSaysWhetherItWasSaved(t *testing.T) {
	cat := mustCatalog(t)
	explain := explainer(cat)
	for _, tt := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("saving hours: %w", storage.ErrUnavailable), "error.db_unavailable"},
		{fmt.Errorf("committing transaction: %w: %w", storage.ErrOutcomeUnknown, errors.New("connection reset")), "submission.outcome_unknown"},
	} {
		for _, lang := range []string{"en", "ru"} {
			if got, ok := explain(tt.err, lang); !ok || got != cat.For(lang).T(tt.want) {
				t.Errorf("%s: explain(%v) = %q, %v; want %s", lang, tt.err, got, ok, tt.want)
			}
		}
	}
	if _, ok := explain(errors.New("a bug"), "en"); ok {
		t.Error("an unexpected error was explained instead of apologised for")
	}
}

// The pulse, submitted while its answers table is locked: acked in time,
// and the person alone is told, with their own answers and nothing that
// ties them to the pulse (no view, envelope or user id), and no log line
// pairs them with it.
func TestPulseSubmittedWhileTheDatabaseIsLockedEchoesOnlyTheAnswers(t *testing.T) {
	dsn := storagetest.URL(t) + "&statement_timeout=3s"
	w := startStrainWorld(t, newStrainSlack(t), withEnv("DATABASE_URL", dsn))
	acme, globex := w.client("Acme"), w.client("Globex")
	if err := w.jobApp().job(t, schedule.PulseJob).Run(context.Background(), nextFirstMonday(w.loc)); err != nil {
		t.Fatal(err)
	}
	var pulseID int64
	var ts string
	if err := w.db.X().QueryRow(`SELECT id, message_ts FROM strain_pulses`).Scan(&pulseID, &ts); err != nil {
		t.Fatal(err)
	}
	w.press(member, dialogs.ActionPulseOpen, strconv.FormatInt(pulseID, 10), ts)
	var view map[string]any
	if err := json.Unmarshal([]byte(w.nthCall("views.open", 1).Params["view"]), &view); err != nil {
		t.Fatal(err)
	}
	lock, err := w.db.X().Beginx()
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Rollback()
	if _, err := lock.Exec(`SET LOCAL statement_timeout = 0; LOCK TABLE strain_pulse_answers IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	v := map[string]any{"id": "V0PULSELOCKED", "hash": "h1", "team_id": teamID,
		"state": map[string]any{"values": pulseStates(map[int64]int{acme: 4, globex: 2})}}
	for k, x := range view {
		v[k] = x
	}
	env, err := w.slack.SendInteraction(map[string]any{"type": "view_submission", "team": map[string]any{"id": teamID},
		"user": map[string]any{"id": member, "team_id": teamID}, "view": v})
	if err != nil {
		t.Fatal(err)
	}
	if ack, err := w.slack.WaitAck(env.ID, ackBudget); err != nil || ack.Latency >= ackBudget || len(ack.Payload) != 0 {
		t.Fatalf("pulse submission while locked: ack %+v, %v", ack, err)
	}
	p := w.cat.For("en")
	var told slacktest.Call
	w.waitFor("the person told", func() bool {
		for _, m := range []string{"chat.postEphemeral", "chat.postMessage"} {
			for _, c := range okCalls(w.slack, m) {
				if strings.Contains(c.Params["text"], p.T("error.db_unavailable")) {
					told = c
					return true
				}
			}
		}
		return false
	})
	_ = lock.Rollback()
	text := told.Params["text"]
	for _, want := range []string{"*Acme*\n>4", "*Globex*\n>2", p.T("submission.retry")} {
		if !strings.Contains(text, want) {
			t.Errorf("told %q\nwhich lacks %q", text, want)
		}
	}
	for _, id := range []string{"V0PULSELOCKED", env.ID, member, strconv.FormatInt(pulseID, 10), ts} {
		if strings.Contains(text, id) {
			t.Errorf("told %q\nwhich carries %q", text, id)
		}
	}
	if told.Params["user"] != "" && told.Params["user"] != member || told.Method == "chat.postMessage" && !strings.HasPrefix(told.Params["channel"], "D") {
		t.Errorf("told through %s to %v", told.Method, told.Params)
	}
	for _, line := range strings.Split(w.logs.String(), "\n") {
		if strings.Contains(line, member) && strings.Contains(line, dialogs.CallbackPulsePage) {
			t.Errorf("a log line pairs the person with the pulse: %s", line)
		}
	}
}
