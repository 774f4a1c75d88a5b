package schedule_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestLastFiring(t *testing.T) {
	moscow, err := time.LoadLocation("Europe/Moscow")
	if err != nil {
		t.Fatal(err)
	}
	// Monday 23 Nov 2026.
	at := func(loc *time.Location, d, hm string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", d+" "+hm, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name   string
		spec   string
		loc    *time.Location
		now    time.Time
		window time.Duration
		want   time.Time // zero: none in the window
	}{
		{"just fired", "0 9 * * 1", time.UTC, at(time.UTC, "2026-11-23", "09:00"), 48 * time.Hour, at(time.UTC, "2026-11-23", "09:00")},
		{"an hour late", "0 9 * * 1", time.UTC, at(time.UTC, "2026-11-23", "10:00"), 48 * time.Hour, at(time.UTC, "2026-11-23", "09:00")},
		{"before this week's", "0 9 * * 1", time.UTC, at(time.UTC, "2026-11-23", "08:59"), 48 * time.Hour, time.Time{}},
		{"before this week's, long window", "0 9 * * 1", time.UTC, at(time.UTC, "2026-11-23", "08:59"), 14 * 24 * time.Hour, at(time.UTC, "2026-11-16", "09:00")},
		{"too late", "0 9 * * 1", time.UTC, at(time.UTC, "2026-11-25", "09:01"), 48 * time.Hour, time.Time{}},
		{"at the window's edge", "0 9 * * 1", time.UTC, at(time.UTC, "2026-11-25", "09:00"), 48 * time.Hour, at(time.UTC, "2026-11-23", "09:00")},
		{"in the team's zone", "0 9 * * 1", moscow, at(time.UTC, "2026-11-23", "06:30"), time.Hour, at(moscow, "2026-11-23", "09:00")},
		{"latest of many", "*/5 * * * *", time.UTC, at(time.UTC, "2026-11-23", "10:07"), 48 * time.Hour, at(time.UTC, "2026-11-23", "10:05")},
		{"never", "0 0 31 2 *", time.UTC, at(time.UTC, "2026-11-23", "10:07"), 14 * 24 * time.Hour, time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok, err := schedule.LastFiring(tc.spec, tc.loc, tc.now, tc.window)
			if err != nil {
				t.Fatal(err)
			}
			if ok != !tc.want.IsZero() || !got.Equal(tc.want) {
				t.Errorf("LastFiring = %v, %v; want %v", got, ok, tc.want)
			}
		})
	}
	if _, _, err := schedule.LastFiring("every monday", time.UTC, time.Now(), time.Hour); err == nil {
		t.Error("a bad spec was accepted")
	}
}

const (
	testTeam    = "T0TEST"
	testChannel = "C0DIGEST"
)

// posterFixture is a poster against the Slack test server and a fresh
// database holding 60 clients with hours in 16–22 Nov 2026: more than one
// message holds, so the digest needs a thread.
func posterFixture(t *testing.T) (*slacktest.Server, *storage.DB, func() *schedule.DigestJob) {
	t.Helper()
	srv, err := slacktest.New(slacktest.Options{AppToken: "xapp-1-test", BotToken: "xoxb-test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	db := storagetest.New(t)
	w := storage.Workspace{Rates: []ledger.Rate{{Department: "support", PerHourMinor: 5_000, From: day("2026-01-01")}}}
	for i := range 60 {
		name := fmt.Sprintf("Client %02d", i)
		w.Clients = append(w.Clients, storage.SeedClient{Name: name, CreatedBy: "U1",
			Revenue: []ledger.Revenue{{AmountMinor: 1_000_000, Period: ledger.Month, From: day("2026-01-01")}}})
		w.Hours = append(w.Hours, storage.SeedHours{Client: name, UserID: "U1", Department: "support", Minutes: 60 + i, Day: day("2026-11-17")})
	}
	if err := db.LoadWorkspace(context.Background(), testTeam, w, true); err != nil {
		t.Fatal(err)
	}
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	job := func() *schedule.DigestJob {
		api := bot.NewClient(bot.ClientConfig{BotToken: "xoxb-test", APIURL: srv.APIURL(), MaxRetries: 2})
		p := &schedule.DigestPoster{DB: db, API: api, Catalog: cat, TeamID: testTeam, Stale: 50 * time.Millisecond,
			Settings: schedule.FixedSettings{DigestChannel: testChannel, DigestSpec: "0 9 * * 1", Language: "en", Currency: "USD", Location: time.UTC}}
		return &schedule.DigestJob{Poster: p, CatchUp: 48 * time.Hour}
	}
	return srv, db, job
}

// mondayTen is an hour after the default schedule fired on 23 Nov 2026.
var mondayTen = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func okPosts(srv *slacktest.Server) (main, thread int) {
	for _, c := range srv.Calls("chat.postMessage") {
		switch {
		case c.Error != "":
		case c.Params["thread_ts"] != "":
			thread++
		default:
			main++
		}
	}
	return main, thread
}

func TestDigestJobPostsOnceAcrossReplicas(t *testing.T) {
	srv, db, newJob := posterFixture(t)
	var wg sync.WaitGroup
	for range 3 {
		job := newJob()
		// A claim is only ever fresh here: with the fixture's 50 ms window a
		// loaded machine let a second replica take over a live claim.
		job.Poster.Stale = time.Hour
		wg.Go(func() {
			if err := job.Run(context.Background(), mondayTen); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	main, thread := okPosts(srv)
	if main != 1 || thread != 1 {
		t.Fatalf("posted %d messages and %d thread replies; want 1 and 1", main, thread)
	}
	if len(srv.Uploads()) != 1 {
		t.Errorf("uploads: %d; want the chart", len(srv.Uploads()))
	}
	p, ok, err := db.ScheduledDigest(context.Background(), testTeam, day("2026-11-16"))
	if err != nil || !ok || p.Status != storage.DigestDone || p.ThreadPosted != 1 || p.ChartFileID == "" {
		t.Fatalf("digest row: %+v, %v, %v", p, ok, err)
	}
	// Later runs (the retry schedule, a restart) find nothing to do.
	if err := newJob().Run(context.Background(), mondayTen.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if main, _ := okPosts(srv); main != 1 {
		t.Errorf("posted again: %d messages", main)
	}
}

func TestDigestJobResumesAfterTheMessage(t *testing.T) {
	srv, db, newJob := posterFixture(t)
	ctx := context.Background()
	// A replica posted the message and died before the thread.
	p, ok, err := db.ClaimScheduledDigest(ctx, testTeam, day("2026-11-16"), testChannel, time.Hour)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if err := db.DigestMessagePosted(ctx, p, "1700000000.000100"); err != nil {
		t.Fatal(err)
	}
	// Until the claim is stale a retry leaves it alone.
	if err := newJob().Run(ctx, mondayTen); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Calls("chat.postMessage")); n != 0 {
		t.Fatalf("%d posts while the claim was fresh", n)
	}
	time.Sleep(100 * time.Millisecond)
	if err := newJob().Run(ctx, mondayTen.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	main, thread := okPosts(srv)
	if main != 0 || thread != 1 {
		t.Fatalf("the retry posted %d messages and %d thread replies; want only the thread", main, thread)
	}
	for _, c := range srv.Calls("chat.postMessage") {
		if c.Params["thread_ts"] != "1700000000.000100" {
			t.Errorf("thread reply under %q", c.Params["thread_ts"])
		}
	}
	complete, err := srv.WaitCall("files.completeUploadExternal", nil, time.Second)
	if err != nil || complete.Params["thread_ts"] != "1700000000.000100" || complete.Params["channel_id"] != testChannel {
		t.Errorf("chart upload: %+v, %v", complete.Params, err)
	}
}

func TestDigestJobRetriesARefusedPost(t *testing.T) {
	srv, db, newJob := posterFixture(t)
	ctx := context.Background()
	// Slack refuses the first post (no such channel): nothing is posted,
	// the claim is released, and the next run posts where it is told to now.
	srv.Fail("chat.postMessage", 1, "channel_not_found")
	if err := newJob().Run(ctx, mondayTen); err == nil || !strings.Contains(err.Error(), "channel_not_found") {
		t.Fatalf("first run: %v; want channel_not_found", err)
	}
	p, ok, err := db.ScheduledDigest(ctx, testTeam, day("2026-11-16"))
	if err != nil || !ok || p.Status != storage.DigestFailed || p.MessageTS != "" {
		t.Fatalf("after the refusal: %+v, %v, %v", p, ok, err)
	}
	if err := newJob().Run(ctx, mondayTen.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if main, thread := okPosts(srv); main != 1 || thread != 1 {
		t.Fatalf("posted %d messages, %d thread replies; want 1 and 1", main, thread)
	}
	if p, _, _ := db.ScheduledDigest(ctx, testTeam, day("2026-11-16")); p.Status != storage.DigestDone || p.ChannelID != testChannel || p.Attempts != 2 {
		t.Errorf("after the retry: %+v", p)
	}
}

// A 429 is waited out and retried by the Slack client within the run.
func TestDigestJobWaitsOutARateLimit(t *testing.T) {
	srv, _, newJob := posterFixture(t)
	srv.RateLimit("chat.postMessage", 1, time.Second)
	if err := newJob().Run(context.Background(), mondayTen); err != nil {
		t.Fatal(err)
	}
	if main, _ := okPosts(srv); main != 1 {
		t.Fatalf("posted %d digests; want 1", main)
	}
}

func TestDigestJobSkipsWhatIsNotDue(t *testing.T) {
	srv, _, newJob := posterFixture(t)
	for _, now := range []time.Time{
		mondayTen.Add(-2 * time.Hour), // before this week's firing; last week's is too long ago
		mondayTen.Add(47 * time.Hour), // within the catch-up: posts
		mondayTen.Add(24 * time.Hour), // the same week again: already posted
		mondayTen.Add(49 * time.Hour), // past the catch-up
	} {
		if err := newJob().Run(context.Background(), now); err != nil {
			t.Fatal(err)
		}
	}
	if main, _ := okPosts(srv); main != 1 {
		t.Fatalf("posted %d digests; want 1", main)
	}
}

// topLevel counts the messages in the digest channel outside threads.
func topLevel(srv *slacktest.Server) (n int, ts string) {
	for _, m := range srv.Messages(testChannel) {
		if m.ThreadTS == "" {
			n, ts = n+1, m.TS
		}
	}
	return n, ts
}

func TestDigestJobRecognisesAPostWhoseAnswerWasLost(t *testing.T) {
	srv, db, newJob := posterFixture(t)
	// The message lands but its answer never comes back before the run is
	// cut off (shutdown): the claim is handed back at once.
	srv.Delay("chat.postMessage", time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := newJob().Run(ctx, mondayTen); err == nil {
		t.Fatal("the cut-off run reported success")
	}
	p, ok, err := db.ScheduledDigest(context.Background(), testTeam, day("2026-11-16"))
	if err != nil || !ok || p.Status != storage.DigestFailed || p.MessageTS != "" {
		t.Fatalf("after the cut-off run: %+v, %v, %v", p, ok, err)
	}
	srv.Delay("chat.postMessage", 0)
	if err := newJob().Run(context.Background(), mondayTen.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	n, ts := topLevel(srv)
	if n != 1 {
		t.Fatalf("%d digests in the channel; want 1", n)
	}
	md := srv.Messages(testChannel)[0].Metadata
	if md == nil || md.EventType != schedule.DigestEventType || md.EventPayload["week"] != "2026-11-16" || md.EventPayload["kind"] != "scheduled" || md.EventPayload["team"] != testTeam {
		t.Errorf("digest metadata: %+v", md)
	}
	p, _, _ = db.ScheduledDigest(context.Background(), testTeam, day("2026-11-16"))
	if p.Status != storage.DigestDone || p.MessageTS != ts || p.ThreadPosted != 1 {
		t.Errorf("after the retry: %+v (message %s)", p, ts)
	}
}
