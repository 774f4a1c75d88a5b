package slacktest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/tact-bot/tact/bot/slacktest"
)

// A shared file through slack-go, as the bot reads one: files.info, then
// url_private with the bot token; without it, Slack's sign-in page.
func TestSharedFiles(t *testing.T) {
	srv := newServer(t, slacktest.Options{Users: map[string]slacktest.User{
		"U1": {ID: "U1", Name: "anna", Email: "Anna@Example.com", RealName: "Anna Petrova"},
	}})
	api := apiClient(srv)
	data := []byte("Date,Client,Hours\n2026-11-02,Acme,1.5\n")
	id := srv.AddFile(slacktest.File{Name: "hours.csv", User: "U1", Data: data})

	f, _, _, err := api.GetFileInfoContext(context.Background(), id, 0, 0)
	if err != nil || f.Name != "hours.csv" || f.Mimetype != "text/csv" || f.Size != len(data) || f.URLPrivate == "" || f.User != "U1" {
		t.Fatalf("files.info = %+v, %v", f, err)
	}
	var got bytes.Buffer
	if err := api.GetFileContext(context.Background(), f.URLPrivateDownload, &got); err != nil || !bytes.Equal(got.Bytes(), data) {
		t.Errorf("download = %q, %v", got.Bytes(), err)
	}
	// No token: 200 and an HTML page, as Slack does.
	resp, err := http.Get(f.URLPrivate)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" || bytes.Contains(page, data) {
		t.Errorf("unauthenticated download: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), page)
	}
	if n := len(srv.Calls(slacktest.MethodDownload)); n != 2 {
		t.Errorf("downloads recorded: %d", n)
	}

	srv.DeleteFile(id)
	if _, _, _, err := api.GetFileInfoContext(context.Background(), id, 0, 0); err == nil || err.Error() != "file_deleted" {
		t.Errorf("deleted file: %v", err)
	}
	if err := api.GetFileContext(context.Background(), f.URLPrivateDownload, &got); err == nil {
		t.Error("a deleted file downloaded")
	}
	if _, _, _, err := api.GetFileInfoContext(context.Background(), "F0NONE", 0, 0); err == nil || err.Error() != "file_not_found" {
		t.Errorf("unknown file: %v", err)
	}

	u, err := api.GetUserByEmailContext(context.Background(), "anna@example.com")
	if err != nil || u.ID != "U1" || u.Profile.Email != "Anna@Example.com" || u.RealName != "Anna Petrova" {
		t.Errorf("users.lookupByEmail = %+v, %v", u, err)
	}
	if _, err := api.GetUserByEmailContext(context.Background(), "nobody@example.com"); err == nil || err.Error() != "users_not_found" {
		t.Errorf("unknown e-mail: %v", err)
	}
}

// users.list pages by cursor through every member, with profiles.
func TestUsersList(t *testing.T) {
	users := map[string]slacktest.User{}
	for _, id := range []string{"U1", "U2", "U3"} {
		users[id] = slacktest.User{Name: "n" + id, RealName: "Person " + id}
	}
	srv := newServer(t, slacktest.Options{Users: users})
	got, err := apiClient(srv).GetUsersContext(context.Background(), slack.GetUsersOptionLimit(2))
	if err != nil || len(got) != 3 {
		t.Fatalf("users.list = %d members, %v", len(got), err)
	}
	for i, u := range got {
		if want := []string{"U1", "U2", "U3"}[i]; u.ID != want || u.Profile.RealName != "Person "+want || u.Profile.DisplayName != "n"+want {
			t.Errorf("member %d = %s %q %q", i, u.ID, u.Profile.RealName, u.Profile.DisplayName)
		}
	}
	if n := len(srv.Calls("users.list")); n != 2 {
		t.Errorf("pages fetched: %d, want 2", n)
	}
}

// A file in a modal's file_input and a file dropped into the DM carry the
// same file object, whose url_private the bot can download.
func TestFileInputAndDMShare(t *testing.T) {
	srv := newServer(t, slacktest.Options{})
	id := srv.AddFile(slacktest.File{Name: "t.csv", User: "U1", Data: []byte("a,b\n")})
	v := srv.FileInputValue(id)
	files, _ := v["files"].([]any)
	if v["type"] != "file_input" || len(files) != 1 || files[0].(map[string]any)["url_private"] != srv.FileURL(id) {
		t.Fatalf("file_input value = %v", v)
	}
	b := startBot(t, srv, nil)
	if err := srv.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.ShareFileInDM("U1", "", id); err != nil {
		t.Fatal(err)
	}
	evt := b.next(t, socketmode.EventTypeEventsAPI)
	api, _ := evt.Data.(slackevents.EventsAPIEvent)
	msg, isMsg := api.InnerEvent.Data.(*slackevents.MessageEvent)
	if !isMsg || msg.SubType != "file_share" || msg.ChannelType != "im" || msg.User != "U1" || msg.Message == nil ||
		len(msg.Message.Files) != 1 || msg.Message.Files[0].ID != id || msg.Message.Files[0].URLPrivate != srv.FileURL(id) {
		t.Errorf("file_share event = %#v", api.InnerEvent.Data)
	}
}
