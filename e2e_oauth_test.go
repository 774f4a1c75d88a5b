package main

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/storagetest"
)

// Many workspaces: the app's OAuth credentials, and workspaces that
// install it with "Add to Slack".
const (
	oauthClientID     = "1234.5678"
	oauthClientSecret = "test-client-secret-0123456789"
	betaTeam          = "T0BETA"
	betaManager       = "U0BANNA" // installs Tact in Beta; reads Russian
	betaMember        = "U0BBORIS"
	gammaTeam         = "T0GAMMA"
	gammaManager      = "U0GGRETA"
)

var (
	alpha = slacktest.Workspace{ID: teamID, Name: "Alpha"}
	beta  = slacktest.Workspace{ID: betaTeam, Name: "Beta"}
	gamma = slacktest.Workspace{ID: gammaTeam, Name: "Gamma"}
)

// oauthSlack is the test Slack with the app's OAuth credentials and the
// people of three workspaces.
func oauthSlack(t *testing.T, rotation time.Duration) *slacktest.Server {
	opts := slackOptions()
	opts.ClientID, opts.ClientSecret, opts.TokenRotation = oauthClientID, oauthClientSecret, rotation
	opts.Users[betaManager] = slacktest.User{ID: betaManager, TeamID: betaTeam, Name: "anna", Locale: "ru-RU"}
	opts.Users[betaMember] = slacktest.User{ID: betaMember, TeamID: betaTeam, Name: "boris", Locale: "en-US"}
	opts.Users[gammaManager] = slacktest.User{ID: gammaManager, TeamID: gammaTeam, Name: "greta", Locale: "en-US"}
	return startSlack(t, opts)
}

// manyWorkspaces runs the bot with SLACK_CLIENT_ID and no bot token.
func manyWorkspaces() harnessOption {
	return func(h *harness, _ *options) {
		delete(h.env, "SLACK_BOT_TOKEN")
		h.env["SLACK_CLIENT_ID"] = oauthClientID
		h.env["SLACK_CLIENT_SECRET"] = oauthClientSecret
		h.env["SLACK_REDIRECT_URI"] = "http://" + h.env["HTTP_ADDR"] + "/slack/oauth_redirect"
	}
}

// browser is a person's browser reading language ("" for none).
func browser(t *testing.T, language string) *slacktest.Browser {
	b, err := slacktest.NewBrowser(language)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fetch(t *testing.T, b *slacktest.Browser, url string) (int, string) {
	t.Helper()
	status, page, err := b.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	return status, page
}

// installPage opens /slack/install in b and returns the button's link.
func (h *harness) installPage(b *slacktest.Browser) string {
	h.t.Helper()
	status, page := fetch(h.t, b, "http://"+h.http+"/slack/install")
	link := slacktest.InstallLinkOf(page)
	if status != http.StatusOK || link == "" || !strings.Contains(page, "Add to Slack") {
		h.t.Fatalf("install page: %d\n%s", status, page)
	}
	return link
}

// install runs "Add to Slack" for ws as installer, end to end.
func (h *harness) install(ws slacktest.Workspace, installer string) {
	h.t.Helper()
	status, page, err := h.slack.InstallApp("http://"+h.http+"/slack/install", ws, installer)
	if err != nil || status != http.StatusOK || !strings.Contains(page, "installed in "+ws.Name) {
		h.t.Fatalf("redirect: %d\n%s\nlogs:\n%s", status, page, h.logs.tail(3000))
	}
}

// commandIn sends a slash command from a workspace and returns the reply.
func (h *harness) commandIn(team, user, cmd, text string) string {
	h.t.Helper()
	return h.reply(h.sendIn(team, user, cmd, text))
}

func (h *harness) sendIn(team, user, cmd, text string) slacktest.Envelope {
	h.t.Helper()
	env, err := h.slack.SendSlashCommand(slacktest.SlashCommand{TeamID: team, UserID: user, ChannelID: channel, Command: cmd, Text: text})
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.slack.WaitAck(env.ID, ackBudget); err != nil {
		h.t.Fatalf("%s %s not acked: %v", cmd, text, err)
	}
	return env
}

// openIn sends a command that opens a modal and returns the views.open call.
func (h *harness) openIn(team, user, cmd, text string) slacktest.Call {
	h.t.Helper()
	before := len(okCalls(h.slack, "views.open"))
	h.sendIn(team, user, cmd, text)
	h.waitFor("the modal of "+cmd+" "+text, func() bool { return len(okCalls(h.slack, "views.open")) > before })
	return okCalls(h.slack, "views.open")[before]
}

// lastCall is the latest successful call of method made with team's token.
func lastCall(srv *slacktest.Server, method, team string) (slacktest.Call, bool) {
	calls := okCalls(srv, method)
	for i := len(calls) - 1; i >= 0; i-- {
		if calls[i].Team == team {
			return calls[i], true
		}
	}
	return slacktest.Call{}, false
}

func TestAddToSlackInstallsAndKeepsWorkspacesApart(t *testing.T) {
	dsn := storagetest.URL(t)
	srv := oauthSlack(t, 0)
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn), manyWorkspaces())
	db := openDB(t, dsn)

	// Before any install, a command is told Tact isn't installed.
	if got := h.commandIn(teamID, manager, "/client", "list"); !strings.Contains(got, "isn't installed") {
		t.Fatalf("before the install: %s", got)
	}

	// A state that is forged, or comes back to another browser, is refused.
	c := browser(t, "")
	link := h.installPage(c)
	back, err := srv.Approve(link, alpha, manager)
	if err != nil {
		t.Fatal(err)
	}
	forged := regexp.MustCompile(`state=[^&]+`).ReplaceAllString(back, "state=forged")
	if status, page := fetch(t, c, forged); status != http.StatusBadRequest || !strings.Contains(page, "expired or was already used") {
		t.Fatalf("a forged state: %d %s", status, page)
	}
	if status, _ := fetch(t, browser(t, ""), back); status != http.StatusBadRequest {
		t.Fatalf("another browser's redirect: %d", status)
	}
	// Pressing Cancel on Slack's page comes back with error=access_denied.
	if status, page := fetch(t, c, "http://"+h.http+"/slack/oauth_redirect?error=access_denied&state=x"); status != http.StatusOK || !strings.Contains(page, "cancelled") {
		t.Fatalf("a cancelled install: %d %s", status, page)
	}
	var n int
	if err := db.X().Get(&n, `SELECT count(*) FROM installations`); err != nil || n != 0 {
		t.Fatalf("%d installs after refused redirects (%v)", n, err)
	}
	// The install page speaks the browser's language.
	_, ru := fetch(t, browser(t, "ru-RU,ru;q=0.9,en;q=0.8"), "http://"+h.http+"/slack/install")
	if !strings.Contains(ru, "Добавить в Slack") || !strings.Contains(ru, `lang="ru"`) {
		t.Fatalf("the Russian install page:\n%s", ru)
	}

	h.install(alpha, manager)
	h.install(beta, betaManager)
	h.install(gamma, gammaManager)
	// The installer is welcomed by DM with the bot's new token, in their language.
	if dm, ok := lastCall(srv, "chat.postMessage", betaTeam); !ok || !strings.Contains(dm.Params["text"], "Спасибо, что добавили Tact в Beta") {
		t.Fatalf("Beta's welcome: %+v", dm.Params)
	}
	if dm, ok := lastCall(srv, "chat.postMessage", teamID); !ok || !strings.Contains(dm.Params["text"], "/tact settings") {
		t.Fatalf("Alpha's welcome: %+v", dm.Params)
	}
	// The database holds no token in clear, in any column of any table.
	if found := columnsHolding(t, db, "xoxb-"); len(found) > 0 {
		t.Fatalf("a token in clear in %v", found)
	}

	// Each installer is their workspace's manager; data stays apart.
	h.expect(manager, "/client", "add Acme", "Added")
	h.expect(manager, "/client", "revenue Acme 5000/month", "5,000")
	if got := h.commandIn(betaTeam, betaManager, "/client", "add Bravo"); !strings.Contains(got, "Bravo") {
		t.Fatalf("Beta's installer adding a client: %s", got)
	}
	if got := h.commandIn(betaTeam, betaMember, "/client", "list"); strings.Contains(got, "Acme") || !strings.Contains(got, "Bravo") {
		t.Fatalf("Beta's client list: %s", got)
	}
	if got := h.commandIn(betaTeam, betaMember, "/client", "add Acme2"); !strings.Contains(got, "Only managers") {
		t.Fatalf("a member of Beta is a manager: %s", got)
	}
	if got := h.commandIn(teamID, member, "/client", "list"); strings.Contains(got, "Bravo") {
		t.Fatalf("Alpha sees Beta's client: %s", got)
	}

	// A modal opened from Beta is opened with Beta's token, and submits
	// into Beta's data only.
	if open := h.openIn(betaTeam, betaManager, "/tact", "settings"); open.Team != betaTeam {
		t.Fatalf("Beta's settings modal was opened with %s's token", open.Team)
	}
	viewID := srv.OpenedViews()[len(srv.OpenedViews())-1]
	env, err := srv.SendInteraction(map[string]any{
		"type": "view_submission", "team": map[string]any{"id": betaTeam}, "user": map[string]any{"id": betaManager, "team_id": betaTeam},
		"view": map[string]any{"id": viewID, "team_id": betaTeam, "type": "modal", "callback_id": dialogs.CallbackSettings, "hash": "h1",
			"state": map[string]any{"values": settingsValues(map[string]map[string]any{
				dialogs.SettingsCurrency: typed("EUR"),
				dialogs.SettingsManagers: {"type": "multi_users_select", "selected_users": []string{betaManager}},
			})}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitAck(env.ID, ackBudget); err != nil {
		t.Fatal(err)
	}
	h.waitFor("Beta's currency", func() bool {
		var cur string
		_ = db.X().Get(&cur, `SELECT coalesce(currency, '') FROM team_settings WHERE team_id = $1`, betaTeam)
		return cur == "EUR"
	})
	var alphaCurrency *string
	if err := db.X().Get(&alphaCurrency, `SELECT currency FROM team_settings WHERE team_id = $1`, teamID); err == nil && alphaCurrency != nil {
		t.Fatalf("Beta's settings changed Alpha's currency to %s", *alphaCurrency)
	}

	// A block suggestion from Beta offers only Beta's clients.
	env, err = srv.SendInteraction(map[string]any{
		"type": "block_suggestion", "action_id": dialogs.ActionClient, "block_id": "client", "value": "",
		"team": map[string]any{"id": betaTeam}, "user": map[string]any{"id": betaMember, "team_id": betaTeam},
		"view": map[string]any{"id": "V0SUGGEST", "team_id": betaTeam, "type": "modal"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if ack, err := srv.WaitAck(env.ID, ackBudget); err != nil || strings.Contains(string(ack.Payload), "Acme") || !strings.Contains(string(ack.Payload), "Bravo") {
		t.Fatalf("Beta's suggestions: %v %s", err, ack.Payload)
	}

	// Beta's Home is published with Beta's token and shows nothing of Alpha.
	if _, err := srv.SendEvent(betaTeam, map[string]any{"type": "app_home_opened", "user": betaMember, "channel": "D0HOME", "tab": "home"}); err != nil {
		t.Fatal(err)
	}
	h.waitFor("Beta's Home", func() bool { _, ok := lastCall(srv, "views.publish", betaTeam); return ok })
	if home, _ := lastCall(srv, "views.publish", betaTeam); strings.Contains(string(home.Body), "Acme") {
		t.Fatal("Beta's Home shows Alpha's client")
	}

	// A button in Beta opens its modal with Beta's token.
	h.commandIn(betaTeam, betaManager, "/tact", "rate support 40")
	opened := len(okCalls(srv, "views.open"))
	click, err := srv.SendInteraction(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": betaTeam}, "user": map[string]any{"id": betaMember, "team_id": betaTeam},
		"container": map[string]any{"type": "view", "view_id": "V0HOME"}, "view": map[string]any{"id": "V0HOME", "type": "home", "team_id": betaTeam},
		"actions": []any{map[string]any{"type": "button", "action_id": dialogs.ActionLogHours, "block_id": "b"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitAck(click.ID, ackBudget); err != nil {
		t.Fatal(err)
	}
	h.waitFor("Beta's hours modal", func() bool { return len(okCalls(srv, "views.open")) > opened })
	if last := okCalls(srv, "views.open")[opened]; last.Team != betaTeam || strings.Contains(string(last.Body), "Acme") {
		t.Fatalf("the hours modal from Beta's button: team %s, shows Acme: %v", last.Team, strings.Contains(string(last.Body), "Acme"))
	}

	// Gamma removes the app: its tokens are deleted, its people are told
	// Tact isn't installed, and its jobs stop.
	srv.Revoke(gammaTeam)
	if _, err := srv.SendEvent(gammaTeam, map[string]any{"type": "app_uninstalled"}); err != nil {
		t.Fatal(err)
	}
	h.waitFor("Gamma's tokens deleted", func() bool {
		_ = db.X().Get(&n, `SELECT count(*) FROM installations WHERE team_id = $1`, gammaTeam)
		return n == 0
	})
	if got := h.commandIn(gammaTeam, gammaManager, "/client", "list"); !strings.Contains(got, "isn't installed") {
		t.Fatalf("Gamma after the uninstall: %s", got)
	}

	// Another replica, whose digest schedule fired within the catch-up
	// window, posts each installed workspace's digest with its own token
	// and data, and none for Gamma.
	h2 := startBot(t, srv, withEnv("DATABASE_URL", dsn), manyWorkspaces(), withEnv("DIGEST_SCHEDULE", "0 * * * *"))
	h2.waitJobRun("digest")
	digestOf := func(team string) string {
		for _, c := range okCalls(srv, "chat.postMessage") {
			if c.Team == team && c.Params["channel"] == channel {
				return string(c.Body)
			}
		}
		return ""
	}
	a, b := digestOf(teamID), digestOf(betaTeam)
	if !strings.Contains(a, "Acme") || b == "" || strings.Contains(b, "Acme") {
		t.Fatalf("digests: Alpha's mentions Acme %v, Beta's posted %v and mentions Acme %v\nlogs:\n%s",
			strings.Contains(a, "Acme"), b != "", strings.Contains(b, "Acme"), h2.logs.tail(3000))
	}
	if g := digestOf(gammaTeam); g != "" {
		t.Fatal("Gamma got a digest after removing the app")
	}
	if logs := h.logs.String() + h2.logs.String(); strings.Contains(logs, "xoxb-") || strings.Contains(logs, oauthClientSecret) {
		t.Fatal("a token or the client secret reached the logs")
	}
}

// With token rotation, a token close to expiry is refreshed once however
// many replicas look, and every replica then uses the new one.
func TestTokenRotationRefreshesOnceAcrossReplicas(t *testing.T) {
	dsn := storagetest.URL(t)
	srv := oauthSlack(t, 12*time.Hour)
	h := startBot(t, srv, withEnv("DATABASE_URL", dsn), manyWorkspaces())
	db := openDB(t, dsn)
	h.install(alpha, manager)
	first, _ := lastCall(srv, "chat.postMessage", teamID) // the welcome, with the first token
	if !strings.HasPrefix(first.Token, "xoxe.xoxb-") {
		t.Fatalf("the install's token %q is not a rotating one", first.Token)
	}
	// Two hours before expiry is when a token is refreshed.
	if _, err := db.X().Exec(`UPDATE installations SET expires_at = now() + interval '10 minutes'`); err != nil {
		t.Fatal(err)
	}
	// Two more replicas start together; each looks for expiring tokens at
	// start, as the first does every minute.
	done := make(chan *harness, 2)
	for range 2 {
		go func() { done <- startBot(t, srv, withEnv("DATABASE_URL", dsn), manyWorkspaces()) }()
	}
	h2, h3 := <-done, <-done
	h2.waitJobRun("token-refresh")
	h3.waitJobRun("token-refresh")
	h.waitFor("the refresh", func() bool { return srv.Refreshes(teamID) >= 1 })
	if n := srv.Refreshes(teamID); n != 1 {
		t.Fatalf("refreshed %d times, want once", n)
	}
	var expires time.Time
	if err := db.X().Get(&expires, `SELECT expires_at FROM installations WHERE team_id = $1`, teamID); err != nil || time.Until(expires) < 11*time.Hour {
		t.Fatalf("expiry after the refresh: %v, %v", expires, err)
	}
	// Every replica (the socket gives each command to one of them) opens
	// modals with the new token.
	for i := range 6 {
		if open := h.openIn(teamID, manager, "/tact", "settings"); open.Token == first.Token || open.Team != teamID {
			t.Fatalf("command %d: views.open with the old token", i)
		}
	}
	if logs := h.logs.String() + h2.logs.String() + h3.logs.String(); strings.Contains(logs, "xoxe") {
		t.Fatal("a token reached the logs")
	}
}

// columnsHolding lists every column of every table, bytes included,
// where s appears in some row.
func columnsHolding(t *testing.T, db *storage.DB, s string) []string {
	t.Helper()
	var cols []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
		Type   string `db:"data_type"`
	}
	if err := db.X().Select(&cols, `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'ARRAY', 'bytea')`); err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, c := range cols {
		expr := fmt.Sprintf("%q::text", c.Column)
		if c.Type == "bytea" {
			expr = fmt.Sprintf("encode(%q, 'escape')", c.Column)
		}
		var n int
		if err := db.X().Get(&n, fmt.Sprintf(`SELECT count(*) FROM %q WHERE strpos(%s, $1) > 0`, c.Table, expr), s); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			found = append(found, c.Table+"."+c.Column)
		}
	}
	return found
}
