package dialogs_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/storage/storagetest"
)

// An app installed before conversations.info's scopes were asked for
// cannot tell a shared channel: the poll is not posted and the poster is
// told to have the app reinstalled. (The project's Slack test server grants
// every scope, so this Slack answers by hand.)
func TestStartPollWithoutChannelScopeSaysReinstall(t *testing.T) {
	var mu sync.Mutex
	var replies []string
	var posts int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		mu.Lock()
		defer mu.Unlock()
		switch {
		case strings.HasSuffix(r.URL.Path, "/conversations.info"):
			_, _ = io.WriteString(w, `{"ok":false,"error":"missing_scope","needed":"channels:read","provided":"commands,chat:write"}`)
		case strings.HasSuffix(r.URL.Path, "/chat.postMessage"):
			posts++
			_, _ = io.WriteString(w, `{"ok":true,"channel":"C1","ts":"1.2"}`)
		case r.URL.Path == "/respond":
			var m struct{ Text string }
			_ = json.Unmarshal(body, &m)
			replies = append(replies, m.Text)
			_, _ = io.WriteString(w, `{"ok":true}`)
		default:
			_, _ = io.WriteString(w, `{"ok":false,"error":"unknown_method"}`)
		}
	}))
	defer srv.Close()

	db := storagetest.New(t)
	d := dialogs.New(dialogs.Deps{DB: db, Catalog: catalog(t), Secret: []byte("0123456789abcdef0123456789abcdef")})
	r := &bot.Request{
		Kind: bot.KindCommand, TeamID: "T1", UserID: "U1", ChannelID: "C1", TriggerID: "1.2.abc", Lang: "en",
		ResponseURL: srv.URL + "/respond",
		API:         bot.NewClient(bot.ClientConfig{BotToken: "xoxb-test", APIURL: srv.URL + "/api/", MaxRetries: 1}),
	}
	if err := d.StartPoll(context.Background(), r, ledger.Client{ID: 1, TeamID: "T1", Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(replies) != 1 || !strings.Contains(replies[0], "reinstall") || posts != 0 {
		t.Fatalf("replies %q, %d posts; want one asking to reinstall and no post", replies, posts)
	}
}
