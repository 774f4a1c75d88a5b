package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// Scheduled work across restarts, end to end: the real bot stopped as
// SIGTERM stops it and started again on the same database and Slack.

// marked returns the messages in the channel, outside threads, whose
// metadata has eventType.
func marked(srv *slacktest.Server, eventType string) []slacktest.Message {
	var out []slacktest.Message
	for _, m := range srv.Messages(channel) {
		if m.ThreadTS == "" && m.Metadata != nil && m.Metadata.EventType == eventType {
			out = append(out, m)
		}
	}
	return out
}

// waitJobRun waits for a run of the named job to end in the bot's log.
func (h *harness) waitJobRun(job string) {
	h.t.Helper()
	h.waitFor("a run of "+job, func() bool {
		for _, line := range strings.Split(h.logs.String(), "\n") {
			if strings.Contains(line, `"job":"`+job+`"`) && (strings.Contains(line, "scheduled job done") || strings.Contains(line, "scheduled job failed")) {
				return true
			}
		}
		return false
	})
}

func TestJobsDigestCutOffBySIGTERMIsPostedOnceAfterRestart(t *testing.T) {
	srv := newSlack(t)
	dsn := storagetest.URL(t)
	spec := dailyAt(time.Now().Add(-time.Hour))
	week := dueWeek(t, spec)
	db := openDB(t, dsn)
	seedDigest(t, db, week)

	// The digest reaches the channel, but Slack's answer hangs: SIGTERM
	// arrives while chat.postMessage is still waiting.
	srv.Delay("chat.postMessage", time.Hour)
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn), withEnv("DIGEST_SCHEDULE", spec), withOptions(options{jobGrace: time.Second}))
	h.waitFor("the digest in the channel", func() bool { return len(marked(srv, schedule.DigestEventType)) == 1 })
	start := time.Now()
	h.shutdown()
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("shutdown took %v with a 1 s job grace", took)
	}
	// The cut-off run handed its claim back on a context of its own.
	row, ok, err := db.ScheduledDigest(context.Background(), teamID, week.Start)
	if err != nil || !ok || row.Status != storage.DigestFailed || row.MessageTS != "" {
		t.Fatalf("after SIGTERM the digest row is %+v, %v, %v; want it handed back", row, ok, err)
	}
	srv.Delay("chat.postMessage", 0)
	// Aged past its stale window, as a replica killed outright leaves it.
	if _, err := db.X().Exec(`UPDATE digest_posts SET status = 'claimed', claimed_at = now() - interval '1 hour'`); err != nil {
		t.Fatal(err)
	}

	again := startBot(t, srv, withEnv("DATABASE_URL", dsn), withEnv("DIGEST_SCHEDULE", spec))
	again.waitJobRun("digest")
	got := marked(srv, schedule.DigestEventType)
	if len(got) != 1 {
		t.Fatalf("%d digests in the channel after the restart; want exactly 1", len(got))
	}
	if p := got[0].Metadata.EventPayload; p["week"] != week.Start.Format(time.DateOnly) || p["kind"] != "scheduled" || p["team"] != teamID {
		t.Errorf("the digest's metadata: %v", p)
	}
	row, _, _ = db.ScheduledDigest(context.Background(), teamID, week.Start)
	if row.Status != storage.DigestDone || row.MessageTS != got[0].TS {
		t.Errorf("after the restart the digest row is %+v; want done with ts %s", row, got[0].TS)
	}
	for _, m := range srv.Messages(channel) {
		if m.ThreadTS != "" && m.ThreadTS != got[0].TS {
			t.Errorf("a thread reply under %s, not under the digest", m.ThreadTS)
		}
	}
}

// seedPartingClient saves a decision to part with a client on end, as the
// wizard would, with the drafts not yet sent by DM.
func seedPartingClient(t *testing.T, db *storage.DB, name string, end time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	if err := db.LoadWorkspace(ctx, teamID, storage.Workspace{Clients: []storage.SeedClient{{Name: name, CreatedBy: manager}}}, false); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.X().Get(&id, `SELECT id FROM clients WHERE team_id = $1 AND name = $2`, teamID, name); err != nil {
		t.Fatal(err)
	}
	rec := storage.FarewellRecord{
		ClientID: id, Manager: manager, Path: "part_ways", Group: "negotiating", Lang: "en", EndOn: end,
		Decision: json.RawMessage(`{}`),
		Drafts: storage.FarewellDrafts{Lang: "en", Path: "part_ways", Docs: []storage.FarewellDraft{
			{Doc: "script", Title: "Conversation script", Text: "Thank the client for the years together."},
			{Doc: "checklist", Title: "Checklist", Text: "☐ Final invoice"},
		}},
		Status: ledger.StatusParting, StatusUntil: end,
		Reminders: []storage.FarewellReminderPlan{{Kind: storage.ReminderEndDate, DueOn: end}},
	}
	if _, err := db.SaveFarewell(ctx, storage.Delivery{TeamID: teamID, UserID: manager, Key: "seed:" + name}, rec); err != nil {
		t.Fatal(err)
	}
	return id
}

// dmsContaining counts the DMs whose blocks or text contain s.
func dmsContaining(srv *slacktest.Server, s string) int {
	n := 0
	for _, c := range okCalls(srv, "chat.postMessage") {
		if strings.HasPrefix(c.Params["channel"], "D") && (strings.Contains(c.Params["blocks"], s) || strings.Contains(c.Params["text"], s)) {
			n++
		}
	}
	return n
}

func TestJobsReminderClaimedByADeadProcessIsSentOnceByTheNextStart(t *testing.T) {
	srv := newSlack(t)
	dsn := storagetest.URL(t)
	db := openDB(t, dsn)
	today := ledger.DayIn(time.Now(), time.UTC)
	seedPartingClient(t, db, "Acme", today)
	// A run claimed the end-date reminder, then its process died.
	if _, err := db.X().Exec(`UPDATE farewell_reminders SET sent_at = now() - interval '1 hour'`); err != nil {
		t.Fatal(err)
	}
	p := mustCatalog(t).For(locale.EN)
	text := strings.SplitN(p.T("farewell.remind.end_date", map[string]any{"Client": "Acme", "EndDate": p.Date(today)}), "*", 2)[0]

	h := startBot(t, srv, withEnv("DATABASE_URL", dsn))
	h.waitFor("the reminder", func() bool { return dmsContaining(srv, text) == 1 })
	h.waitJobRun("farewell-reminders")
	h.shutdown()
	again := startBot(t, srv, withEnv("DATABASE_URL", dsn))
	again.waitJobRun("farewell-reminders")
	if n := dmsContaining(srv, text); n != 1 {
		t.Fatalf("the reminder went out %d times; want once", n)
	}
	var delivered int
	if err := db.X().Get(&delivered, `SELECT count(*) FROM farewell_reminders WHERE delivered_at IS NOT NULL`); err != nil || delivered != 1 {
		t.Errorf("reminders recorded as delivered: %d (%v); want 1", delivered, err)
	}
}

func TestJobsPulseMissedWhileDownIsPostedOnStartOnce(t *testing.T) {
	srv := newSlack(t)
	dsn := storagetest.URL(t)
	fired := time.Now().Add(-time.Hour).UTC()
	spec := dailyAt(fired)
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn), withEnv("PULSE_SCHEDULE", spec))
	h.waitFor("the pulse", func() bool { return len(marked(srv, dialogs.PulseEventType)) == 1 })
	h.waitJobRun(schedule.PulseJob)
	h.shutdown()
	again := startBot(t, srv, withEnv("DATABASE_URL", dsn), withEnv("PULSE_SCHEDULE", spec))
	again.waitJobRun(schedule.PulseJob)
	got := marked(srv, dialogs.PulseEventType)
	if len(got) != 1 {
		t.Fatalf("%d pulses in the channel; want 1", len(got))
	}
	if period := got[0].Metadata.EventPayload["period"]; period != fired.Format("2006-01") {
		t.Errorf("the pulse is for %v; want %s", period, fired.Format("2006-01"))
	}
	if !strings.Contains(string(got[0].Blocks), dialogs.ActionPulseOpen) {
		t.Errorf("the pulse has no button: %s", got[0].Blocks)
	}
}

// A pulse whose post reached the channel while SIGTERM cut its answer off
// is recognised by the next start, not posted again; its button works.
func TestJobsPulseCutOffBySIGTERMIsNotPostedTwice(t *testing.T) {
	srv := newSlack(t)
	dsn := storagetest.URL(t)
	spec := dailyAt(time.Now().Add(-time.Hour))
	srv.Delay("chat.postMessage", time.Hour)
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn), withEnv("PULSE_SCHEDULE", spec), withOptions(options{jobGrace: time.Second}))
	h.waitFor("the pulse in the channel", func() bool { return len(marked(srv, dialogs.PulseEventType)) == 1 })
	h.shutdown()
	srv.Delay("chat.postMessage", 0)

	again := startBot(t, srv, withEnv("DATABASE_URL", dsn), withEnv("PULSE_SCHEDULE", spec))
	again.waitJobRun(schedule.PulseJob)
	got := marked(srv, dialogs.PulseEventType)
	if len(got) != 1 {
		t.Fatalf("%d pulses in the channel; want 1", len(got))
	}
	db := openDB(t, dsn)
	var id int64
	var ts string
	if err := db.X().QueryRow(`SELECT id, COALESCE(message_ts, '') FROM strain_pulses`).Scan(&id, &ts); err != nil {
		t.Fatal(err)
	}
	if ts != got[0].TS {
		t.Errorf("the pulse is recorded under ts %q; the message is %s", ts, got[0].TS)
	}
	if !strings.Contains(string(got[0].Blocks), strconv.FormatInt(id, 10)) {
		t.Errorf("the message's button does not name pulse %d: %s", id, got[0].Blocks)
	}
}

func TestJobsResendDraftsFromTheCard(t *testing.T) {
	w := startFarewellWorld(t)
	// The decision is saved; its DM never arrived.
	id := seedPartingClient(t, w.db, "Acme", w.today().AddDate(0, 0, 30))
	hasButton := func(user string) bool {
		return strings.Contains(w.reply(w.command(user, "/client", "show Acme")), `"`+dialogs.ActionResendDrafts+`"`)
	}
	if !hasButton(manager) {
		t.Fatal("a manager's card lacks Resend drafts")
	}
	if hasButton(member) {
		t.Error("a member's card offers Resend drafts")
	}
	p := w.cat.For(locale.EN)

	// A member pressing it anyway (a forged or shared payload) is refused.
	env := w.click(member, dialogs.ActionResendDrafts, strconv.FormatInt(id, 10))
	refusal := p.T("error.not_manager", map[string]any{"Managers": "<@" + manager + ">, <@" + russian + ">"})
	if got, _ := w.replyText(env); got != refusal {
		t.Errorf("Resend drafts by a member: %q; want %q", got, refusal)
	}
	if n := dmsContaining(w.slack, "Thank the client"); n != 0 {
		t.Fatalf("a member's press sent %d DMs", n)
	}

	env = w.click(manager, dialogs.ActionResendDrafts, strconv.FormatInt(id, 10))
	if got, _ := w.replyText(env); got != p.T("farewell.resend.done", map[string]any{"Client": "Acme"}) {
		t.Errorf("Resend drafts by a manager answered %q", got)
	}
	w.waitFor("the drafts by DM", func() bool { return dmsContaining(w.slack, "Thank the client") == 1 })
	if dmsContaining(w.slack, "Final invoice") != 1 {
		t.Error("the resent drafts lack the checklist")
	}
	if hasButton(manager) {
		t.Error("the card still offers Resend drafts once they arrived")
	}
}

// The wizard saves, then its DM fails: the modal says the drafts did not
// arrive and where to get them, and the card's Resend drafts brings them.
func TestJobsFarewellDMFailureOffersResend(t *testing.T) {
	w := startFarewellWorld(t)
	end := w.today().AddDate(0, 0, 20)
	v, final := w.fwPartWaysPreview(end)
	w.slack.Fail("conversations.open", 1, "internal_error")
	since := time.Now()
	v.n++
	w.fwReadAck(v, w.fwSubmitView(manager, v, "final", final))
	p := w.cat.For(locale.EN)
	want := strings.SplitN(p.T("farewell.resend.dm_failed", map[string]any{"Client": "Acme", "Status": "x"}), "*", 2)[1][:20]
	w.waitFor("the modal saying the DM failed", func() bool {
		for _, c := range okCalls(w.slack, "views.update") {
			if c.At.After(since) && strings.Contains(c.Params["view"], want) {
				return true
			}
		}
		return false
	})
	if _, n := w.fwDmTexts(since); n != 0 {
		t.Fatalf("%d DMs went out though conversations.open failed", n)
	}
	card := w.reply(w.command(manager, "/client", "show Acme"))
	if !strings.Contains(card, `"`+dialogs.ActionResendDrafts+`"`) {
		t.Fatalf("the card lacks Resend drafts after the failed DM: %s", card)
	}
	var id int64
	if err := w.db.X().Get(&id, `SELECT id FROM clients WHERE team_id = $1 AND name = 'Acme'`, teamID); err != nil {
		t.Fatal(err)
	}
	w.replyText(w.click(manager, dialogs.ActionResendDrafts, strconv.FormatInt(id, 10)))
	w.waitFor("the resent drafts", func() bool { _, n := w.fwDmTexts(since); return n > 0 })
	dm, _ := w.fwDmTexts(since)
	if !strings.Contains(dm, p.T("farewell.ui.dm.fallback", map[string]any{"Client": "Acme"})) {
		t.Errorf("the resent DM is not the drafts: %s", dm)
	}
}
