package main

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/settings"
	"github.com/tact-bot/tact/storage/storagetest"
)

const otherChannel = "C0OTHER"

func option(v string) map[string]any {
	return map[string]any{"type": "static_select", "selected_option": map[string]any{"value": v}}
}

// settingsValues is a settings modal's state as Slack sends it, with the
// fields a test sets over a filled-in form.
func settingsValues(change map[string]map[string]any) map[string]map[string]any {
	v := map[string]map[string]any{
		dialogs.SettingsChannel:    {"type": "conversations_select", "selected_conversation": channel},
		dialogs.SettingsManagers:   {"type": "multi_users_select", "selected_users": []string{manager}},
		dialogs.SettingsCurrency:   typed("USD"),
		dialogs.SettingsTimeZone:   typed("UTC"),
		dialogs.SettingsLanguage:   option("en"),
		dialogs.SettingsPulse:      {"type": "radio_buttons", "selected_option": map[string]any{"value": "off"}},
		dialogs.SettingsPollHours:  {"type": "number_input", "value": "72"},
		dialogs.SettingsMinAnswers: {"type": "number_input", "value": "3"},
	}
	for k, c := range change {
		v[k] = c
	}
	out := map[string]map[string]any{}
	for k, c := range v {
		out[k] = map[string]any{k: c}
	}
	return out
}

// openSettings runs /tact settings as a manager and returns the modal.
func (h *harness) openSettings() *importView {
	h.t.Helper()
	before := len(okCalls(h.slack, "views.open"))
	h.command(manager, "/tact", "settings")
	h.waitFor("the settings modal", func() bool { return len(okCalls(h.slack, "views.open")) > before })
	ids := h.slack.OpenedViews()
	return parseImportView(h.t, ids[len(ids)-1], okCalls(h.slack, "views.open")[before].Params["view"])
}

// digests are the top-level messages posted to ch.
func digests(srv *slacktest.Server, ch string) int {
	n := 0
	for _, c := range posts(srv, ch) {
		if c.Params["thread_ts"] == "" {
			n++
		}
	}
	return n
}

// A manager moves the digest to another channel and another time in
// /tact settings; the next scheduled digest goes there, then, once,
// whichever of two replicas looks; members only read the settings.
func TestSettingsMoveTheDigestOnEveryReplica(t *testing.T) {
	srv := startSlack(t, func() slacktest.Options {
		o := slackOptions()
		o.UserGroups = map[string][]string{"S0LEADS": {manager}}
		o.GroupHandles = map[string]string{"S0LEADS": "leads"}
		return o
	}())
	dsn := storagetest.URL(t)
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn))
	db := openDB(t, dsn)

	h.expect(member, "/tact", "settings", "Workspace settings", "*Digest:* <#"+channel+">, on the server's schedule",
		"*Managers:* <@"+manager+">", "*Currency:* USD", "Only managers can change these")
	h.expect(russian, "/tact", "settings", "Настройки", "*Сводка:* <#"+channel+">", "Менять их могут только руководители")

	v := h.openSettings()
	expectWords(t, "the settings modal", v.words(t), "Digest channel", "Managers", "@leads", "Digest day", "Digest time",
		"Monthly strain pulse", "Time zone", "Answers a poll needs to show a result")

	// The digest's new time: ten minutes ago, today (UTC, the bot's zone).
	at := time.Now().UTC().Add(-10 * time.Minute)
	day := int(at.Weekday())
	if day == 0 {
		day = 7
	}
	when := settings.Weekly{Day: day, Minute: at.Hour()*60 + at.Minute()}
	change := map[string]map[string]any{
		dialogs.SettingsChannel:    {"type": "conversations_select", "selected_conversation": otherChannel},
		dialogs.SettingsDigestDay:  option(string(rune('0' + day))),
		dialogs.SettingsDigestTime: {"type": "timepicker", "selected_time": when.Clock()},
	}

	// A member's forged submission changes nothing.
	_, ack := h.sendSubmission(member, v.id, "h0", dialogs.CallbackSettings, "", settingsValues(change))
	if !strings.Contains(string(ack.Payload), "Only managers") {
		t.Errorf("a member's submission: %s", ack.Payload)
	}
	// Bad values are refused beside their fields, nothing saved.
	bad := settingsValues(map[string]map[string]any{
		dialogs.SettingsTimeZone:   typed("Mars/Olympus"),
		dialogs.SettingsMinAnswers: {"type": "number_input", "value": "2"},
		dialogs.SettingsManagers:   {"type": "multi_users_select", "selected_users": []string{}},
	})
	_, ack = h.sendSubmission(manager, v.id, "h1", dialogs.CallbackSettings, "", bad)
	for _, want := range []string{"errors", "isn't a time zone", "could give away who said what", "at least one manager"} {
		if !strings.Contains(words(t, string(ack.Payload)), want) {
			t.Errorf("bad values: the answer lacks %q: %s", want, ack.Payload)
		}
	}
	if s, err := db.StoredSettings(context.Background(), teamID); err != nil || s.DigestChannel != "" {
		t.Fatalf("something was saved: %+v, %v", s, err)
	}

	week := dueWeek(t, when.Spec())
	seedDigest(t, db, week)
	_, ack = h.sendSubmission(manager, v.id, "h2", dialogs.CallbackSettings, "", settingsValues(change))
	if got := words(t, string(ack.Payload)); !strings.Contains(got, "Saved.") || !strings.Contains(got, "<#"+otherChannel+">") {
		t.Fatalf("saving: %s", ack.Payload)
	}

	// Two replicas started with the environment's schedule (which never
	// fires) and channel: both read the new ones.
	replicas := []jobSet{digestReplica(t, srv, dsn, "0 0 31 2 *"), digestReplica(t, srv, dsn, "0 0 31 2 *")}
	runAll := func(now time.Time) {
		var wg sync.WaitGroup
		for _, a := range replicas {
			job := a.job(t, "digest")
			wg.Go(func() {
				if err := job.Run(context.Background(), now); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	runAll(at.Add(-time.Minute))
	if n := digests(srv, otherChannel) + digests(srv, channel); n != 0 {
		t.Fatalf("%d digests posted before the new time", n)
	}
	runAll(at.Add(time.Second))
	runAll(at.Add(time.Minute))
	if n := digests(srv, otherChannel); n != 1 {
		t.Fatalf("%d digests in the new channel; want exactly 1", n)
	}
	if n := digests(srv, channel); n != 0 {
		t.Errorf("%d digests in the old channel", n)
	}

	h.expect(member, "/tact", "settings", "*Digest:* <#"+otherChannel+">, every "+at.Weekday().String()+" at "+when.Clock())
	h.expect(manager, "/tact", "audit", "changed the workspace settings",
		"digest channel: the server's default → <#"+otherChannel+">", "digest time: the server's default → "+when.Clock(),
		"managers: the server's default → <@"+manager+">", "pulse: the server's default → Off")
}

// Settings apply to every handler at once: managers named in Slack may act
// and the ones dropped may not; the currency and the poll length change.
func TestSettingsManagersCurrencyAndPolls(t *testing.T) {
	dsn := storagetest.URL(t)
	h := startBot(t, newSlack(t), withEnv("DATABASE_URL", dsn))
	h.expect(member, "/client", "add Acme", "Only managers")
	v := h.openSettings()
	_, ack := h.sendSubmission(manager, v.id, "h1", dialogs.CallbackSettings, "", settingsValues(map[string]map[string]any{
		dialogs.SettingsManagers:  {"type": "multi_users_select", "selected_users": []string{member}},
		dialogs.SettingsCurrency:  typed("eur"),
		dialogs.SettingsPollHours: {"type": "number_input", "value": "24"},
		dialogs.SettingsCAC:       typed("4000"),
	}))
	if !strings.Contains(string(ack.Payload), "Saved.") {
		t.Fatalf("saving: %s", ack.Payload)
	}
	h.expect(member, "/client", "add Acme", "Added")
	h.expect(manager, "/client", "revenue Acme 1000/month", "Only managers")
	h.expect(member, "/client", "revenue Acme 1000/month", "€1,000")
	h.expect(member, "/tact", "settings show", "*Currency:* EUR", "*Typical cost to win a client:* €4,000", "open for 24 h", "Run `/tact settings`")
	h.expect(manager, "/tact", "settings", "Only managers can change these: <@"+member+">")
	h.expect(member, "/strain", "help", "24 h")
}

// The job table reads the digest's schedule from the settings: a workspace
// with none at all posts nothing, and the default schedule applies until a
// manager picks a day and a time.
func TestSettingsDefaultsComeFromTheEnvironment(t *testing.T) {
	dsn := storagetest.URL(t)
	db := openDB(t, dsn)
	env := map[string]string{"DIGEST_CHANNEL": channel, "DIGEST_SCHEDULE": "30 8 * * 2", "TZ": "Europe/Berlin",
		"CURRENCY": "GBP", "MANAGERS": manager + ",S0LEADS", "DEFAULT_LOCALE": "ru", "STRAIN_POLL_HOURS": "48"}
	cfg, err := loadConfig(func(k string) string { return env[k] }, false)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := cfg.workspaces(db).For(context.Background(), teamID)
	if err != nil {
		t.Fatal(err)
	}
	if ws.DigestChannel != channel || ws.DigestSpec != "30 8 * * 2" || ws.Location.String() != "Europe/Berlin" || ws.Currency != "GBP" ||
		ws.Language != "ru" || ws.PollHours != 48 || ws.MinAnswers != 3 || len(ws.Managers) != 2 || ws.PulseSpec != "0 10 1-7 * 1" {
		t.Errorf("defaults: %+v", ws)
	}
	if _, _, err := schedule.LastFiring(ws.DigestSpec, ws.Location, time.Now(), time.Hour); err != nil {
		t.Error(err)
	}
}
