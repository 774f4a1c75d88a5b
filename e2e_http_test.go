package main

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/storage/storagetest"
)

// Over HTTP the same bot answers the same journeys: a slash command, a
// modal submitted, a button, a block suggestion and the Home tab.
func TestHTTPJourneys(t *testing.T) {
	dsn := storagetest.URL(t)
	h := startBot(t, newSlack(t), withEnv("DATABASE_URL", dsn), overHTTP())
	db := openDB(t, dsn)
	h.expect(manager, "/client", "add Acme", "Added")
	h.expect(manager, "/tact", "rate support 50", "an hour costs")
	h.expect(member, "/client", "add Globex", "Only managers")
	h.expect(russian, "/client", "list", "Acme")

	// A modal: /tact settings, submitted; the answer is the HTTP response.
	v := h.openSettings()
	_, ack := h.sendSubmission(manager, v.id, "h1", dialogs.CallbackSettings, "", settingsValues(map[string]map[string]any{
		dialogs.SettingsCurrency: typed("EUR"),
	}))
	if ack.Status != http.StatusOK || !strings.Contains(words(t, string(ack.Payload)), "Saved.") {
		t.Fatalf("settings over HTTP: %d %s", ack.Status, ack.Payload)
	}
	h.expect(manager, "/client", "revenue Acme 1000/month", "€1,000")

	// A block suggestion answers with options in the response.
	env, err := h.slack.SendInteraction(map[string]any{
		"type": "block_suggestion", "action_id": dialogs.ActionClient, "block_id": "client", "value": "ac",
		"team": map[string]any{"id": teamID}, "user": map[string]any{"id": member, "team_id": teamID},
		"view": map[string]any{"id": "V0SUGGEST", "team_id": teamID, "type": "modal"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ack, err = h.slack.WaitAck(env.ID, ackBudget)
	if err != nil || !strings.Contains(string(ack.Payload), "Acme") {
		t.Errorf("suggestion over HTTP: %v %s", err, ack.Payload)
	}

	// A button: Log hours on Home opens the hours modal.
	before := len(okCalls(h.slack, "views.open"))
	click, err := h.slack.SendInteraction(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": teamID}, "user": map[string]any{"id": member, "team_id": teamID},
		"container": map[string]any{"type": "view", "view_id": "V0HOME"}, "view": map[string]any{"id": "V0HOME", "type": "home"},
		"actions": []any{map[string]any{"type": "button", "action_id": dialogs.ActionLogHours, "block_id": "b"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if ack, err := h.slack.WaitAck(click.ID, ackBudget); err != nil || ack.Status != http.StatusOK {
		t.Fatalf("the click: %v, %d", err, ack.Status)
	}
	h.waitFor("the hours modal", func() bool { return len(okCalls(h.slack, "views.open")) > before })

	// Home: the app_home_opened event publishes the tab.
	published := len(okCalls(h.slack, "views.publish"))
	if _, err := h.slack.SendEvent(teamID, map[string]any{"type": "app_home_opened", "user": member, "channel": "D0HOME", "tab": "home"}); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the Home tab", func() bool { return len(okCalls(h.slack, "views.publish")) > published })

	var n int
	if err := db.X().Get(&n, `SELECT count(*) FROM clients WHERE team_id = $1`, teamID); err != nil || n != 1 {
		t.Errorf("%d clients, %v; want 1", n, err)
	}
}

// A request whose signature is wrong or missing, or whose timestamp is
// older than 5 minutes, is refused with 401 and changes nothing; a body
// over 1 MB gets 413; url_verification is answered.
func TestHTTPRefusesWhatSlackDidNotSign(t *testing.T) {
	dsn := storagetest.URL(t)
	srv := newSlack(t)
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn), overHTTP())
	db := openDB(t, dsn)
	form := []byte("command=%2Fclient&text=add+Forged&team_id=" + teamID + "&user_id=" + manager + "&channel_id=" + channel + "&trigger_id=1.2.3&response_url=http%3A%2F%2F127.0.0.1%2Fr")
	formHeader := func(sig string) http.Header {
		hd := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
		if sig != "" {
			hd.Set("X-Slack-Signature", sig)
		}
		return hd
	}
	now := time.Now()
	for name, c := range map[string]struct {
		header http.Header
		at     time.Time
	}{
		"a wrong signature":           {formHeader("v0=" + strings.Repeat("0", 64)), now},
		"a stale timestamp":           {formHeader(""), now.Add(-6 * time.Minute)},
		"another app's secret":        {formHeader(slacktest.Sign("not-our-secret", "0", form)), now},
		"a signature of another body": {formHeader(slacktest.Sign(signingSecret, "1", []byte("x"))), now},
	} {
		status, _, err := srv.PostSigned(form, c.header, c.at)
		if err != nil || status != http.StatusUnauthorized {
			t.Errorf("%s: %d, %v; want 401", name, status, err)
		}
	}
	status, _, err := srv.PostSigned(bytes.Repeat([]byte("a"), 2<<20), formHeader(""), now)
	if err != nil || status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MB body: %d, %v; want 413", status, err)
	}
	status, body, err := srv.PostSigned([]byte(`{"token":"t","challenge":"c0ffee","type":"url_verification"}`), nil, now)
	if err != nil || status != http.StatusOK || !strings.Contains(string(body), `"challenge":"c0ffee"`) {
		t.Errorf("url_verification: %d %s %v", status, body, err)
	}
	var n int
	if err := db.X().Get(&n, `SELECT count(*) FROM clients`); err != nil || n != 0 {
		t.Errorf("%d clients after forged requests, %v", n, err)
	}
	if logs := h.logs.String(); strings.Contains(logs, "Forged") || strings.Contains(logs, signingSecret) || strings.Contains(logs, botToken) {
		t.Error("a refused request's body, the signing secret or the bot token reached the logs")
	}
}

// Slack's retry of an event (the same body, a fresh signature,
// X-Slack-Retry-Num) is processed once; so is a resent submission.
func TestHTTPRetriesAreProcessedOnce(t *testing.T) {
	dsn := storagetest.URL(t)
	srv := newSlack(t)
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn), overHTTP())
	published := len(okCalls(srv, "views.publish"))
	env, err := srv.SendEvent(teamID, map[string]any{"type": "app_home_opened", "user": member, "channel": "D0HOME", "tab": "home"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitAck(env.ID, ackBudget); err != nil {
		t.Fatal(err)
	}
	if err := srv.Redeliver(env.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitAck(env.ID, ackBudget); err != nil {
		t.Fatal(err)
	}
	h.waitFor("the Home tab", func() bool { return len(okCalls(srv, "views.publish")) > published })
	time.Sleep(300 * time.Millisecond)
	if got := len(okCalls(srv, "views.publish")) - published; got != 1 {
		t.Errorf("the Home tab published %d times for one event sent twice", got)
	}

	h.expect(manager, "/client", "add Acme", "Added")
	v := h.openSettings()
	sent, _ := h.sendSubmission(manager, v.id, "h1", dialogs.CallbackSettings, "", settingsValues(map[string]map[string]any{dialogs.SettingsCurrency: typed("GBP")}))
	if err := srv.Redeliver(sent.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitAck(sent.ID, ackBudget); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, dsn)
	var n int
	if err := db.X().Get(&n, `SELECT count(*) FROM audit_log WHERE action = 'setting'`); err != nil || n != 1 {
		t.Errorf("%d settings saves for one submission sent twice, %v", n, err)
	}
}
