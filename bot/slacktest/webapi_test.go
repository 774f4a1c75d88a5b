package slacktest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot/slacktest"
)

func users() map[string]slacktest.User {
	return map[string]slacktest.User{
		"U1": {ID: "U1", TeamID: "T1", Name: "anna", Locale: "ru-RU", TZ: "Europe/Moscow", IsAdmin: true},
		"U2": {ID: "U2", TeamID: "T1", Name: "bob", Locale: "en-US", TZ: "America/New_York"},
	}
}

func TestAuthAndUnknownMethod(t *testing.T) {
	srv := newServer(t, slacktest.Options{BotUserID: "UBOT"})
	resp, err := apiClient(srv).AuthTest()
	if err != nil || resp.UserID != "UBOT" || resp.TeamID != slacktest.DefaultTeamID || resp.BotID == "" {
		t.Errorf("auth.test = %+v, %v", resp, err)
	}
	bad := slack.New("xoxb-wrong", slack.OptionAPIURL(srv.APIURL()))
	if _, err := bad.AuthTest(); err == nil || err.Error() != "invalid_auth" {
		t.Errorf("wrong token: %v", err)
	}
	appAsBot := slack.New(appToken, slack.OptionAPIURL(srv.APIURL()))
	if _, err := appAsBot.AuthTest(); err == nil || err.Error() != "not_allowed_token_type" {
		t.Errorf("app token on a bot method: %v", err)
	}
	body := postForm(t, srv.APIURL()+"no.such", url.Values{"token": {botToken}}, http.StatusOK)
	if body["error"] != "unknown_method" {
		t.Errorf("unknown method answered %v", body)
	}
	if c := srv.Calls("no.such"); len(c) != 1 || c[0].Error != "unknown_method" {
		t.Errorf("recorded %+v", c)
	}
}

func postForm(t *testing.T, u string, v url.Values, wantStatus int) map[string]any {
	t.Helper()
	resp, err := http.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != wantStatus {
		t.Errorf("POST %s: status %d, want %d", u, resp.StatusCode, wantStatus)
	}
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("decoding answer: %v", err)
	}
	return body
}

func TestChatMethods(t *testing.T) {
	srv := newServer(t, slacktest.Options{Users: users()})
	api := apiClient(srv)
	ch, ts1, err := api.PostMessage("C1", slack.MsgOptionText("first", false))
	if err != nil || ch != "C1" || ts1 == "" {
		t.Fatalf("postMessage = %q %q %v", ch, ts1, err)
	}
	_, ts2, err := api.PostMessage("C1", slack.MsgOptionText("reply", false), slack.MsgOptionTS(ts1),
		slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*reply*", false, false), nil, nil)))
	if err != nil || ts2 <= ts1 {
		t.Fatalf("threaded postMessage = %q (after %q), %v", ts2, ts1, err)
	}
	call, err := srv.WaitCall("chat.postMessage", func(c slacktest.Call) bool { return c.Params["thread_ts"] == ts1 }, wait)
	if err != nil || call.Params["text"] != "reply" || !strings.Contains(call.Params["blocks"], "*reply*") || call.Status != 200 {
		t.Errorf("recorded call %+v, %v", call, err)
	}

	dm, _, err := api.PostMessage("U1", slack.MsgOptionText("to a user", false))
	if err != nil || !strings.HasPrefix(dm, "D") {
		t.Errorf("post to user: channel %q, %v", dm, err)
	}
	imCh, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil || imCh.ID != dm {
		t.Errorf("conversations.open = %+v, %v; want %s", imCh, err, dm)
	}
	if _, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{"U404"}}); err == nil {
		t.Error("conversations.open with an unknown user succeeded")
	}

	ets, err := api.PostEphemeral("C1", "U1", slack.MsgOptionText("only you", false))
	if err != nil || ets == "" {
		t.Errorf("postEphemeral = %q, %v", ets, err)
	}
	if _, _, _, err := api.UpdateMessage("C1", ts1, slack.MsgOptionText("edited", false)); err != nil {
		t.Errorf("chat.update: %v", err)
	}
	link, err := api.GetPermalink(&slack.PermalinkParameters{Channel: "C1", Ts: ts1})
	if want := "https://test.slack.com/archives/C1/p" + strings.ReplaceAll(ts1, ".", ""); err != nil || link != want {
		t.Errorf("permalink = %q, %v; want %q", link, err, want)
	}
	if _, _, err := api.DeleteMessage("C1", ts1); err != nil {
		t.Errorf("chat.delete: %v", err)
	}
	if _, _, err := api.DeleteMessage("C1", ts1); err == nil || err.Error() != "message_not_found" {
		t.Errorf("second chat.delete: %v", err)
	}
	if _, _, _, err := api.UpdateMessage("C1", ts1, slack.MsgOptionText("too late", false)); err == nil {
		t.Error("chat.update of a deleted message succeeded")
	}
	if _, _, err := api.PostMessage("C1", slack.MsgOptionText(strings.Repeat("я", slacktest.MaxMessageText+1), false)); err == nil || err.Error() != "msg_too_long" {
		t.Errorf("over-long text: %v", err)
	}
}

func TestInvalidBlocksRejected(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	api := apiClient(srv)
	input := slack.NewInputBlock("in", slack.NewTextBlockObject("plain_text", "Hours", false, false), nil,
		slack.NewPlainTextInputBlockElement(nil, "hours"))
	_, _, err := api.PostMessage("C1", slack.MsgOptionText("x", false), slack.MsgOptionBlocks(input))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "invalid_blocks" || len(se.ResponseMetadata.Messages) == 0 {
		t.Fatalf("input block in a message: %v", err)
	}
	calls := srv.Calls("chat.postMessage")
	if len(calls) != 1 || calls[0].Error != "invalid_blocks" || len(calls[0].Errors) != 1 ||
		!strings.Contains(calls[0].Errors[0], "/blocks/0/type") {
		t.Errorf("recorded %+v", calls)
	}
}

func TestUsersAndGroups(t *testing.T) {
	srv := newServer(t, slacktest.Options{Users: users(), UserGroups: map[string][]string{"S1": {"U1", "U2"}}})
	api := apiClient(srv)
	u, err := api.GetUserInfo("U1")
	if err != nil {
		t.Fatal(err)
	}
	if u.Locale != "ru-RU" || u.TZ != "Europe/Moscow" || !u.IsAdmin || u.Name != "anna" || u.TeamID != "T1" {
		t.Errorf("users.info = %+v", u)
	}
	if call := srv.Calls("users.info")[0]; call.Params["include_locale"] != "true" {
		t.Errorf("slack-go did not ask for the locale: %v", call.Params)
	}
	if _, err := api.GetUserInfo("U404"); err == nil || err.Error() != "user_not_found" {
		t.Errorf("unknown user: %v", err)
	}
	members, err := api.GetUserGroupMembers("S1")
	if err != nil || strings.Join(members, ",") != "U1,U2" {
		t.Errorf("usergroups.users.list = %v, %v", members, err)
	}
	if _, err := api.GetUserGroupMembers("S404"); err == nil {
		t.Error("unknown user group succeeded")
	}
	groups, err := api.GetUserGroups(slack.GetUserGroupsOptionIncludeUsers(true))
	if err != nil || len(groups) != 1 || groups[0].ID != "S1" || groups[0].Handle != "s1" || len(groups[0].Users) != 2 {
		t.Errorf("usergroups.list = %+v, %v", groups, err)
	}
}

func TestFileUpload(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	api := apiClient(srv)
	png := "\x89PNG fake chart bytes"
	f, err := api.UploadFileContext(context.Background(), slack.UploadFileParameters{
		Filename: "chart.png", Title: "Hours", Reader: strings.NewReader(png), FileSize: len(png),
		Channel: "C1", ThreadTimestamp: "1.000001", InitialComment: "chart",
	})
	if err != nil {
		t.Fatal(err)
	}
	if f.ID == "" || f.Title != "Hours" {
		t.Errorf("uploaded %+v", f)
	}
	if got := string(srv.Uploads()[f.ID]); got != png {
		t.Errorf("stored %q", got)
	}
	done := srv.Calls("files.completeUploadExternal")
	if len(done) != 1 || done[0].Params["channel_id"] != "C1" || done[0].Params["thread_ts"] != "1.000001" ||
		done[0].Params["initial_comment"] != "chart" {
		t.Errorf("completeUploadExternal calls %+v", done)
	}
	if len(srv.Calls(slacktest.MethodUpload)) != 1 {
		t.Errorf("upload calls %+v", srv.Calls(slacktest.MethodUpload))
	}
	_, err = api.CompleteUploadExternalContext(context.Background(), slack.CompleteUploadExternalParameters{Files: []slack.FileSummary{{ID: "F404"}}})
	if err == nil {
		t.Error("completing an unknown file succeeded")
	}
}

func TestRateLimit(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	srv.RateLimit("chat.postMessage", 1, 1500*time.Millisecond)
	form := url.Values{"token": {botToken}, "channel": {"C1"}, "text": {"hi"}}
	resp, err := http.PostForm(srv.APIURL()+"chat.postMessage", form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "2" ||
		!strings.Contains(string(body), `"ratelimited"`) {
		t.Errorf("limited call: %d Retry-After %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if b := postForm(t, srv.APIURL()+"chat.postMessage", form, http.StatusOK); b["ok"] != true {
		t.Errorf("call after the limit: %v", b)
	}
	calls := srv.Calls("chat.postMessage")
	if len(calls) != 2 || calls[0].Status != 429 || calls[0].Error != "ratelimited" || calls[1].Status != 200 {
		t.Errorf("recorded %+v", calls)
	}

	srv.RateLimit("users.info", 1, 0)
	_, err = apiClient(srv).GetUserInfo("U1")
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Errorf("slack-go saw %v, want RateLimitedError of 1s", err)
	}
}

func TestRateLimitShareIsDeterministic(t *testing.T) {
	pattern := func() string {
		srv := newServer(t, slacktest.Options{})
		srv.RateLimitShare("chat.postMessage", 0.3, time.Second, 42)
		var b strings.Builder
		for range 40 {
			resp, err := http.PostForm(srv.APIURL()+"chat.postMessage", url.Values{"token": {botToken}, "channel": {"C1"}, "text": {"x"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusTooManyRequests {
				b.WriteByte('x')
			} else {
				b.WriteByte('.')
			}
		}
		return b.String()
	}
	a, b := pattern(), pattern()
	if a != b {
		t.Errorf("patterns differ:\n%s\n%s", a, b)
	}
	if n := strings.Count(a, "x"); n < 4 || n > 20 {
		t.Errorf("%d of 40 limited for share 0.3: %s", n, a)
	}
}

func modal(title string) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  slack.NewTextBlockObject("plain_text", title, false, false),
		Close:  slack.NewTextBlockObject("plain_text", "Отмена", false, false),
		Submit: slack.NewTextBlockObject("plain_text", "Сохранить", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("hours", slack.NewTextBlockObject("plain_text", "Часы", false, false), nil,
				slack.NewPlainTextInputBlockElement(nil, "value")),
		}},
		CallbackID: "log_hours",
	}
}

func TestTriggerSingleUseAndExpiry(t *testing.T) {
	t.Parallel()
	srv := newServer(t, slacktest.Options{})
	api := apiClient(srv)
	env, err := srv.SendSlashCommand(slacktest.SlashCommand{UserID: "U1", ChannelID: "C1", Command: "/tact"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := api.OpenView(env.TriggerID, modal("Учёт часов"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v.View.ID, "V") || v.View.Hash == "" || v.View.CallbackID != "log_hours" {
		t.Errorf("opened view %+v", v.View)
	}
	if _, err := api.OpenView(env.TriggerID, modal("Again")); err == nil || err.Error() != "exchanged_trigger_id" {
		t.Errorf("reused trigger: %v", err)
	}
	if _, err := api.OpenView("1.2.unknown", modal("Unknown")); err == nil || err.Error() != "invalid_trigger_id" {
		t.Errorf("unknown trigger: %v", err)
	}

	// A view that breaks limits leaves the trigger unused.
	env2, _ := srv.SendSlashCommand(slacktest.SlashCommand{UserID: "U1", ChannelID: "C1", Command: "/tact"})
	_, err = api.OpenView(env2.TriggerID, modal(strings.Repeat("ж", 25)))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "invalid_arguments" || len(se.ResponseMetadata.Messages) != 1 ||
		!strings.Contains(se.ResponseMetadata.Messages[0], "/view/title/text") {
		t.Errorf("25-character title: %v %+v", err, se.ResponseMetadata)
	}
	if _, err := api.PushView(env2.TriggerID, modal("Шаг 2")); err != nil {
		t.Errorf("views.push with the unused trigger: %v", err)
	}

	env3, _ := srv.SendSlashCommand(slacktest.SlashCommand{UserID: "U1", ChannelID: "C1", Command: "/tact"})
	time.Sleep(slacktest.TriggerTTL + 100*time.Millisecond)
	if _, err := api.OpenView(env3.TriggerID, modal("Late")); err == nil || err.Error() != "expired_trigger_id" {
		t.Errorf("expired trigger: %v", err)
	}
	opens := srv.Calls("views.open")
	if last := opens[len(opens)-1]; last.TriggerAge < slacktest.TriggerTTL || last.Error != "expired_trigger_id" {
		t.Errorf("last views.open %+v", last)
	}
	if first := opens[0]; first.TriggerAge <= 0 || first.TriggerAge > time.Second || first.Params["trigger_id"] != env.TriggerID {
		t.Errorf("first views.open %+v", first)
	}
}

func TestViewsUpdateAndPublish(t *testing.T) {
	srv := newServer(t, slacktest.Options{Users: users()})
	api := apiClient(srv)
	env, _ := srv.SendSlashCommand(slacktest.SlashCommand{UserID: "U1", ChannelID: "C1", Command: "/tact"})
	m := modal("Loading")
	m.ExternalID = "ext-1"
	opened, err := api.OpenView(env.TriggerID, m)
	if err != nil {
		t.Fatal(err)
	}
	upd, err := api.UpdateView(modal("Loaded"), "", opened.View.Hash, opened.View.ID)
	if err != nil || upd.View.ID != opened.View.ID || upd.View.Hash == opened.View.Hash || upd.View.Title.Text != "Loaded" {
		t.Fatalf("views.update = %+v, %v", upd, err)
	}
	if _, err := api.UpdateView(modal("Stale"), "", opened.View.Hash, opened.View.ID); err == nil || err.Error() != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	byExt := modal("By external id")
	byExt.ExternalID = "ext-1"
	if v, err := api.UpdateView(byExt, "ext-1", "", ""); err != nil || v.View.ID != opened.View.ID {
		t.Errorf("update by external_id = %+v, %v", v, err)
	}
	if _, err := api.UpdateView(modal("Nope"), "", "", "V404"); err == nil || err.Error() != "not_found" {
		t.Errorf("unknown view: %v", err)
	}

	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewHeaderBlock(slack.NewTextBlockObject("plain_text", "Клиенты", false, false)),
	}}}
	h1, err := api.PublishView("U1", home, "")
	if err != nil {
		t.Fatal(err)
	}
	h2, err := api.PublishView("U1", home, h1.View.Hash)
	if err != nil || h2.View.ID != h1.View.ID {
		t.Errorf("republish = %+v, %v", h2, err)
	}
	if _, err := api.PublishView("U1", home, h1.View.Hash); err == nil || err.Error() != "hash_conflict" {
		t.Errorf("stale home hash: %v", err)
	}
	calls := srv.Calls("views.publish")
	if len(calls) != 3 || calls[0].Params["user_id"] != "U1" || !strings.HasPrefix(calls[0].Params["view"], "{") {
		t.Errorf("recorded %+v", calls)
	}
}

func TestResponseURLUseLimit(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	api := apiClient(srv)
	env, err := srv.SendSlashCommand(slacktest.SlashCommand{UserID: "U1", ChannelID: "C1", Command: "/tact"})
	if err != nil {
		t.Fatal(err)
	}
	post := func(opts ...slack.MsgOption) error {
		_, _, err := api.PostMessage("", append([]slack.MsgOption{slack.MsgOptionResponseURL(env.ResponseURL, slack.ResponseTypeEphemeral)}, opts...)...)
		return err
	}
	bad := slack.NewHeaderBlock(slack.NewTextBlockObject("plain_text", strings.Repeat("щ", 151), false, false))
	if err := post(slack.MsgOptionText("x", false), slack.MsgOptionBlocks(bad)); err == nil || err.Error() != "invalid_blocks" {
		t.Errorf("151-character header: %v", err)
	}
	for i := range slacktest.ResponseURLMaxUses {
		if err := post(slack.MsgOptionText("reply", false), slack.MsgOptionReplaceOriginal(env.ResponseURL)); err != nil {
			t.Fatalf("use %d: %v", i+1, err)
		}
	}
	err = post(slack.MsgOptionText("one too many", false))
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != http.StatusNotFound {
		t.Errorf("sixth use: %v", err)
	}
	calls := srv.Calls(slacktest.MethodResponseURL)
	if len(calls) != 7 || calls[6].Error != "expired_url" || calls[1].Params["response_type"] != "ephemeral" ||
		calls[1].Params["text"] != "reply" {
		t.Errorf("recorded %+v", calls)
	}
}

func TestWaitCallWaits(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	go func() {
		time.Sleep(100 * time.Millisecond)
		_, _, _ = apiClient(srv).PostMessage("C9", slack.MsgOptionText("late", false))
	}()
	c, err := srv.WaitCall("chat.postMessage", func(c slacktest.Call) bool { return c.Params["channel"] == "C9" }, wait)
	if err != nil || c.Params["text"] != "late" {
		t.Errorf("WaitCall = %+v, %v", c, err)
	}
	if _, err := srv.WaitCall("chat.update", nil, 50*time.Millisecond); err == nil {
		t.Error("WaitCall for a call never made succeeded")
	}
	if all := srv.Calls(""); len(all) != 1 {
		t.Errorf("Calls(\"\") = %d calls", len(all))
	}
}

func TestConnectionsOpenNeedsAppToken(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	noApp := slack.New(botToken, slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken("xapp-wrong"))
	if _, _, err := noApp.StartSocketModeContext(context.Background()); err == nil || err.Error() != "invalid_auth" {
		t.Errorf("wrong app token: %v", err)
	}
	_, u, err := apiClient(srv).StartSocketModeContext(context.Background())
	if err != nil || !strings.HasPrefix(u, "ws://127.0.0.1:") {
		t.Errorf("apps.connections.open = %q, %v", u, err)
	}
}

func TestGuestsOutsidersAndSharedChannels(t *testing.T) {
	srv := newServer(t, slacktest.Options{
		TeamID: "T1",
		Users: map[string]slacktest.User{
			"U1": {Name: "multi", IsRestricted: true},
			"U2": {Name: "single", IsUltraRestricted: true},
			"U3": {Name: "outsider", TeamID: "T2"},
		},
		Channels: map[string]slacktest.Channel{"C2": {Name: "with-acme", IsExtShared: true}},
	})
	api := apiClient(srv)
	for id, want := range map[string][3]any{"U1": {true, false, "T1"}, "U2": {true, true, "T1"}, "U3": {false, false, "T2"}} {
		u, err := api.GetUserInfo(id)
		if err != nil {
			t.Fatal(err)
		}
		if got := [3]any{u.IsRestricted, u.IsUltraRestricted, u.TeamID}; got != want {
			t.Errorf("users.info %s: restricted, ultra-restricted, team = %v; want %v", id, got, want)
		}
	}
	for id, shared := range map[string]bool{"C1": false, "C2": true, "D1": false} {
		ch, err := api.GetConversationInfo(&slack.GetConversationInfoInput{ChannelID: id})
		if err != nil {
			t.Fatal(err)
		}
		if ch.ID != id || ch.IsExtShared != shared {
			t.Errorf("conversations.info %s: %+v; want is_ext_shared %v", id, ch, shared)
		}
	}
}
