package main

// Fault tests: the real bot (the run function main calls) through database
// outages, socket churn, rate limits, replicas, hostile input, shutdown
// under load and debug logging with secrets around. Each test proves that
// nothing is lost, nothing is done twice and users are told the truth.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/pgserver"
	"github.com/tact-bot/tact/storage/storagetest"
)

// faultWorld is a running bot with its own handle on the bot's database
// and a seeded workspace: Acme and Globex, support and dev with rates, and
// default departments for the test users, so `/hours Acme 30m` is complete.
type faultWorld struct {
	*harness
	db  *storage.DB
	cat *locale.Catalog
}

func startFaultWorld(t *testing.T, srv *slacktest.Server, opts ...harnessOption) *faultWorld {
	t.Helper()
	h := startBot(t, srv, opts...)
	db := openDB(t, h.env["DATABASE_URL"])
	seedFaultWorkspace(t, db)
	return &faultWorld{harness: h, db: db, cat: mustCatalog(t)}
}

func seedFaultWorkspace(t *testing.T, db *storage.DB) {
	t.Helper()
	from := ledger.DayIn(time.Now(), time.UTC).AddDate(0, -1, 0)
	w := storage.Workspace{
		Clients: []storage.SeedClient{{Name: "Acme", CreatedBy: manager}, {Name: "Globex", CreatedBy: manager}},
		Rates: []ledger.Rate{
			{Department: "support", PerHourMinor: 5000, From: from},
			{Department: "dev", PerHourMinor: 9000, From: from},
		},
		People: map[string]string{member: "support", manager: "dev", russian: "support"},
	}
	if err := db.LoadWorkspace(context.Background(), teamID, w, true); err != nil {
		t.Fatalf("seeding: %v", err)
	}
}

// send delivers a slash command without waiting for its ack.
func (w *faultWorld) send(user, cmd, text string) slacktest.Envelope {
	w.t.Helper()
	env, err := w.slack.SendSlashCommand(slacktest.SlashCommand{TeamID: teamID, UserID: user, ChannelID: channel, Command: cmd, Text: text})
	if err != nil {
		w.t.Fatalf("sending %s %s: %v", cmd, text, err)
	}
	return env
}

// answers is every visible answer each envelope got: successful
// response_url posts, and ack payloads carrying text (a "busy" answer).
func answers(srv *slacktest.Server) map[string][]string {
	out := map[string][]string{}
	for _, c := range srv.Calls(slacktest.MethodResponseURL) {
		if c.Status == 200 && c.Error == "" {
			out[c.Path] = append(out[c.Path], c.Params["text"])
		}
	}
	return out
}

func answersTo(all map[string][]string, srv *slacktest.Server, env slacktest.Envelope) []string {
	u, _ := url.Parse(env.ResponseURL)
	got := all[u.Path]
	if a, err := srv.WaitAck(env.ID, 0); err == nil && len(a.Payload) > 0 {
		var p struct{ Text string }
		if json.Unmarshal(a.Payload, &p) == nil && p.Text != "" {
			got = append(got, p.Text)
		}
	}
	return got
}

// waitAnswered waits until every envelope has at least one answer.
func (w *faultWorld) waitAnswered(envs []slacktest.Envelope, timeout time.Duration) map[string][]string {
	w.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		all := answers(w.slack)
		missing := 0
		for _, env := range envs {
			if len(answersTo(all, w.slack, env)) == 0 {
				missing++
			}
		}
		if missing == 0 {
			return all
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%d of %d commands unanswered after %s\nbot logs:\n%s", missing, len(envs), timeout, w.logs.tail(4000))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// notes counts stored time entries by note, for notes starting with prefix.
func (w *faultWorld) notes(prefix string) map[string]int {
	w.t.Helper()
	var rows []struct {
		Note string `db:"note"`
		N    int    `db:"n"`
	}
	err := w.db.X().Select(&rows, `SELECT note, count(*) AS n FROM time_entries WHERE team_id = $1 AND starts_with(note, $2) GROUP BY note`, teamID, prefix)
	if err != nil {
		w.t.Fatalf("counting time entries: %v", err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.Note] = r.N
	}
	return out
}

// outcome is how a user was answered about a write.
type outcome int

const (
	saved outcome = iota
	toldUnavailable
	toldBusy
	toldRestarting
	toldMaybeSaved // the commit's answer was lost
	apologised
)

func (w *faultWorld) outcomeOf(text string) outcome {
	p := w.cat.For(locale.EN)
	switch {
	case text == p.T("error.db_unavailable"):
		return toldUnavailable
	case text == p.T("error.busy"):
		return toldBusy
	case text == p.T("error.restarting"):
		return toldRestarting
	case text == p.T("submission.outcome_unknown"):
		return toldMaybeSaved
	case strings.HasPrefix(text, strings.SplitN(p.T("error.generic", map[string]any{"Ref": "\x00"}), "\x00", 2)[0]):
		return apologised
	}
	return saved
}

// checkWrites holds the promise of every /hours command sent with a unique
// note: answered exactly once; stored exactly once when the answer says
// saved, never when it says try again; never an apology. It returns how
// each command ended.
func (w *faultWorld) checkWrites(envs []slacktest.Envelope, notes []string, all map[string][]string) []outcome {
	w.t.Helper()
	stored := w.notes("fault-")
	out := make([]outcome, len(envs))
	for i, env := range envs {
		got := answersTo(all, w.slack, env)
		if len(got) != 1 {
			w.t.Errorf("command %q answered %d times: %q", notes[i], len(got), got)
			continue
		}
		out[i] = w.outcomeOf(got[0])
		switch n := stored[notes[i]]; out[i] {
		case saved:
			if n != 1 {
				w.t.Errorf("command %q answered %q but stored %d times", notes[i], got[0], n)
			}
		case toldUnavailable, toldBusy:
			if n != 0 {
				w.t.Errorf("command %q told %q yet stored %d times", notes[i], got[0], n)
			}
		case toldRestarting, toldMaybeSaved: // "check and retry": it may or may not have been stored
			if n > 1 {
				w.t.Errorf("command %q stored %d times", notes[i], n)
			}
		case apologised:
			w.t.Errorf("command %q got a generic apology instead of a clear answer: %q", notes[i], got[0])
		}
	}
	return out
}

func countOutcomes(out []outcome) map[outcome]int {
	m := map[outcome]int{}
	for _, o := range out {
		m[o]++
	}
	return m
}

// TestFaultDatabaseConnectionsKilled kills the bot's database sessions
// five times under load: commands caught mid-write are told nothing was saved
// (and nothing was), those caught mid-commit that it may or may not have
// been, and the rest succeed.
func TestFaultDatabaseConnectionsKilled(t *testing.T) {
	w := startFaultWorld(t, newSlack(t))
	admin, err := sql.Open("postgres", storagetest.AdminURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	dbName := databaseName(t, w.env["DATABASE_URL"])
	kill := func() int {
		var n int
		err := admin.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = $1 AND pid <> pg_backend_pid()`, dbName).Scan(&n)
		if err != nil {
			t.Fatalf("terminating the bot's sessions: %v", err)
		}
		return n
	}

	// Five kills in the first half, then 1.5 s in which all must succeed.
	const total, perSecond, every = 300, 100, 30
	var envs []slacktest.Envelope
	var notes []string
	var lastKill time.Time
	killed := 0
	tick := time.NewTicker(time.Second / perSecond)
	defer tick.Stop()
	for i := range total {
		<-tick.C
		if i > 0 && i%every == 0 && i <= total/2 {
			killed += kill()
			lastKill = time.Now()
		}
		note := fmt.Sprintf("fault-kill-%03d", i)
		envs = append(envs, w.send([]string{member, manager}[i%2], "/hours", "Acme 30m support "+note))
		notes = append(notes, note)
	}
	if killed == 0 {
		t.Fatal("no database session was terminated: the test proves nothing")
	}
	out := w.checkWrites(envs, notes, w.waitAnswered(envs, 20*time.Second))
	for i, env := range envs {
		if env.SentAt.After(lastKill.Add(time.Second)) && out[i] != saved {
			t.Errorf("command %q, sent %s after the last kill, was not saved", notes[i], env.SentAt.Sub(lastKill).Round(time.Millisecond))
		}
	}
	if n := strings.Count(w.logs.String(), "panicked"); n > 0 {
		t.Errorf("%d panics in the logs", n)
	}
	w.reply(w.command(member, "/tact", "help"))
	t.Logf("%d sessions killed; outcomes: %v", killed, countOutcomes(out))
}

func databaseName(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil || strings.Trim(u.Path, "/") == "" {
		t.Fatalf("no database name in %q", dsn)
	}
	return strings.Trim(u.Path, "/")
}

// TestFaultDatabaseStopped stops the bot's own database server for a few
// seconds: the bot stays up, /readyz turns 503 and back, users sending
// /hours meanwhile hear that nothing was saved, and within 5 s of the
// server returning commands succeed; nothing half-written.
func TestFaultDatabaseStopped(t *testing.T) {
	dataDir := storagetest.ReachableDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// Ephemeral: whatever happens to this test, the server and its files go
	// when the test binary exits.
	first, err := pgserver.Start(ctx, pgserver.Options{DataDir: dataDir, Ephemeral: true})
	if err != nil {
		t.Fatalf("starting a private PostgreSQL: %v", err)
	}
	t.Cleanup(func() { _ = first.Stop() })
	dsn := socketURL(t, first.DSN())

	w := startFaultWorld(t, newSlack(t), withEnv("DATABASE_URL", dsn))
	w.waitFor("/readyz to answer 200", func() bool { code, _ := w.get("/readyz"); return code == 200 })
	before := w.send(member, "/hours", "Acme 30m support fault-stop-before")
	w.waitAnswered([]slacktest.Envelope{before}, 10*time.Second)

	stopPostmaster(t, dataDir)
	stoppedAt := time.Now()
	w.waitFor("/readyz to answer 503", func() bool { code, _ := w.get("/readyz"); return code == 503 })
	// Opening Home saves nothing: the tab itself says the figures are away.
	if _, err := w.slack.SendEvent(teamID, map[string]any{"type": "app_home_opened", "user": member, "tab": "home"}); err != nil {
		t.Fatal(err)
	}
	unavailable := w.cat.For(locale.EN).T("home.unavailable")
	if _, err := w.slack.WaitCall("views.publish", func(c slacktest.Call) bool {
		return strings.Contains(c.Params["view"], unavailable)
	}, 10*time.Second); err != nil {
		t.Errorf("Home during the outage: %v", err)
	}
	var envs []slacktest.Envelope
	notes := []string{"fault-stop-before"}
	envs = append(envs, before)
	for i := range 3 {
		note := fmt.Sprintf("fault-stop-during-%d", i)
		envs = append(envs, w.send(member, "/hours", "Acme 30m support "+note))
		notes = append(notes, note)
		time.Sleep(500 * time.Millisecond)
	}
	during := w.waitAnswered(envs[1:], 15*time.Second)
	for i, env := range envs[1:] {
		got := answersTo(during, w.slack, env)
		if len(got) != 1 || w.outcomeOf(got[0]) != toldUnavailable {
			t.Errorf("/hours during the outage (%s) answered %q, want once %q", notes[i+1], got, w.cat.For(locale.EN).T("error.db_unavailable"))
		}
	}
	time.Sleep(time.Until(stoppedAt.Add(3 * time.Second)))

	second, err := pgserver.Start(ctx, pgserver.Options{DataDir: dataDir})
	if err != nil {
		t.Fatalf("restarting PostgreSQL on the same data: %v", err)
	}
	t.Cleanup(func() { _ = second.Stop() })
	back := time.Now()
	var recovered time.Duration
	for i := 0; recovered == 0; i++ {
		if time.Since(back) > 5*time.Second {
			t.Fatalf("no /hours saved within 5 s of the database returning\nbot logs:\n%s", w.logs.tail(4000))
		}
		note := fmt.Sprintf("fault-stop-after-%d", i)
		env := w.send(member, "/hours", "Acme 30m support "+note)
		envs, notes = append(envs, env), append(notes, note)
		all := w.waitAnswered([]slacktest.Envelope{env}, 10*time.Second)
		if w.outcomeOf(answersTo(all, w.slack, env)[0]) == saved {
			recovered = time.Since(back)
		}
	}
	w.waitFor("/readyz to answer 200 again", func() bool { code, _ := w.get("/readyz"); return code == 200 })
	out := w.checkWrites(envs, notes, answers(w.slack))
	if w.stopped() {
		t.Fatal("the bot exited during the outage")
	}
	w.shutdown() // before the database goes for good
	t.Logf("first command saved %s after the database returned; outcomes: %v", recovered.Round(time.Millisecond), countOutcomes(out))
}

// socketURL turns pgserver's key=value DSN (a unix socket) into the URL
// form DATABASE_URL takes.
func socketURL(t *testing.T, dsn string) string {
	t.Helper()
	kv := map[string]string{}
	for _, f := range strings.Fields(dsn) {
		k, v, _ := strings.Cut(f, "=")
		kv[k] = strings.Trim(v, "'")
	}
	q := url.Values{"host": {kv["host"]}, "port": {kv["port"]}, "sslmode": {"disable"}}
	return (&url.URL{Scheme: "postgres", User: url.UserPassword(kv["user"], kv["password"]), Host: "", Path: "/" + kv["dbname"], RawQuery: q.Encode()}).String()
}

// stopPostmaster shuts the server in dataDir down as `pg_ctl stop -m fast`
// does (SIGINT), leaving its files for the restart, and waits for it to go.
func stopPostmaster(t *testing.T, dataDir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dataDir, "pg", "postmaster.pid"))
	if err != nil {
		t.Fatalf("reading postmaster.pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	if err != nil {
		t.Fatalf("postmaster.pid: %v", err)
	}
	if err := syscall.Kill(pid, syscall.SIGINT); err != nil {
		t.Fatalf("stopping PostgreSQL: %v", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for syscall.Kill(pid, 0) == nil || fileExists(filepath.Join(dataDir, "pg", "postmaster.pid")) {
		if time.Now().After(deadline) {
			t.Fatal("PostgreSQL did not stop within 30 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stopped reports whether the bot's run has returned.
func (h *harness) stopped() bool {
	select {
	case err := <-h.done:
		h.done <- err
		return true
	default:
		return false
	}
}

// newFaultSlack is the test Slack with options the fault tests need.
func newFaultSlack(t *testing.T, set func(*slacktest.Options)) *slacktest.Server {
	t.Helper()
	opts := slackOptions()
	set(&opts)
	return startSlack(t, opts)
}

// TestFaultSocketChurn drops the socket and sends disconnect frames 20
// times during a load of /hours, with Slack's redelivery of unacked
// envelopes: every command is acked, stored once and answered once.
func TestFaultSocketChurn(t *testing.T) {
	var redelivered atomic.Int64
	srv := newFaultSlack(t, func(o *slacktest.Options) {
		o.AutoRedeliver = time.Second
		o.Logf = func(format string, args ...any) {
			if strings.HasPrefix(format, "slacktest: redelivering") {
				redelivered.Add(1)
			}
		}
	})
	w := startFaultWorld(t, srv, overSocket())

	const perSecond, seconds, churns = 50, 8, 20
	total := perSecond * seconds
	var envs []slacktest.Envelope
	var notes []string
	tick := time.NewTicker(time.Second / perSecond)
	defer tick.Stop()
	every := total / churns
	send := func(i int) {
		note := fmt.Sprintf("fault-churn-%03d", i)
		envs = append(envs, w.send([]string{member, manager}[i%2], "/hours", "Acme 15m dev "+note))
		notes = append(notes, note)
	}
	for i := 0; i < total; i++ {
		<-tick.C
		if i%every != every/2 {
			send(i)
			continue
		}
		// A burst right before the cut leaves envelopes in flight: read but
		// not acked, or not read at all. Only redelivery saves those.
		for k := range 5 {
			send(i + k)
		}
		i += 4
		if (i/every)%2 == 0 {
			srv.DropConnections()
		} else {
			srv.SendDisconnect("refresh_requested")
		}
	}
	for _, env := range envs {
		if _, err := srv.WaitAck(env.ID, 20*time.Second); err != nil {
			t.Fatalf("envelope never acked despite redelivery: %v\nbot logs:\n%s", err, w.logs.tail(4000))
		}
	}
	out := w.checkWrites(envs, notes, w.waitAnswered(envs, 20*time.Second))
	if c := countOutcomes(out); c[saved] != len(envs) || len(envs) != total {
		t.Errorf("outcomes %v: every command should have been saved", c)
	}
	doubleAcked := 0
	for _, a := range srv.Acks() {
		if a.Count > 1 {
			doubleAcked++
		}
	}
	if got := srv.ConnectCount(); got < churns {
		t.Errorf("%d connections made; %d churns should have forced at least %d", got, churns, churns)
	}
	w.reply(w.command(member, "/tact", "help"))
	_, metrics := w.get("/metrics")
	t.Logf("%d commands, %d connections, %d redeliveries, %d envelopes acked twice; bot: %s", total, srv.ConnectCount(),
		redelivered.Load(), doubleAcked, regexp.MustCompile(`(?m)^tact_envelopes_duplicate_total .*$`).FindString(metrics))
}

// TestFaultRateLimits answers 429 with Retry-After to a share of every
// message-sending call: each message still arrives, exactly once.
func TestFaultRateLimits(t *testing.T) {
	srv := newSlack(t)
	announce := func(ctx context.Context, r *bot.Request) error {
		id := r.Command.Text
		ts, err := r.API.Post(ctx, r.ChannelID, bot.Message{Text: "post " + id})
		if err != nil {
			return err
		}
		if err := r.API.Update(ctx, r.ChannelID, ts, bot.Message{Text: "update " + id}); err != nil {
			return err
		}
		if _, err := r.API.PostEphemeralContext(ctx, r.ChannelID, r.UserID, slack.MsgOptionText("whisper "+id, false)); err != nil {
			return fmt.Errorf("chat.postEphemeral: %w", err)
		}
		return r.Reply(ctx, bot.Message{Text: "done " + id})
	}
	w := startFaultWorld(t, srv, withOptions(options{routes: func(r *bot.Router) { r.Command("/announce", announce) }}))
	methods := []string{"chat.postMessage", "chat.update", "chat.postEphemeral", slacktest.MethodResponseURL}
	for i, m := range methods {
		srv.RateLimitShare(m, 0.3, time.Second, int64(i+1))
	}

	const n = 12
	var envs, hours []slacktest.Envelope
	var notes []string
	for i := range n {
		envs = append(envs, w.send(member, "/announce", strconv.Itoa(i)))
		note := fmt.Sprintf("fault-429-%02d", i)
		hours = append(hours, w.send(manager, "/hours", "Globex 45m "+note))
		notes = append(notes, note)
	}
	all := w.waitAnswered(append(append([]slacktest.Envelope{}, envs...), hours...), 60*time.Second)
	w.checkWrites(hours, notes, all)
	for i, env := range envs {
		if got := answersTo(all, srv, env); len(got) != 1 || got[0] != "done "+strconv.Itoa(i) {
			t.Errorf("/announce %d answered %q, want once %q", i, got, "done "+strconv.Itoa(i))
		}
	}
	limited := map[string]int{}
	for _, m := range methods {
		delivered := map[string]int{}
		for _, c := range srv.Calls(m) {
			switch {
			case c.Status == 429:
				limited[m]++
			case c.Status == 200 && c.Error == "":
				delivered[c.Params["text"]]++
			}
		}
		if m == slacktest.MethodResponseURL {
			continue // checked per envelope above
		}
		verb := map[string]string{"chat.postMessage": "post", "chat.update": "update", "chat.postEphemeral": "whisper"}[m]
		for i := range n {
			if got := delivered[verb+" "+strconv.Itoa(i)]; got != 1 {
				t.Errorf("%s %q delivered %d times, want 1", m, verb+" "+strconv.Itoa(i), got)
			}
		}
	}
	for _, m := range methods {
		if limited[m] == 0 {
			t.Errorf("%s was never answered 429: the test proves nothing about it", m)
		}
	}
	t.Logf("429s answered: %v", limited)
}

// hostileTexts are what a careless or malicious user might type.
func hostileTexts() []string {
	huge := strings.Repeat("x", 100_000)
	return []string{
		"", " ", "\t\n", huge, strings.Repeat("N", 10_000), "Acme " + huge, "Acme 30m " + huge,
		"Acme \xff\xfe\xfd 30m", "\xc3\x28 \xa0\xa1", "'); DROP TABLE clients;--", "Acme 30m support '); DROP TABLE time_entries;--",
		"Robert'); DELETE FROM people WHERE ('1'='1", "\x00\x01\x02", "Acme 99999999999999999999h", "Acme -5m", "Acme 0m",
		"<@U0MEMBER> <#C0TEST|general> <!here> <!subteam^S1|x>", "&lt;script&gt;alert(1)&lt;/script&gt;", "{{.Secret}} %s %n %v",
		strings.Repeat("Acme ", 2000), strings.Repeat("ы", 5000), "‮evil‬ \u200b\u200d Acme", "Acme 1e308h", "Acme NaNm",
		"help " + huge, "show " + strings.Repeat("N", 10_000), "add " + strings.Repeat("N", 10_000), "add '); DROP TABLE clients;--",
		"revenue Acme 99999999999999999999999/month", "revenue Acme -100", "cac Acme 1e400", "archive '; --", "dept me " + huge,
	}
}

// hostileFrames are raw Socket Mode frames: not JSON, unknown types, the
// wrong JSON shapes, missing fields. Those with an envelope_id (%s) must be
// acked; none has anyone to answer.
func hostileFrames() []string {
	return []string{
		`not json at all`, `{`, `[]`, `null`, `42`, `"envelope_id"`, `{"type":"hello"}`,
		`{"envelope_id":"%s","type":"mystery","payload":{}}`,
		`{"envelope_id":"%s","type":"slash_commands","payload":[1,2,3]}`,
		`{"envelope_id":"%s","type":"slash_commands","payload":{"command":5,"text":["x"]}}`,
		`{"envelope_id":"%s","type":"slash_commands","payload":{}}`,
		`{"envelope_id":"%s","type":"slash_commands","payload":{"command":"/hours","text":"Acme 30m","team_id":"T0TEST"}}`,
		`{"envelope_id":"%s","type":"slash_commands","payload":{"command":"/nonexistent","team_id":"T0TEST","user_id":"U0MEMBER"}}`,
		`{"envelope_id":"%s","type":"interactive","payload":"a string"}`,
		`{"envelope_id":"%s","type":"interactive","payload":{"type":"view_submission","team":{"id":"T0TEST"}}}`,
		`{"envelope_id":"%s","type":"interactive","payload":{"type":"block_actions","actions":[]}}`,
		`{"envelope_id":"%s","type":"interactive","payload":{"type":"block_actions","actions":[{"action_id":"hours.undo","value":"1"}]}}`,
		`{"envelope_id":"%s","type":"interactive","payload":{"type":"block_suggestion","action_id":"log.client","value":null}}`,
		`{"envelope_id":"%s","type":"interactive","payload":{"type":"something_new"}}`,
		`{"envelope_id":"%s","type":"events_api","payload":{"type":"event_callback","event":{"type":"app_home_opened"}}}`,
		`{"envelope_id":"%s","type":"events_api","payload":{"type":"event_callback","event":5}}`,
		`{"envelope_id":"%s","type":"events_api","payload":{"type":"url_verification","challenge":"x"}}`,
		"{\"envelope_id\":\"%s\",\"type\":\"slash_commands\",\"payload\":{\"command\":\"/tact\",\"text\":\"help \xff\xfe\",\"team_id\":\"T0TEST\"}}",
		`{"envelope_id":"%s","type":"slash_commands","accepts_response_payload":"yes","retry_attempt":"x","payload":{"command":"/tact"}}`,
	}
}

// hostileInteraction builds the i-th interactive payload for a registered
// (or unknown) key of kind k, with broken or hostile contents.
func hostileInteraction(k bot.Kind, key string, i int) map[string]any {
	huge := strings.Repeat("v", 100_000)
	values := []any{"", "abc", "-1", "0", "99999999999999999999", huge, "1.5", "'); DROP TABLE clients;--", nil}
	value := values[i%len(values)]
	user := []string{member, manager, russian, "U0NOBODY"}[i%4]
	base := map[string]any{"team": map[string]any{"id": teamID}, "user": map[string]any{"id": user}, "channel": map[string]any{"id": channel}}
	states := []any{nil, map[string]any{}, map[string]any{"values": nil}, map[string]any{"values": map[string]any{}},
		map[string]any{"values": map[string]any{"client": map[string]any{"log.client": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": value}}}}},
		map[string]any{"values": map[string]any{"x": map[string]any{"y": map[string]any{"type": "plain_text_input", "value": huge}}}}}
	metas := []string{"", "garbage", `{"channel":5}`, `{"channel":"C0TEST","source":"modal"}`, huge[:3000], "{\"a\":\"\xff\"}", "null"}
	switch k {
	case bot.KindAction:
		base["type"] = "block_actions"
		base["container"] = map[string]any{"type": "message", "message_ts": "1.000001"}
		base["message"] = map[string]any{"ts": "1.000001", "text": "x"}
		base["actions"] = []any{map[string]any{"action_id": key, "block_id": "b", "type": "button", "value": value,
			"selected_option": map[string]any{"value": value}}}
	case bot.KindView, bot.KindViewClosed:
		base["type"] = map[bot.Kind]string{bot.KindView: "view_submission", bot.KindViewClosed: "view_closed"}[k]
		if i%7 != 6 { // and sometimes no view at all
			view := map[string]any{"id": fmt.Sprintf("V0BAD%d", i), "hash": "h", "callback_id": key, "type": "modal",
				"private_metadata": metas[i%len(metas)], "team_id": teamID}
			if s := states[i%len(states)]; s != nil {
				view["state"] = s
			}
			base["view"] = view
		}
	case bot.KindSuggestion:
		base["type"] = "block_suggestion"
		base["action_id"], base["block_id"], base["value"] = key, "b", value
	case bot.KindShortcut:
		base["type"] = []string{"message_action", "shortcut"}[i%2]
		base["callback_id"] = key
		base["message"] = map[string]any{"ts": "1.000002", "text": value, "user": member}
	}
	return base
}

// TestFaultBadInput sends 1,000 malformed and hostile envelopes: the bot
// never panics, acks every envelope that has an id, answers every user who
// typed a command with a clear message (never a bare apology), stores
// nothing broken, and still answers /tact help afterwards.
func TestFaultBadInput(t *testing.T) {
	var router *bot.Router
	srv := newSlack(t)
	w := startFaultWorld(t, srv, withEnv("LOG_LEVEL", "info"),
		withOptions(options{routes: func(r *bot.Router) { router = r }}))

	commands := append(router.Commands(), "/nonexistent")
	texts := hostileTexts()
	frames := hostileFrames()
	var interactive []struct {
		kind bot.Kind
		key  string
	}
	for _, k := range []bot.Kind{bot.KindAction, bot.KindView, bot.KindViewClosed, bot.KindSuggestion, bot.KindShortcut} {
		for _, key := range append(router.Keys(k), "unknown."+string(k)) {
			interactive = append(interactive, struct {
				kind bot.Kind
				key  string
			}{k, key})
		}
	}
	events := append(router.Keys(bot.KindEvent), "unknown_event", "message")

	const total, perSecond = 1000, 250
	var tracked []string           // every envelope id sent
	var typed []slacktest.Envelope // slash commands a user typed
	what := map[string]string{}    // envelope id → the command, for failures
	tick := time.NewTicker(time.Second / perSecond)
	defer tick.Stop()
	for i := range total {
		<-tick.C
		switch i % 5 {
		case 0, 1: // a slash command with hostile text
			cmd := commands[(i/5)%len(commands)]
			text := texts[(i/5+i)%len(texts)]
			user := []string{member, manager, russian, "U0NOBODY"}[i%4]
			env := w.send(user, cmd, text)
			tracked, typed = append(tracked, env.ID), append(typed, env)
			what[env.ID] = fmt.Sprintf("%s %s %.80q (%d bytes)", user, cmd, text, len(text))
		case 2: // a raw frame
			f := frames[(i/5)%len(frames)]
			if strings.Contains(f, "%s") {
				id := fmt.Sprintf("bad-%04d", i)
				f = fmt.Sprintf(f, id)
				tracked = append(tracked, id)
			}
			if err := srv.SendRaw([]byte(f)); err != nil {
				t.Fatal(err)
			}
		case 3: // an interaction with a registered or unknown key
			it := interactive[(i/5)%len(interactive)]
			env, err := srv.SendInteraction(hostileInteraction(it.kind, it.key, i))
			if err != nil {
				t.Fatal(err)
			}
			tracked = append(tracked, env.ID)
		case 4: // an event
			user := []any{member, nil, 5, ""}[i%4]
			env, err := srv.SendEvent(teamID, map[string]any{"type": events[(i/5)%len(events)], "user": user, "tab": "home",
				"channel": channel, "text": texts[i%len(texts)]})
			if err != nil {
				t.Fatal(err)
			}
			tracked = append(tracked, env.ID)
		}
	}
	for _, id := range tracked {
		if _, err := srv.WaitAck(id, 20*time.Second); err != nil {
			t.Fatalf("envelope %s never acked: %v\nbot logs:\n%s", id, err, w.logs.tail(4000))
		}
	}
	deadline := time.Now().Add(20 * time.Second)
	for missing := unanswered(srv, typed); len(missing) > 0; missing = unanswered(srv, typed) {
		if time.Now().After(deadline) {
			for _, env := range missing[:min(len(missing), 10)] {
				t.Errorf("typed command never answered: %s%s", what[env.ID], failedAnswers(srv, env))
			}
			t.Fatalf("%d of %d typed commands unanswered\nbot logs:\n%s", len(missing), len(typed), w.logs.tail(3000))
		}
		time.Sleep(50 * time.Millisecond)
	}
	all := answers(srv)
	p := w.cat.For(locale.EN)
	apology := strings.SplitN(p.T("error.generic", map[string]any{"Ref": "\x00"}), "\x00", 2)[0]
	apologyRU := strings.SplitN(w.cat.For(locale.RU).T("error.generic", map[string]any{"Ref": "\x00"}), "\x00", 2)[0]
	for _, env := range typed {
		for _, text := range answersTo(all, srv, env) {
			if strings.HasPrefix(text, apology) || strings.HasPrefix(text, apologyRU) {
				t.Errorf("%s: a bare apology instead of a clear message: %.200q", what[env.ID], text)
			}
		}
	}
	if n := strings.Count(w.logs.String(), "panicked"); n > 0 {
		t.Errorf("%d handler panics:\n%s", n, grepLines(w.logs.String(), "panicked"))
	}
	var longest, clients, tables int
	if err := w.db.X().QueryRow(`SELECT COALESCE(max(char_length(name)), 0), count(*) FROM clients`).Scan(&longest, &clients); err != nil {
		t.Fatalf("reading clients: %v", err)
	}
	if longest > ledger.MaxClientNameRunes || clients < 2 {
		t.Errorf("clients after the barrage: %d, longest name %d characters", clients, longest)
	}
	if err := w.db.X().QueryRow(`SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'
		AND table_name IN ('clients', 'time_entries', 'incidents', 'people', 'departments')`).Scan(&tables); err != nil || tables != 5 {
		t.Errorf("ledger tables after the barrage: %d (%v)", tables, err)
	}
	w.reply(w.command(member, "/tact", "help"))
	t.Logf("%d envelopes (%d acked, %d typed commands answered); %d clients, longest name %d", total, len(tracked), len(typed), clients, longest)
}

// unanswered lists typed commands with no visible answer yet: a
// response_url post, an ack carrying text, or a modal opened.
func unanswered(srv *slacktest.Server, envs []slacktest.Envelope) []slacktest.Envelope {
	all := answers(srv)
	opened := map[string]bool{}
	for _, c := range srv.Calls("views.open") {
		if c.Status == 200 && c.Error == "" {
			opened[c.Params["trigger_id"]] = true
		}
	}
	var out []slacktest.Envelope
	for _, env := range envs {
		if len(answersTo(all, srv, env)) == 0 && !opened[env.TriggerID] {
			out = append(out, env)
		}
	}
	return out
}

// failedAnswers describes the refused attempts to answer env.
func failedAnswers(srv *slacktest.Server, env slacktest.Envelope) string {
	var b strings.Builder
	for _, c := range srv.Calls("") {
		if (c.Method == slacktest.MethodResponseURL && strings.HasSuffix(env.ResponseURL, c.Path)) ||
			(c.Params["trigger_id"] != "" && c.Params["trigger_id"] == env.TriggerID) {
			fmt.Fprintf(&b, "; %s answered %d %s %q", c.Method, c.Status, c.Error, c.Errors)
		}
	}
	return b.String()
}

// TestFaultShutdownUnderLoad stops the bot (as SIGTERM does: main cancels
// run's context) with a backlog of /hours: every acked command is finished
// and answered, or told to retry; nothing is half-written or doubled.
func TestFaultShutdownUnderLoad(t *testing.T) {
	srv := newSlack(t)
	w := startFaultWorld(t, srv, withEnv("WORKERS", "2"), withEnv("LOG_LEVEL", "info"))
	const total = 400
	var envs []slacktest.Envelope
	var notes []string
	var stopping sync.WaitGroup
	for i := range total {
		if i == total/2 {
			// SIGTERM with a backlog (two workers take a while) and
			// commands still arriving.
			stopping.Go(w.shutdown)
		}
		note := fmt.Sprintf("fault-term-%03d", i)
		envs = append(envs, w.send([]string{member, manager}[i%2], "/hours", "Acme 20m support "+note))
		notes = append(notes, note)
		time.Sleep(time.Millisecond)
	}
	stopping.Wait()

	all := answers(srv)
	stored := w.notes("fault-term-")
	var acked, unacked []int
	for i, env := range envs {
		if _, err := srv.WaitAck(env.ID, 0); err == nil {
			acked = append(acked, i)
		} else {
			unacked = append(unacked, i)
		}
	}
	ackedEnvs, ackedNotes := make([]slacktest.Envelope, len(acked)), make([]string, len(acked))
	for j, i := range acked {
		ackedEnvs[j], ackedNotes[j] = envs[i], notes[i]
	}
	out := w.checkWrites(ackedEnvs, ackedNotes, all)
	// Unacked ones Slack redelivers to another replica; any this one still
	// handled must be whole: stored once with its answer, or not at all.
	for _, i := range unacked {
		got := answersTo(all, srv, envs[i])
		if len(got) > 1 || stored[notes[i]] > 1 || (stored[notes[i]] == 1) != (len(got) == 1 && w.outcomeOf(got[0]) == saved) {
			t.Errorf("unacked %q: answers %q, stored %d times", notes[i], got, stored[notes[i]])
		}
	}
	if len(acked) < total/4 || len(unacked) == 0 {
		t.Errorf("%d of %d commands acked before shutdown: the test missed the moment", len(acked), total)
	}
	t.Logf("%d acked (%v), %d unacked", len(acked), countOutcomes(out), len(unacked))
}

// TestFaultSecretsNeverLogged runs a whole session at debug level:
// commands, a modal, a reconnect, a 429 and a panic; neither token nor
// TACT_SECRET appears in any log line.
func TestFaultSecretsNeverLogged(t *testing.T) {
	srv := newSlack(t)
	w := startFaultWorld(t, srv, overSocket(), withEnv("LOG_LEVEL", "debug"), withOptions(options{routes: func(r *bot.Router) {
		r.Command("/boom", func(context.Context, *bot.Request) error { panic("boom") })
		r.Command("/announce", func(ctx context.Context, r *bot.Request) error {
			_, err := r.API.Post(ctx, r.ChannelID, bot.Message{Text: "hello"})
			return err
		})
	}}))
	lw := &logWorld{harness: w.harness, db: w.db, cat: w.cat, loc: time.UTC}

	w.reply(w.command(member, "/tact", "help"))
	w.reply(w.command(member, "/hours", "Acme 30m support secrets session"))
	w.reply(w.command(manager, "/client", "show Acme"))
	w.command(member, "/hours", "Acme") // no duration: the modal opens
	v := lw.nthView(1)
	acme := strconv.FormatInt(w.clientID("Acme"), 10)
	if ack := lw.submit(member, v, "V0SECRET", "h1", map[string]map[string]any{
		"client":     {"log.client": selected(acme)},
		"duration":   {"hours.duration": typed("45m")},
		"department": {"hours.department": selected("support")},
		"day":        {"log.day": picked(ledger.DayIn(time.Now(), time.UTC))},
		"note":       {"hours.note": typed("")},
	}); ack != "" {
		t.Fatalf("hours modal refused: %s", ack)
	}
	srv.DropConnections()
	w.waitFor("a reconnect", func() bool { return srv.ConnectCount() >= 2 && srv.Connections() == 1 })
	srv.RateLimit("chat.postMessage", 1, time.Second)
	srv.RateLimit(slacktest.MethodResponseURL, 1, time.Second)
	w.reply(w.command(member, "/tact", "help"))
	w.command(member, "/announce", "")
	w.waitFor("the rate-limited post", func() bool { return len(okCalls(srv, "chat.postMessage")) == 1 })
	w.reply(w.command(member, "/boom", ""))
	w.shutdown()

	logs := w.logs.String()
	for _, l := range []string{"handler panicked", `"connections":2`, `"level":"DEBUG"`} {
		if !strings.Contains(logs, l) {
			t.Errorf("the session should have logged %q: it did not go as planned", l)
		}
	}
	for _, secret := range []string{appToken, botToken, w.env["TACT_SECRET"], "secret-app-token", "secret-bot-token", "xoxb-", "xapp-"} {
		for n, line := range strings.Split(logs, "\n") {
			if strings.Contains(line, secret) {
				t.Errorf("log line %d holds %q: %s", n+1, secret, line)
			}
		}
	}
	t.Logf("%d log lines checked", strings.Count(logs, "\n"))
}

func (w *faultWorld) clientID(name string) int64 {
	w.t.Helper()
	var id int64
	if err := w.db.X().Get(&id, `SELECT id FROM clients WHERE team_id = $1 AND name = $2`, teamID, name); err != nil {
		w.t.Fatalf("client %s: %v", name, err)
	}
	return id
}

// TestFaultReplicas runs three bots on one database and one Slack while
// the digest, poll-closing and pulse jobs fire repeatedly on all three (on
// start, as catch-up, and then from each replica's job set at once): the
// digest goes out once with each thread reply once, each poll closes once,
// the pulse is posted once.
func TestFaultReplicas(t *testing.T) {
	srv := newStrainSlack(t)
	dsn := storagetest.URL(t)
	spec := dailyAt(time.Now().Add(-30 * time.Minute))
	week := dueWeek(t, spec)
	db := openDB(t, dsn)
	seedDigest(t, db, week)
	var bots []*harness
	for range 3 { // each catches the missed digest up as it starts
		bots = append(bots, startBot(t, srv, withEnv("DATABASE_URL", dsn), withEnv("DIGEST_SCHEDULE", spec)))
	}
	if err := srv.WaitConnections(3, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	// The polls below find their message as the next post: let the
	// start-up digest land first.
	bots[0].waitFor("the caught-up digest", func() bool { return len(marked(srv, schedule.DigestEventType)) == 1 })
	cat := mustCatalog(t)
	sw := &strainWorld{logWorld: &logWorld{harness: bots[0], db: db, cat: cat, loc: time.UTC}}
	var polls []polled
	for i, client := range []string{"Acme", "Northwind"} {
		p := sw.postPoll([]string{member, russian}[i], client)
		for _, u := range []string{alice, boris, manager} {
			sw.vote(u, p, 3+i)
		}
		polls = append(polls, p)
	}
	var replicas []jobSet
	for range 3 {
		replicas = append(replicas, sw.jobApp())
	}

	closeAt := sw.closesAt(polls[1].id).Add(time.Minute)
	pulseAt := nextFirstMonday(time.UTC)
	var wg sync.WaitGroup
	for round := range 3 {
		for _, a := range replicas {
			jobs := []struct {
				job schedule.Job
				now time.Time
			}{{a.job(t, "digest"), time.Now()}, {a.job(t, "strain-close"), closeAt}, {a.job(t, schedule.PulseJob), pulseAt}}
			for _, j := range jobs {
				wg.Go(func() {
					if err := j.job.Run(context.Background(), j.now.Add(time.Duration(round)*time.Second)); err != nil {
						t.Errorf("%s: %v", j.job.Name(), err)
					}
				})
			}
		}
		wg.Wait()
	}
	for _, h := range bots {
		h.waitJobRun("digest")
	}
	time.Sleep(300 * time.Millisecond) // room for a wrong, second, effect to land

	var digests []slacktest.Call
	title := "Weekly digest: " + cat.For(locale.EN).DateRange(week.Start, week.End)
	for _, c := range channelPosts(srv) {
		if strings.Contains(words(t, c.Params["blocks"]), title) {
			digests = append(digests, c)
		}
	}
	if len(digests) != 1 {
		t.Fatalf("%d digests posted; want 1", len(digests))
	}
	row, ok, err := db.ScheduledDigest(context.Background(), teamID, week.Start)
	if err != nil || !ok || row.Status != storage.DigestDone {
		t.Fatalf("digest row %+v, %v, %v", row, ok, err)
	}
	thread := map[string]int{}
	for _, c := range okCalls(srv, "chat.postMessage") {
		if c.Params["thread_ts"] == row.MessageTS {
			thread[c.Params["blocks"]+c.Params["text"]]++
		}
	}
	for text, n := range thread {
		if n != 1 {
			t.Errorf("a digest thread reply was posted %d times: %.200s", n, text)
		}
	}
	if n := len(okCalls(srv, "files.completeUploadExternal")); n != 1 {
		t.Errorf("the digest chart was shared %d times, want 1", n)
	}
	for i, p := range polls {
		if n := len(closedUpdates(sw.updates(p.ts))); n != 1 {
			t.Errorf("poll %d got %d closed updates, want 1", i+1, n)
		}
	}
	pulses := 0
	for _, c := range okCalls(srv, "chat.postMessage") {
		if strings.Contains(c.Params["blocks"], dialogs.ActionPulseOpen) {
			pulses++
		}
	}
	if pulses != 1 {
		t.Errorf("the pulse was posted %d times, want 1", pulses)
	}
	for i, h := range bots {
		if n := strings.Count(h.logs.String(), "panicked"); n > 0 {
			t.Errorf("bot %d: %d panics", i+1, n)
		}
	}
	t.Logf("3 bots, 27 job runs: 1 digest (%d thread replies, 1 chart), %d polls closed once, 1 pulse", len(thread), len(polls))
}
