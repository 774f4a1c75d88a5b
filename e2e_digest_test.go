package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/digest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// dailyAt is a cron spec firing every day at the UTC wall time of t.
func dailyAt(t time.Time) string {
	t = t.UTC()
	return fmt.Sprintf("%d %d * * *", t.Minute(), t.Hour())
}

// dueWeek is the week a digest on spec reports when run now.
func dueWeek(t *testing.T, spec string) digest.Week {
	t.Helper()
	due, ok, err := schedule.LastFiring(spec, time.UTC, time.Now(), 48*time.Hour)
	if err != nil || !ok {
		t.Fatalf("%s has not fired in the last 48 hours: %v", spec, err)
	}
	return digest.WeekOf(due, time.UTC).Prev()
}

// seedDigest fills a small workspace whose digest for week is worked out
// by hand:
//
//	Northwind: support 10 h at 50.00/h = 500.00; revenue 1,300.00 a month
//	  = 300.00 a week; a late payment → subsidised, margin -200.00.
//	Acme: dev 2 h at 90.00/h = 180.00; revenue 5,200.00 a month = 1,200.00
//	  a week; margin 1,020.00.
//	Team: 12 h, cost 680.00, revenue 1,500.00, margin 820.00.
func seedDigest(t *testing.T, db *storage.DB, week digest.Week) map[string]int64 {
	t.Helper()
	long := week.Start.AddDate(0, 0, -90)
	w := storage.Workspace{
		Clients: []storage.SeedClient{
			{Name: "Northwind", CreatedBy: manager, Revenue: []ledger.Revenue{{AmountMinor: 130_000, Period: ledger.Month, From: long}}},
			{Name: "Acme", CreatedBy: manager, Revenue: []ledger.Revenue{{AmountMinor: 520_000, Period: ledger.Month, From: long}}},
		},
		Rates: []ledger.Rate{
			{Department: "support", PerHourMinor: 5_000, From: long},
			{Department: "dev", PerHourMinor: 9_000, From: long},
		},
		Hours: []storage.SeedHours{
			// Ten hours a week for four weeks: $2,000 against $1,200 of revenue.
			{Client: "Northwind", UserID: member, Department: "support", Minutes: 600, Day: week.Start.AddDate(0, 0, 1)},
			{Client: "Northwind", UserID: member, Department: "support", Minutes: 600, Day: week.Start.AddDate(0, 0, -6)},
			{Client: "Northwind", UserID: member, Department: "support", Minutes: 600, Day: week.Start.AddDate(0, 0, -13)},
			{Client: "Northwind", UserID: member, Department: "support", Minutes: 600, Day: week.Start.AddDate(0, 0, -20)},
			{Client: "Acme", UserID: manager, Department: "dev", Minutes: 120, Day: week.Start.AddDate(0, 0, 2)},
		},
		Incidents: []storage.SeedIncident{
			{Client: "Northwind", Category: ledger.LatePayment, Severity: ledger.SeverityHigh, Description: "Invoice 7 unpaid", OccurredOn: week.Start.AddDate(0, 0, 3), ReportedBy: member},
		},
	}
	if err := db.LoadWorkspace(context.Background(), teamID, w, true); err != nil {
		t.Fatal(err)
	}
	clients, err := db.ListClients(context.Background(), teamID, false)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, c := range clients {
		ids[c.Name] = c.ID
	}
	return ids
}

// digestReplica is one replica's wiring, as serve builds it, around its
// own Slack client: tests call its digest job directly.
func digestReplica(t *testing.T, srv *slacktest.Server, dsn, spec string) jobSet {
	t.Helper()
	env := map[string]string{
		"SLACK_APP_TOKEN": appToken, "SLACK_BOT_TOKEN": botToken, "SLACK_API_URL": srv.APIURL(),
		"DATABASE_URL": dsn, "TACT_SECRET": "test-secret-0123456789abcdef0123456789abcdef",
		"DIGEST_CHANNEL": channel, "DIGEST_SCHEDULE": spec, "MANAGERS": manager,
	}
	cfg, err := loadConfig(func(k string) string { return env[k] }, true)
	if err != nil {
		t.Fatal(err)
	}
	cat := mustCatalog(t)
	api := bot.NewClient(bot.ClientConfig{BotToken: botToken, AppToken: appToken, APIURL: srv.APIURL()})
	return jobSet{Deps: jobDeps(cfg, openDB(t, dsn), cat, slog.New(slog.DiscardHandler), api, bot.NewPeople(api, cfg.DefaultLocale, cfg.Managers), nil, teamID)}
}

// words is every string in a JSON document, one a line, with no-break
// spaces read as spaces.
func words(t *testing.T, raw string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, raw)
	}
	var b strings.Builder
	writeStrings(&b, v, nil)
	return strings.ReplaceAll(b.String(), "\u00a0", " ")
}

// writeStrings writes every string in the JSON value v to b, one a line;
// of an object it reads the values under keys, in that order, or every
// value when keys is nil.
func writeStrings(b *strings.Builder, v any, keys []string) {
	switch x := v.(type) {
	case string:
		b.WriteString(x + "\n")
	case []any:
		for _, e := range x {
			writeStrings(b, e, keys)
		}
	case map[string]any:
		if keys == nil {
			for _, e := range x {
				writeStrings(b, e, keys)
			}
			return
		}
		for _, k := range keys {
			if e, ok := x[k]; ok {
				writeStrings(b, e, keys)
			}
		}
	}
}

// channelPosts are the digests posted to the channel (thread replies and
// failed calls left out).
func channelPosts(srv *slacktest.Server) []slacktest.Call {
	var out []slacktest.Call
	for _, c := range srv.Calls("chat.postMessage") {
		if c.Error == "" && c.Params["channel"] == channel && c.Params["thread_ts"] == "" {
			out = append(out, c)
		}
	}
	return out
}

func expectWords(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, got)
		}
	}
}

func TestDigestScheduledPostedOnceAcrossReplicas(t *testing.T) {
	srv := newSlack(t)
	dsn := storagetest.URL(t)
	spec := dailyAt(time.Now().Add(-30 * time.Minute))
	week := dueWeek(t, spec)
	db := openDB(t, dsn)
	ids := seedDigest(t, db, week)
	// A bot to answer the digest's buttons; the jobs below are its replicas.
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn))

	replicas := []jobSet{digestReplica(t, srv, dsn, spec), digestReplica(t, srv, dsn, spec)}
	var wg sync.WaitGroup
	for _, a := range replicas {
		job := a.job(t, "digest")
		wg.Go(func() {
			if err := job.Run(context.Background(), time.Now()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	posts := channelPosts(srv)
	if len(posts) != 1 {
		t.Fatalf("%d digests posted; want exactly 1", len(posts))
	}
	rng := mustCatalog(t).For("en").DateRange(week.Start, week.End)
	got := words(t, posts[0].Params["blocks"])
	expectWords(t, "the digest", got,
		"Weekly digest: "+rng,
		"12 h", "$680", "$1,500", "$820 (45% of revenue goes on serving)", "1 out of 2 clients",
		"*Northwind*", "10 h · cost to serve $500 · revenue $300 · margin -$200",
		"Costs more than it pays: $2,000 to serve over the last 4 weeks against $1,200 coming in. You are subsidising them.",
		"1 late payment logged in the last 4 weeks.",
		"*Acme* (health 100/100): 2 h · $180 to serve · revenue $1,200 · margin $1,020",
		dialogs.ActionReviewClient, dialogs.ActionOpenFarewell, strconv.FormatInt(ids["Northwind"], 10),
	)
	if strings.Contains(got, "⟨") {
		t.Errorf("a message id is missing from the catalogue:\n%s", got)
	}

	// The chart went to the digest's thread with the files v2 flow.
	row, ok, err := db.ScheduledDigest(context.Background(), teamID, week.Start)
	if err != nil || !ok || row.Status != storage.DigestDone || row.MessageTS == "" {
		t.Fatalf("digest row: %+v, %v, %v", row, ok, err)
	}
	complete, err := srv.WaitCall("files.completeUploadExternal", nil, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if complete.Error != "" || complete.Params["thread_ts"] != row.MessageTS || complete.Params["channel_id"] != channel {
		t.Errorf("chart shared with %+v (error %q); want thread %s in %s", complete.Params, complete.Error, row.MessageTS, channel)
	}
	uploads := srv.Uploads()
	if len(uploads) != 1 || len(srv.Calls("files.getUploadURLExternal")) != 1 {
		t.Fatalf("uploads: %d", len(uploads))
	}
	for _, data := range uploads {
		if !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("the chart is not a PNG")
		}
	}

	// Review answers privately with the client's card.
	env, err := srv.SendInteraction(map[string]any{
		"type":      "block_actions",
		"team":      map[string]any{"id": teamID},
		"user":      map[string]any{"id": member, "team_id": teamID},
		"channel":   map[string]any{"id": channel},
		"container": map[string]any{"type": "message", "message_ts": row.MessageTS, "channel_id": channel},
		"message":   map[string]any{"ts": row.MessageTS},
		"actions": []any{map[string]any{
			"type": "button", "action_id": dialogs.ActionReviewClient, "block_id": "b", "value": strconv.FormatInt(ids["Northwind"], 10),
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	card := words(t, h.reply(env))
	expectWords(t, "the card", card, "Northwind", "ephemeral")

	// Later runs (the retry schedule, restarts) post nothing more.
	if err := replicas[0].job(t, "digest").Run(context.Background(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := len(channelPosts(srv)); n != 1 {
		t.Errorf("%d digests after another run", n)
	}
}

func mustCatalog(t *testing.T) *locale.Catalog {
	t.Helper()
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestDigestMissedScheduleCaughtUpOnceOnStart(t *testing.T) {
	srv := newSlack(t)
	dsn := storagetest.URL(t)
	spec := dailyAt(time.Now().Add(-time.Hour))
	week := dueWeek(t, spec)
	seedDigest(t, openDB(t, dsn), week)

	h := startBot(t, srv, withEnv("DATABASE_URL", dsn), withEnv("DIGEST_SCHEDULE", spec))
	h.waitFor("the missed digest", func() bool { return len(channelPosts(srv)) == 1 })
	h.waitJobRun("digest")
	h.shutdown()

	again := startBot(t, srv, withEnv("DATABASE_URL", dsn), withEnv("DIGEST_SCHEDULE", spec))
	again.waitJobRun("digest")
	if n := len(channelPosts(srv)); n != 1 {
		t.Fatalf("%d digests after a restart; want still 1", n)
	}
	if !strings.Contains(words(t, channelPosts(srv)[0].Params["blocks"]), "Weekly digest: "+mustCatalog(t).For("en").DateRange(week.Start, week.End)) {
		t.Errorf("the caught-up digest is not for %v", week)
	}
}

func TestDigestRateLimitedPostRetried(t *testing.T) {
	srv := newSlack(t)
	dsn := storagetest.URL(t)
	spec := dailyAt(time.Now().Add(-time.Hour))
	seedDigest(t, openDB(t, dsn), dueWeek(t, spec))
	srv.RateLimit("chat.postMessage", 1, time.Second)
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn), withEnv("DIGEST_SCHEDULE", spec))
	h.waitFor("the retried digest", func() bool { return len(channelPosts(srv)) == 1 })
	h.waitJobRun("digest")
	var limited int
	for _, c := range srv.Calls("chat.postMessage") {
		if c.Status == 429 {
			limited++
		}
	}
	if limited != 1 || len(channelPosts(srv)) != 1 {
		t.Fatalf("429s: %d, digests: %d; want 1 and 1", limited, len(channelPosts(srv)))
	}
}

func TestDigestCommands(t *testing.T) {
	srv := newSlack(t)
	dsn := storagetest.URL(t)
	db := openDB(t, dsn)
	last := digest.WeekOf(time.Now(), time.UTC).Prev()
	seedDigest(t, db, last)
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn))
	p := mustCatalog(t).For("en")
	this := last.Next()

	now := h.expect(member, "/digest", "", "This week so far: "+p.DateRange(this.Start, this.End), "Hours and cost up to")
	if strings.Contains(now, dialogs.ActionOpenFarewell) {
		t.Errorf("a member was offered the farewell wizard:\n%s", now)
	}
	got := h.expect(member, "/digest", "last", "Weekly digest: "+p.DateRange(last.Start, last.End),
		"Costs more than it pays: $2,000 to serve over the last 4 weeks against $1,200 coming in.", dialogs.ActionReviewClient)
	if strings.Contains(got, dialogs.ActionOpenFarewell) {
		t.Errorf("a member was offered the farewell wizard:\n%s", got)
	}
	h.expect(manager, "/digest", "last", dialogs.ActionOpenFarewell)
	h.expect(member, "/digest", "help", "/digest last", "/digest post")

	h.expect(member, "/digest", "post", "Only managers can do this")
	if n := len(channelPosts(srv)); n != 0 {
		t.Fatalf("a member's /digest post posted %d digests", n)
	}
	h.expect(manager, "/digest", "post", "Posted the digest for "+p.DateRange(last.Start, last.End)+" to <#"+channel+">.")
	posts := channelPosts(srv)
	if len(posts) != 1 || !strings.Contains(words(t, posts[0].Params["blocks"]), "You are subsidising them") {
		t.Fatalf("manual posts: %d", len(posts))
	}
	// A manual post does not use up the scheduled one.
	if _, ok, err := db.ScheduledDigest(context.Background(), teamID, last.Start); err != nil || ok {
		t.Errorf("the manual post claimed the scheduled digest: %v, %v", ok, err)
	}
	var manual int
	if err := db.X().Get(&manual, `SELECT count(*) FROM digest_posts WHERE team_id = $1 AND kind = 'manual' AND status = 'done' AND requested_by = $2`, teamID, manager); err != nil || manual != 1 {
		t.Errorf("manual digest rows: %d, %v", manual, err)
	}
}

func TestHomePublishedOnOpen(t *testing.T) {
	srv := newSlack(t)
	dsn := storagetest.URL(t)
	this := digest.WeekOf(time.Now(), time.UTC)
	seedDigest(t, openDB(t, dsn), this)
	startBot(t, srv, withEnv("DATABASE_URL", dsn))

	open := func(user string) string {
		t.Helper()
		before := len(srv.Calls("views.publish"))
		if _, err := srv.SendEvent(teamID, map[string]any{"type": "app_home_opened", "user": user, "tab": "home", "event_ts": "1700000000.000100"}); err != nil {
			t.Fatal(err)
		}
		var call slacktest.Call
		deadline := time.Now().Add(10 * time.Second)
		for {
			calls := srv.Calls("views.publish")
			if len(calls) > before {
				call = calls[len(calls)-1]
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no views.publish for %s", user)
			}
			time.Sleep(10 * time.Millisecond)
		}
		if call.Error != "" || call.Params["user_id"] != user {
			t.Fatalf("views.publish for %s: %q %v (user %s)", user, call.Error, call.Errors, call.Params["user_id"])
		}
		var view struct {
			Type   string            `json:"type"`
			Blocks []json.RawMessage `json:"blocks"`
		}
		if err := json.Unmarshal([]byte(call.Params["view"]), &view); err != nil {
			t.Fatal(err)
		}
		if view.Type != "home" || len(view.Blocks) == 0 || len(view.Blocks) > slacktest.MaxViewBlocks {
			t.Errorf("home view of type %q with %d blocks", view.Type, len(view.Blocks))
		}
		return words(t, call.Params["view"])
	}
	mgr := open(manager)
	expectWords(t, "the manager's home", mgr, "Your week with clients", "Your hours this week*: 2 h", "Acme 2 h",
		dialogs.ActionLogIncident, dialogs.ActionLogHours, dialogs.ActionOpenFarewell, "*Northwind*")
	mem := open(member)
	expectWords(t, "the member's home", mem, "Your hours this week*: 10 h", dialogs.ActionReviewClient)
	if strings.Contains(mem, dialogs.ActionOpenFarewell) {
		t.Errorf("the member's home offers the farewell wizard:\n%s", mem)
	}
	// Opening it again rebuilds it.
	open(member)
	if n := len(srv.Calls("views.publish")); n != 3 {
		t.Errorf("views.publish calls: %d; want one per open", n)
	}
	// Its "Log hours" button, which names no client, opens the hours form.
	env, err := srv.SendInteraction(map[string]any{
		"type":      "block_actions",
		"team":      map[string]any{"id": teamID},
		"user":      map[string]any{"id": member, "team_id": teamID},
		"container": map[string]any{"type": "view", "view_id": "V0HOME"},
		"view":      map[string]any{"id": "V0HOME", "type": "home"},
		"actions":   []any{map[string]any{"type": "button", "action_id": dialogs.ActionLogHours, "block_id": "b"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitAck(env.ID, ackBudget); err != nil {
		t.Fatal(err)
	}
	form, err := srv.WaitCall("views.open", nil, 10*time.Second)
	if err != nil || form.Error != "" || !strings.Contains(form.Params["view"], dialogs.CallbackHours) {
		t.Fatalf("the hours form from Home: %v, %q", err, form.Error)
	}
}

func TestDigestDemoPrintsLastWeek(t *testing.T) {
	env := map[string]string{"DATABASE_URL": storagetest.URL(t), "LOG_LEVEL": "warn"}
	var out, errs bytes.Buffer
	if err := run(context.Background(), []string{"demo"}, func(k string) string { return env[k] }, &out, &errs, options{}); err != nil {
		t.Fatalf("tact demo: %v\n%s", err, errs.String())
	}
	last := digest.WeekOf(time.Now(), time.UTC).Prev()
	expectWords(t, "the demo", out.String(),
		"What the digest channel gets for last week:",
		"Weekly digest: "+mustCatalog(t).For("en").DateRange(last.Start, last.End),
		"Northwind Retail", "[ Review ]", "[ Open farewell wizard ]",
		// Only the clients written to be difficult are flagged.
		"*Flagged* 2 out of 6 clients", "*Northwind Retail* · health", "*Initech* · health",
		"Replacing them would pay for itself",
	)
	text := out.String()
	digestPart := text[strings.Index(text, "What the digest channel gets"):strings.Index(text, "A sample farewell draft")]
	others := digestPart[strings.Index(digestPart, "*Other clients*"):]
	for _, calm := range []string{"Acme Logistics", "Blue Harbor Clinic", "Globex Studio", "Ромашка"} {
		if !strings.Contains(others, calm) || strings.Contains(digestPart, "*"+calm+"* · health") {
			t.Errorf("%s is not among the unflagged clients:\n%s", calm, digestPart)
		}
	}
	// The printed draft is the speakable one, with the written follow-up.
	draft := text[strings.Index(text, "A sample farewell draft"):]
	expectWords(t, "the demo draft", draft, "CONVERSATION SCRIPT", "WRITTEN FOLLOW-UP TO THE CLIENT", "about ")
	script := draft[strings.Index(draft, "CONVERSATION SCRIPT"):strings.Index(draft, "WRITTEN FOLLOW-UP")]
	if m := regexp.MustCompile(`\$[\d,]+\.\d\d`).FindString(script); m != "" {
		t.Errorf("the script says %s:\n%s", m, script)
	}
}
