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

// A channel the bot is not in: Slack refuses the post, the poll is not
// kept, and the poster is told how to invite the bot. (The project's Slack
// test server lets the bot post anywhere, so this one answers by hand.)
func TestStartPollOutsideTheChannelAsksForAnInvite(t *testing.T) {
	for _, code := range []string{"not_in_channel", "channel_not_found"} {
		t.Run(code, func(t *testing.T) {
			var mu sync.Mutex
			var replies []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				w.Header().Set("Content-Type", "application/json")
				switch {
				case strings.HasSuffix(r.URL.Path, "/conversations.info") && code == "channel_not_found":
					_, _ = io.WriteString(w, `{"ok":false,"error":"channel_not_found"}`)
				case strings.HasSuffix(r.URL.Path, "/conversations.info"):
					// Slack describes a public channel the bot is not in.
					_, _ = io.WriteString(w, `{"ok":true,"channel":{"id":"C0PRIVATE","is_channel":true,"is_ext_shared":false}}`)
				case strings.HasSuffix(r.URL.Path, "/chat.postMessage"):
					_, _ = io.WriteString(w, `{"ok":false,"error":"`+code+`"}`)
				case r.URL.Path == "/respond":
					var m struct{ Text string }
					_ = json.Unmarshal(body, &m)
					mu.Lock()
					replies = append(replies, m.Text)
					mu.Unlock()
					_, _ = io.WriteString(w, `{"ok":true}`)
				default:
					_, _ = io.WriteString(w, `{"ok":false,"error":"unknown_method"}`)
				}
			}))
			defer srv.Close()

			db := storagetest.New(t)
			var id int64
			if err := db.X().Get(&id, `INSERT INTO clients (team_id, name, created_by) VALUES ('T1', 'Acme', 'U0SEED') RETURNING id`); err != nil {
				t.Fatal(err)
			}
			d := dialogs.New(dialogs.Deps{DB: db, Catalog: catalog(t), Secret: []byte("0123456789abcdef0123456789abcdef")})
			r := &bot.Request{
				Kind: bot.KindCommand, TeamID: "T1", UserID: "U1", ChannelID: "C0PRIVATE", TriggerID: "1.2.abc", Lang: "en",
				ResponseURL: srv.URL + "/respond",
				API:         bot.NewClient(bot.ClientConfig{BotToken: "xoxb-test", APIURL: srv.URL + "/api/", MaxRetries: 1}),
			}
			if err := d.StartPoll(context.Background(), r, ledger.Client{ID: id, TeamID: "T1", Name: "Acme"}); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(replies) != 1 || !strings.Contains(replies[0], "/invite") || !strings.Contains(replies[0], "/strain Acme") {
				t.Fatalf("replies = %q, want one asking to /invite the bot", replies)
			}
			var polls int
			if err := db.X().Get(&polls, `SELECT count(*) FROM strain_polls`); err != nil || polls != 0 {
				t.Fatalf("%d polls kept after the post failed (%v)", polls, err)
			}
		})
	}
}
