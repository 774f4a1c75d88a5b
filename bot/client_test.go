package bot_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/slacktest"
)

// Five 429s in a row, one more than the retries allowed for network errors:
// the message still goes out, once, each retry after Retry-After.
func TestRateLimitedCallsOutlastFourRetries(t *testing.T) {
	srv, err := slacktest.New(slacktest.Options{AppToken: appToken, BotToken: botToken})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	api := bot.NewClient(bot.ClientConfig{BotToken: botToken, AppToken: appToken, APIURL: srv.APIURL(),
		Metrics: bot.NewMetrics(prometheus.NewRegistry())})
	env, err := srv.SendSlashCommand(slacktest.SlashCommand{UserID: user, ChannelID: channel, Command: "/x"})
	if err != nil {
		t.Fatal(err)
	}
	const limited = 5
	srv.RateLimit("chat.postMessage", limited, time.Second)
	srv.RateLimit(slacktest.MethodResponseURL, limited, time.Second)
	ctx := context.Background()
	start := time.Now()
	var wg sync.WaitGroup
	wg.Go(func() {
		if _, err := api.Post(ctx, channel, bot.Message{Text: "posted"}); err != nil {
			t.Errorf("Post: %v", err)
		}
	})
	wg.Go(func() {
		if err := api.Respond(ctx, env.ResponseURL, bot.Message{Text: "responded"}); err != nil {
			t.Errorf("Respond: %v", err)
		}
	})
	wg.Wait()
	if took := time.Since(start); took < limited*time.Second {
		t.Errorf("done after %s: retried before Retry-After", took)
	}
	for _, m := range []string{"chat.postMessage", slacktest.MethodResponseURL} {
		ok := 0
		for _, c := range srv.Calls(m) {
			if c.Status == 200 && c.Error == "" {
				ok++
			}
		}
		if all := len(srv.Calls(m)); ok != 1 || all != limited+1 {
			t.Errorf("%s: %d calls, %d delivered; want %d and 1", m, all, ok, limited+1)
		}
	}
}
