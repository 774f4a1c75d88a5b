package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// Strain polls and the monthly pulse, end to end: the real bot, the Slack
// test server and a fresh database.

// More people to answer polls; the seeder creates the clients and never
// answers, so its id is the only one the ledger tables hold.
const (
	alice  = "U0ALICE"
	boris  = "U0BORIS"
	seeder = "U0SEEDER"
)

func newStrainSlack(t *testing.T) *slacktest.Server {
	t.Helper()
	srv, err := slacktest.New(slacktest.Options{
		AppToken: appToken, BotToken: botToken,
		Users: map[string]slacktest.User{
			manager: {ID: manager, TeamID: teamID, Name: "maria", Locale: "en-US", TZ: "Europe/London"},
			member:  {ID: member, TeamID: teamID, Name: "max", Locale: "en-GB", TZ: "Europe/London"},
			russian: {ID: russian, TeamID: teamID, Name: "olga", Locale: "ru-RU", TZ: "Europe/Moscow"},
			alice:   {ID: alice, TeamID: teamID, Name: "alice", Locale: "en-US", TZ: "America/New_York"},
			boris:   {ID: boris, TeamID: teamID, Name: "boris", Locale: "ru-RU", TZ: "Europe/Moscow"},
		},
	})
	if err != nil {
		t.Fatalf("starting the Slack test server: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

type strainWorld struct {
	*logWorld
}

func startStrainWorld(t *testing.T, srv *slacktest.Server, opts ...harnessOption) *strainWorld {
	t.Helper()
	h := startBot(t, srv, append([]harnessOption{withEnv("TZ", logZone)}, opts...)...)
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation(logZone)
	return &strainWorld{&logWorld{harness: h, db: openDB(t, h.env["DATABASE_URL"]), cat: cat, loc: loc}}
}

func (w *strainWorld) client(name string) int64 {
	w.t.Helper()
	var id int64
	if err := w.db.X().Get(&id, `INSERT INTO clients (team_id, name, created_by) VALUES ($1, $2, $3) RETURNING id`, teamID, name, seeder); err != nil {
		w.t.Fatalf("adding client %s: %v", name, err)
	}
	return id
}

// polled is a poll the bot posted.
type polled struct {
	id     int64
	ts     string
	blocks string // as posted
	reply  string // what the poster was told
}

// postPoll runs /strain and returns the poll with its posted message.
func (w *strainWorld) postPoll(user, client string) polled {
	w.t.Helper()
	before := len(okCalls(w.slack, "chat.postMessage"))
	reply := w.say(user, "/strain", client)
	w.waitFor("the poll's message", func() bool { return len(okCalls(w.slack, "chat.postMessage")) > before })
	post := okCalls(w.slack, "chat.postMessage")[before]
	var p polled
	if err := w.db.X().QueryRow(`SELECT id, COALESCE(message_ts, '') FROM strain_polls ORDER BY id DESC LIMIT 1`).Scan(&p.id, &p.ts); err != nil {
		w.t.Fatalf("no poll stored: %v\nlogs:\n%s", err, w.logs.tail(3000))
	}
	if post.Params["channel"] != channel || !strings.Contains(post.Params["blocks"], `"value":"`+dialogs.VoteValue(p.id, 1)+`"`) {
		w.t.Fatalf("the post is not poll %d's: %v", p.id, post.Params)
	}
	p.blocks, p.reply = post.Params["blocks"], reply
	return p
}

// actionOf finds the action_id of the button with value in posted blocks.
func actionOf(t *testing.T, blocks, value string) string {
	t.Helper()
	var bs []struct {
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal([]byte(blocks), &bs); err != nil {
		t.Fatal(err)
	}
	for _, b := range bs {
		for _, e := range b.Elements {
			if e.Value == value {
				return e.ActionID
			}
		}
	}
	t.Fatalf("no button with value %q in %s", value, blocks)
	return ""
}

// press clicks a button on a channel message.
func (w *strainWorld) press(user, actionID, value, ts string) slacktest.Envelope {
	w.t.Helper()
	env, err := w.slack.SendInteraction(map[string]any{
		"type":      "block_actions",
		"team":      map[string]any{"id": teamID},
		"user":      map[string]any{"id": user, "team_id": teamID},
		"channel":   map[string]any{"id": channel},
		"container": map[string]any{"type": "message", "message_ts": ts, "channel_id": channel},
		"message":   map[string]any{"type": "message", "ts": ts},
		"actions": []any{map[string]any{
			"type": "button", "action_id": actionID, "block_id": "b", "value": value, "action_ts": "1700000001.000100",
		}},
	})
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.slack.WaitAck(env.ID, ackBudget); err != nil {
		w.t.Fatalf("click not acked: %v", err)
	}
	return env
}

// answerText is the private answer to a click.
func (w *strainWorld) answerText(env slacktest.Envelope) string {
	w.t.Helper()
	var m struct{ Text string }
	raw := w.reply(env)
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		w.t.Fatalf("answer is not JSON: %s", raw)
	}
	return m.Text
}

// vote presses a score and returns the voter's confirmation.
func (w *strainWorld) vote(user string, p polled, score int) string {
	w.t.Helper()
	v := dialogs.VoteValue(p.id, score)
	return w.answerText(w.press(user, actionOf(w.t, p.blocks, v), v, p.ts))
}

// updates are the chat.update calls of a message, in order.
func (w *strainWorld) updates(ts string) []string {
	var out []string
	for _, c := range okCalls(w.slack, "chat.update") {
		if c.Params["ts"] == ts {
			out = append(out, c.Params["blocks"])
		}
	}
	return out
}

// waitUpdate waits for an update of the message showing want. Votes in
// quick succession may share one update (the bot coalesces them), so tests
// wait for what a message shows, not for a number of updates.
func (w *strainWorld) waitUpdate(ts, want string) string {
	w.t.Helper()
	var got string
	w.waitFor(fmt.Sprintf("an update of %s showing %q", ts, want), func() bool {
		for _, u := range w.updates(ts) {
			if strings.Contains(u, want) {
				got = u
				return true
			}
		}
		return false
	})
	return got
}

// closedUpdates are the updates showing a closed poll.
func closedUpdates(ups []string) []string {
	var out []string
	for _, u := range ups {
		if strings.Contains(u, "Closed: how much") || strings.Contains(u, "Опрос закрыт") {
			out = append(out, u)
		}
	}
	return out
}

// jobApp is a second set of the bot's scheduled jobs on the same database
// and Slack server, built as serve builds them, for tests to run with a
// chosen now. Its log lines go to the harness's log.
func (w *strainWorld) jobApp() *app {
	w.t.Helper()
	// Job apps run the pulse by hand on a first Monday: they keep the
	// default PULSE_SCHEDULE the harness turns off for running bots.
	cfg, err := loadConfig(func(k string) string {
		if k == "PULSE_SCHEDULE" {
			return ""
		}
		return w.env[k]
	}, true)
	if err != nil {
		w.t.Fatal(err)
	}
	secret, err := cfg.secret()
	if err != nil {
		w.t.Fatal(err)
	}
	log := slog.New(slog.NewJSONHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	api := bot.NewClient(bot.ClientConfig{BotToken: cfg.BotToken, AppToken: cfg.AppToken, APIURL: cfg.APIURL})
	a := &app{cfg: cfg, db: openDB(w.t, cfg.DatabaseURL), cat: w.cat, log: log, api: api, teamID: teamID, secret: secret,
		people: bot.NewPeople(api, cfg.DefaultLocale, cfg.Managers)}
	a.dialogs = dialogs.New(dialogs.Deps{DB: a.db, Catalog: w.cat, Currency: cfg.Currency, Location: cfg.Location, Log: log, Secret: secret,
		PollHours: cfg.StrainPollHours})
	return a
}

func (a *app) job(t *testing.T, name string) schedule.Job {
	t.Helper()
	for _, j := range a.pollJobs() {
		if j.job.Name() == name {
			return j.job
		}
	}
	t.Fatalf("no %s job", name)
	return nil
}

func (w *strainWorld) closesAt(poll int64) time.Time {
	w.t.Helper()
	var at time.Time
	if err := w.db.X().Get(&at, `SELECT closes_at FROM strain_polls WHERE id = $1`, poll); err != nil {
		w.t.Fatal(err)
	}
	return at
}

func TestStrainPollVotesLiveResultAndCloseButton(t *testing.T) {
	w := startStrainWorld(t, newStrainSlack(t))
	w.client("Acme")

	w.expect(member, "/strain", "", "/strain <client>", "managers included", "72 hours", "/strain Acme")
	w.expect(member, "/strain", "Acmy", "Acme") // a typo gets the closest name
	p := w.postPoll(member, "acme")
	if !strings.Contains(p.reply, "Your poll about *Acme* is posted") || !strings.Contains(p.reply, "(Europe/Moscow)") {
		t.Errorf("poster told: %s", p.reply)
	}
	if !strings.Contains(p.blocks, "How much does working with Acme strain you?") || !strings.Contains(p.blocks, "0 answers so far") ||
		strings.Contains(p.blocks, "▇") {
		t.Errorf("posted poll: %s", p.blocks)
	}
	for s := 1; s <= 5; s++ {
		id := actionOf(t, p.blocks, dialogs.VoteValue(p.id, s))
		if strings.HasSuffix(id, strconv.Itoa(s)) && strings.Count(id, ".") == 2 && len(id) < 16 {
			t.Errorf("score %d's action_id %q gives the score away", s, id)
		}
	}

	// Votes, one changed; the message shows only the count below 3 answers.
	closes := w.closesAt(p.id).In(w.loc).Format("15:04")
	if got := w.vote(manager, p, 4); !strings.Contains(got, "Your answer *4* (a lot) is recorded anonymously") || !strings.Contains(got, closes+" (Europe/Moscow)") {
		t.Errorf("manager's confirmation: %s", got)
	}
	if u := w.waitUpdate(p.ts, "1 answer so far"); strings.Contains(u, "▇") || strings.Contains(u, "Average") {
		t.Errorf("after 1 answer the message shows: %s", u)
	}
	w.vote(member, p, 2)
	if got := w.vote(manager, p, 5); !strings.Contains(got, "*5* (very much)") {
		t.Errorf("changed vote's confirmation: %s", got)
	}
	w.waitUpdate(p.ts, "2 answers so far")
	if got := w.vote(russian, p, 3); !strings.Contains(got, "Ваш ответ *3* (заметно) записан анонимно") {
		t.Errorf("Russian voter's confirmation: %s", got)
	}
	if u := w.waitUpdate(p.ts, "3 answers so far"); !strings.Contains(u, "Average *3.3* out of 5") || !strings.Contains(u, "▇") {
		t.Errorf("at 3 answers (5, 2, 3) the message shows: %s", u)
	}
	for _, u := range w.updates(p.ts) {
		if (strings.Contains(u, "1 answer so far") || strings.Contains(u, "2 answers so far")) && (strings.Contains(u, "▇") || strings.Contains(u, "Average")) {
			t.Errorf("an update below 3 answers shows the result: %s", u)
		}
	}

	// Say why: a comment in a modal, kept without a name.
	env := w.press(alice, dialogs.ActionPollWhy, strconv.FormatInt(p.id, 10), p.ts)
	_ = env
	v := w.nthView(1)
	if v.callback != dialogs.CallbackPollComment {
		t.Fatalf("opened %s", v.callback)
	}
	ack := w.submit(alice, v, "V0WHY", "h1", map[string]map[string]any{dialogs.BlockPollComment: {dialogs.ActionPollComment: typed("  ")}})
	if !strings.Contains(ack, `"response_action":"errors"`) {
		t.Errorf("an empty comment was taken: %s", ack)
	}
	if ack := w.submit(alice, v, "V0WHY", "h2", map[string]map[string]any{dialogs.BlockPollComment: {dialogs.ActionPollComment: typed("They call after midnight")}}); ack != "" {
		t.Errorf("comment ack = %s", ack)
	}
	eph := w.nthCall("chat.postEphemeral", 1)
	if !strings.Contains(eph.Params["text"], "comment is saved anonymously") {
		t.Errorf("commenter told: %v", eph.Params)
	}

	// Close: refused to a member who didn't start it, done by the creator.
	if got := w.answerText(w.press(russian, dialogs.ActionPollClose, strconv.FormatInt(p.id, 10), p.ts)); !strings.Contains(got, "Досрочно закрыть опрос может только") || !strings.Contains(got, "<@"+manager+">") {
		t.Errorf("non-creator's close: %s", got)
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(closedUpdates(w.updates(p.ts))); n != 0 {
		t.Fatalf("a refused close changed the message")
	}
	w.press(member, dialogs.ActionPollClose, strconv.FormatInt(p.id, 10), p.ts)
	w.waitFor("the closed message", func() bool { return len(closedUpdates(w.updates(p.ts))) == 1 })
	final := closedUpdates(w.updates(p.ts))[0]
	for _, want := range []string{"Final result: *3.3* out of 5, from 3 answers", "▇", "They call after midnight"} {
		if !strings.Contains(final, want) {
			t.Errorf("closed message lacks %q: %s", want, final)
		}
	}
	if strings.Contains(final, `"type":"button"`) {
		t.Errorf("closed message still has buttons: %s", final)
	}

	// Late clicks are refused politely; nothing changes.
	if got := w.vote(boris, p, 1); !strings.Contains(got, "опрос уже закрыт") {
		t.Errorf("late vote answered: %s", got)
	}
	if got := w.answerText(w.press(manager, dialogs.ActionPollClose, strconv.FormatInt(p.id, 10), p.ts)); !strings.Contains(got, "already closed") {
		t.Errorf("late close answered: %s", got)
	}
	var votes int
	_ = w.db.X().Get(&votes, `SELECT count(*) FROM strain_votes WHERE poll_id = $1`, p.id)
	if votes != 3 {
		t.Errorf("%d votes stored, want 3", votes)
	}

	// The result reaches the card and the list.
	w.expect(manager, "/client", "show Acme", "Latest strain", "3.3 out of 5, 3 answers")
	w.expect(member, "/client", "list", "strain 3.3/5")
}

func TestStrainPollClosesByTimeAndByManager(t *testing.T) {
	w := startStrainWorld(t, newStrainSlack(t))
	w.client("Acme")
	w.client("Globex")
	jobs := w.jobApp()

	// A manager may close someone else's poll.
	a := w.postPoll(member, "Acme")
	w.vote(alice, a, 2)
	w.press(manager, dialogs.ActionPollClose, strconv.FormatInt(a.id, 10), a.ts)
	w.waitFor("the closed message", func() bool { return len(closedUpdates(w.updates(a.ts))) == 1 })
	if got := closedUpdates(w.updates(a.ts))[0]; !strings.Contains(got, "Closed with 1 answer: fewer than 3, so no result is shown") {
		t.Errorf("closed with 1 answer: %s", got)
	}

	// Time runs out: the close job closes the poll, once.
	g := w.postPoll(russian, "Globex")
	w.vote(manager, g, 5)
	w.vote(alice, g, 4)
	w.waitUpdate(g.ts, "2 ответа")
	closeJob := jobs.job(t, "strain-close")
	if err := closeJob.Run(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := len(closedUpdates(w.updates(g.ts))); n != 0 {
		t.Fatal("the close job closed a poll before its time")
	}
	after := w.closesAt(g.id).Add(time.Minute).In(w.loc)
	for range 2 {
		if err := closeJob.Run(context.Background(), after); err != nil {
			t.Fatal(err)
		}
	}
	closed := closedUpdates(w.updates(g.ts))
	if len(closed) != 1 || !strings.Contains(closed[0], "Опрос закрыт, 2 ответа — меньше трёх") {
		t.Fatalf("closed by time: %q", closed)
	}
	var votes int
	_ = w.db.X().Get(&votes, `SELECT count(*) FROM strain_votes WHERE poll_id = $1`, g.id)
	if votes != 0 {
		t.Errorf("%d answers kept of a poll that will never show them", votes)
	}
	if got := w.vote(boris, g, 3); !strings.Contains(got, "опрос уже закрыт") {
		t.Errorf("late vote: %s", got)
	}
	w.expect(manager, "/client", "show Globex") // no result to show, and no error
	if got := w.say(manager, "/client", "show Globex"); strings.Contains(got, "Latest strain") {
		t.Errorf("a poll with 2 answers reached the card: %s", got)
	}
}

// nextFirstMonday is the first Monday of a month at 10:00 in loc, after now.
func nextFirstMonday(loc *time.Location) time.Time {
	d := time.Now().In(loc)
	for m := time.Date(d.Year(), d.Month(), 1, 10, 0, 0, 0, loc); ; m = m.AddDate(0, 1, 0) {
		for day := m; day.Day() <= 7; day = day.AddDate(0, 0, 1) {
			if day.Weekday() == time.Monday && day.After(time.Now()) {
				return day
			}
		}
	}
}

// pulseStates fills a pulse page: score per client id, the rest skipped.
func pulseStates(scores map[int64]int) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, s := range scores {
		out["client:"+strconv.FormatInt(id, 10)] = map[string]any{dialogs.ActionPulseScore: selected(strconv.Itoa(s))}
	}
	return out
}

// pulseView reads the view of the pulse modal (views.open or an ack's update).
func pulseMeta(t *testing.T, viewJSON string) (openedView, dialogs.StrainMeta) {
	t.Helper()
	v := parseView(t, viewJSON)
	m, err := dialogs.ParseStrainMeta(v.metadata)
	if err != nil {
		t.Fatalf("pulse view metadata: %v", err)
	}
	return v, m
}

// ratePulse answers the pulse as user: opens the form, fills each page
// from scores and submits until the thanks. It returns how many pages the
// form had.
func (w *strainWorld) ratePulse(user string, pulseID int64, ts string, scores map[int64]int, viewN *int) int {
	w.t.Helper()
	w.press(user, dialogs.ActionPulseOpen, strconv.FormatInt(pulseID, 10), ts)
	*viewN++
	c := w.nthCall("views.open", *viewN)
	viewJSON := c.Params["view"]
	viewID := fmt.Sprintf("V0PULSE%d", *viewN)
	for page := 1; ; page++ {
		v, meta := pulseMeta(w.t, viewJSON)
		pageScores := map[int64]int{}
		for _, id := range meta.Clients {
			if s, ok := scores[id]; ok {
				pageScores[id] = s
			}
		}
		ack := w.submit(user, v, viewID, "h"+strconv.Itoa(page), pulseStates(pageScores))
		var resp struct {
			Action string          `json:"response_action"`
			View   json.RawMessage `json:"view"`
		}
		if err := json.Unmarshal([]byte(ack), &resp); err != nil || resp.Action != "update" {
			w.t.Fatalf("pulse page %d ack = %s", page, ack)
		}
		if !strings.Contains(string(resp.View), dialogs.CallbackPulsePage) {
			if !strings.Contains(string(resp.View), "recorded anonymously") && !strings.Contains(string(resp.View), "записаны анонимно") {
				w.t.Fatalf("pulse ended with %s", resp.View)
			}
			return page
		}
		if page > 5 {
			w.t.Fatal("the pulse form never ends")
		}
		viewJSON = string(resp.View)
	}
}

func TestStrainPulseFeedsTheCard(t *testing.T) {
	w := startStrainWorld(t, newStrainSlack(t))
	acme := w.client("Acme")
	// More clients than one page holds: the form goes on with "Next".
	var zeta int64
	for i := range 30 {
		id := w.client(fmt.Sprintf("Client %02d", i))
		if i == 29 {
			zeta = id
		}
	}
	jobs := w.jobApp()

	// An earlier poll about Acme, for the trend: 2.0.
	p := w.postPoll(manager, "Acme")
	for _, u := range []string{alice, boris, member} {
		w.vote(u, p, 2)
	}
	w.press(manager, dialogs.ActionPollClose, strconv.FormatInt(p.id, 10), p.ts)
	w.waitFor("the poll's close", func() bool { return len(closedUpdates(w.updates(p.ts))) == 1 })

	// The pulse job on the first Monday, and on a Monday that isn't.
	first := nextFirstMonday(w.loc)
	pulse := jobs.job(t, schedule.PulseJob)
	posts := len(okCalls(w.slack, "chat.postMessage"))
	if err := pulse.Run(context.Background(), first.AddDate(0, 0, 7)); err != nil {
		t.Fatal(err)
	}
	if err := pulse.Run(context.Background(), first.AddDate(0, 0, -1)); err != nil { // a Sunday among days 1–7, or last month
		t.Fatal(err)
	}
	if len(okCalls(w.slack, "chat.postMessage")) != posts {
		t.Fatal("the pulse was posted on a day that isn't the first Monday")
	}
	if err := pulse.Run(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	post := w.nthCall("chat.postMessage", posts+1)
	if post.Params["channel"] != channel || !strings.Contains(post.Params["blocks"], "Rate our clients") {
		t.Fatalf("pulse post: %v", post.Params)
	}
	var pulseID int64
	var ts string
	if err := w.db.X().QueryRow(`SELECT id, message_ts FROM strain_pulses`).Scan(&pulseID, &ts); err != nil {
		t.Fatal(err)
	}

	views := 0
	if pages := w.ratePulse(manager, pulseID, ts, map[int64]int{acme: 4, zeta: 5}, &views); pages != 2 {
		t.Errorf("31 clients took %d pages, want 2", pages)
	}
	w.ratePulse(member, pulseID, ts, map[int64]int{acme: 5}, &views)
	w.ratePulse(russian, pulseID, ts, map[int64]int{acme: 3, zeta: 1}, &views)
	// The member thinks again: Acme 2 now. Acme: 4, 2, 3.
	w.ratePulse(member, pulseID, ts, map[int64]int{acme: 2}, &views)
	if !strings.Contains(w.nthCall("views.open", views).Params["view"], "You answered this pulse before") {
		t.Error("the form does not say a new answer replaces the old one")
	}
	var answers int
	_ = w.db.X().Get(&answers, `SELECT count(*) FROM strain_pulse_answers WHERE client_id = $1`, acme)
	if answers != 3 {
		t.Fatalf("%d answers about Acme, want 3", answers)
	}

	// Closing time: the results replace the button.
	var closes time.Time
	_ = w.db.X().Get(&closes, `SELECT closes_at FROM strain_pulses WHERE id = $1`, pulseID)
	if err := jobs.job(t, "strain-close").Run(context.Background(), closes.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	ups := w.updates(ts)
	if len(ups) != 1 || !strings.Contains(ups[0], "*Acme*: 3.0, 3 answers") || strings.Contains(ups[0], "Client 29") ||
		strings.Contains(ups[0], `"type":"button"`) {
		t.Fatalf("closed pulse: %q", ups)
	}
	if got := w.answerText(w.press(alice, dialogs.ActionPulseOpen, strconv.FormatInt(pulseID, 10), ts)); !strings.Contains(got, "This pulse is closed") {
		t.Errorf("late pulse click: %s", got)
	}

	w.expect(manager, "/client", "show Acme", "3.0 out of 5, 3 answers", "up from 2.0")
	w.expect(member, "/client", "list", "strain 3.0/5 ↑")
	if got := w.say(manager, "/client", "show Client 29"); strings.Contains(got, "Latest strain") {
		t.Errorf("a client with 2 pulse answers got a score: %s", got)
	}
}

// dumpDatabase is every row of every table, all columns as text.
func dumpDatabase(t *testing.T, db *storage.DB) map[string][]string {
	t.Helper()
	var cols []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
	}
	err := db.X().Select(&cols, `
SELECT c.table_name, c.column_name FROM information_schema.columns c
JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		t.Fatal(err)
	}
	byTable := map[string][]string{}
	var order []string
	for _, c := range cols {
		if _, ok := byTable[c.Table]; !ok {
			order = append(order, c.Table)
		}
		byTable[c.Table] = append(byTable[c.Table], c.Column)
	}
	out := map[string][]string{}
	for _, table := range order {
		names := byTable[table]
		exprs := make([]string, len(names))
		for i, n := range names {
			exprs[i] = fmt.Sprintf("%q::text", n)
		}
		rows, err := db.X().Query(fmt.Sprintf("SELECT %s FROM %q", strings.Join(exprs, ", "), table))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			vals := make([]sql.NullString, len(names))
			ptrs := make([]any, len(names))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			parts := make([]string, len(names))
			for i, n := range names {
				parts[i] = n + "=" + vals[i].String
			}
			out[table] = append(out[table], strings.Join(parts, " "))
		}
		rows.Close()
		if _, ok := out[table]; !ok {
			out[table] = nil
		}
	}
	return out
}

// findIDs lists where in the dump any of ids occurs.
func findIDs(dump map[string][]string, ids ...string) []string {
	var hits []string
	for table, rows := range dump {
		for _, row := range rows {
			for _, id := range ids {
				if strings.Contains(row, id) {
					hits = append(hits, table+": "+row)
				}
			}
		}
	}
	return hits
}

// No table and no log line ties a person to an answer: voters' ids are
// stored nowhere, the creator's only on the open poll (for Close), and no
// log line written during the poll names anyone who answered.
func TestStrainNothingTiesPeopleToAnswers(t *testing.T) {
	w := startStrainWorld(t, newStrainSlack(t))
	acme := w.client("Acme")
	w.client("Globex")
	jobs := w.jobApp()
	logStart := len(w.logs.String())

	p := w.postPoll(member, "Acme") // the creator votes too
	voters := []string{manager, member, russian, alice, boris}
	for i, u := range voters {
		w.vote(u, p, 1+i%5)
	}
	w.vote(alice, p, 5) // a changed vote
	w.press(boris, dialogs.ActionPollWhy, strconv.FormatInt(p.id, 10), p.ts)
	w.submit(boris, w.nthView(1), "V0WHY", "h1", map[string]map[string]any{dialogs.BlockPollComment: {dialogs.ActionPollComment: typed("Мы для них всегда виноваты")}})
	w.nthCall("chat.postEphemeral", 1)
	w.waitUpdate(p.ts, "5 answers so far")

	open := dumpDatabase(t, w.db)
	if _, ok := open["strain_votes"]; !ok {
		t.Fatalf("the dump misses the votes table: %v", open)
	}
	if len(open["strain_votes"]) != len(voters) || len(open["strain_comments"]) != 1 {
		t.Fatalf("votes %d, comments %d", len(open["strain_votes"]), len(open["strain_comments"]))
	}
	if hits := findIDs(open, manager, russian, alice, boris); len(hits) > 0 {
		t.Errorf("voters' ids are stored:\n%s", strings.Join(hits, "\n"))
	}
	for _, hit := range findIDs(open, member) {
		if !strings.HasPrefix(hit, "strain_polls: ") || !strings.Contains(hit, "created_by="+member) {
			t.Errorf("the creator's id is stored beyond the poll's created_by: %s", hit)
		}
	}
	for _, table := range []string{"strain_votes", "strain_comments", "strain_pulse_answers"} {
		for _, row := range open[table] {
			if strings.Contains(row, "U0") {
				t.Errorf("%s holds a user id: %s", table, row)
			}
		}
	}

	w.press(manager, dialogs.ActionPollClose, strconv.FormatInt(p.id, 10), p.ts)
	w.waitFor("the close", func() bool { return len(closedUpdates(w.updates(p.ts))) == 1 })

	// The pulse, answered by everyone.
	if err := jobs.job(t, schedule.PulseJob).Run(context.Background(), nextFirstMonday(w.loc)); err != nil {
		t.Fatal(err)
	}
	var pulseID int64
	var ts string
	w.waitFor("the pulse", func() bool {
		return w.db.X().QueryRow(`SELECT id, message_ts FROM strain_pulses WHERE message_ts IS NOT NULL`).Scan(&pulseID, &ts) == nil
	})
	views := 1
	for i, u := range voters {
		w.ratePulse(u, pulseID, ts, map[int64]int{acme: 1 + i%5}, &views)
	}

	closed := dumpDatabase(t, w.db)
	if hits := findIDs(closed, voters...); len(hits) > 0 {
		t.Errorf("people's ids are stored after the poll closed and the pulse was answered:\n%s", strings.Join(hits, "\n"))
	}
	if len(closed["strain_pulse_answers"]) != len(voters) {
		t.Errorf("%d pulse answers, want %d", len(closed["strain_pulse_answers"]), len(voters))
	}

	logs := w.logs.String()[logStart:]
	for _, line := range strings.Split(logs, "\n") {
		for _, id := range voters {
			if strings.Contains(line, id) {
				t.Errorf("a log line names %s: %s", id, line)
			}
		}
		if strings.Contains(line, dialogs.ActionPollVotePrefix) && strings.Contains(line, `"value"`) {
			t.Errorf("a log line shows a button's value: %s", line)
		}
	}
	if !strings.Contains(logs, `"key":"`+dialogs.ActionPollVotePrefix) && !strings.Contains(logs, "strain") {
		t.Logf("no strain log lines at all (fine): %d bytes of logs", len(logs))
	}
}

// Two bots on one database and one Slack: each poll closes once, whether
// two people press Close at once or two replicas' jobs race, and the
// month's pulse is posted once.
func TestStrainTwoBotsCloseOnceAndPostPulseOnce(t *testing.T) {
	srv := newStrainSlack(t)
	dsn := storagetest.URL(t)
	w := startStrainWorld(t, srv, withEnv("DATABASE_URL", dsn))
	startBot(t, srv, withEnv("DATABASE_URL", dsn), withEnv("TZ", logZone))
	if err := srv.WaitConnections(2, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	w.client("Acme")
	w.client("Globex")
	jobsA, jobsB := w.jobApp(), w.jobApp()

	// Two Close presses at once, by the creator and a manager.
	a := w.postPoll(member, "Acme")
	for _, u := range []string{alice, boris, russian} {
		w.vote(u, a, 4)
	}
	w.waitUpdate(a.ts, "3 answers so far")
	id := strconv.FormatInt(a.id, 10)
	var wg sync.WaitGroup
	for _, u := range []string{member, manager} {
		wg.Go(func() { w.press(u, dialogs.ActionPollClose, id, a.ts) })
	}
	wg.Wait()
	w.waitFor("the closed message", func() bool { return len(closedUpdates(w.updates(a.ts))) >= 1 })

	// Two replicas' close jobs at the same minute.
	g := w.postPoll(russian, "Globex")
	for _, u := range []string{alice, boris, manager} {
		w.vote(u, g, 2)
	}
	w.waitUpdate(g.ts, "Пока 3 ответа")
	after := w.closesAt(g.id).Add(time.Minute).In(w.loc)
	closeA, closeB := jobsA.job(t, "strain-close"), jobsB.job(t, "strain-close")
	for _, j := range []schedule.Job{closeA, closeB, closeA, closeB} {
		wg.Go(func() {
			if err := j.Run(context.Background(), after); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	// Two replicas' pulse jobs on the first Monday.
	first := nextFirstMonday(w.loc)
	posts := len(okCalls(srv, "chat.postMessage"))
	for _, j := range []schedule.Job{jobsA.job(t, schedule.PulseJob), jobsB.job(t, schedule.PulseJob)} {
		wg.Go(func() {
			if err := j.Run(context.Background(), first); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	time.Sleep(500 * time.Millisecond) // room for a second, wrong, update to arrive
	if n := len(closedUpdates(w.updates(a.ts))); n != 1 {
		t.Errorf("poll closed by two presses got %d closed updates, want 1", n)
	}
	if n := len(closedUpdates(w.updates(g.ts))); n != 1 {
		t.Errorf("poll closed by two jobs got %d closed updates, want 1", n)
	}
	var pulses int
	for _, c := range okCalls(srv, "chat.postMessage")[posts:] {
		if strings.Contains(c.Params["blocks"], dialogs.ActionPulseOpen) {
			pulses++
		}
	}
	if pulses != 1 {
		t.Errorf("the pulse was posted %d times, want 1", pulses)
	}
}
