package slacktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/tact-bot/tact/bot/slacktest"
)

// BenchmarkEnvelopeRoundTrip drives slash commands through two slack-go replicas
// that ack each one and post a message, as the bot does.
func BenchmarkEnvelopeRoundTrip(b *testing.B) {
	srv, err := slacktest.New(slacktest.Options{AppToken: appToken, BotToken: botToken})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	handle := func(c *socketmode.Client, evt socketmode.Event) {
		if evt.Type != socketmode.EventTypeSlashCommand {
			return
		}
		_ = c.Ack(*evt.Request)
		cmd := evt.Data.(slack.SlashCommand)
		go func() { _, _, _ = c.PostMessage(cmd.ChannelID, slack.MsgOptionText("ok "+cmd.Text, false)) }()
	}
	for range 2 {
		runBenchBot(b, srv, handle)
	}
	if err := srv.WaitConnections(2, wait); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	ids := make([]string, b.N)
	for i := range b.N {
		env, err := srv.SendSlashCommand(slacktest.SlashCommand{UserID: "U1", ChannelID: "C1", Command: "/tact", Text: "x"})
		if err != nil {
			b.Fatal(err)
		}
		ids[i] = env.ID
	}
	var worst time.Duration
	for _, id := range ids {
		a, err := srv.WaitAck(id, 30*time.Second)
		if err != nil {
			b.Fatal(err)
		}
		worst = max(worst, a.Latency)
	}
	posted := 0
	if _, err := srv.WaitCall("chat.postMessage", func(slacktest.Call) bool {
		posted++
		return posted >= b.N
	}, 30*time.Second); err != nil {
		b.Log(err)
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ack-ms")
}

func runBenchBot(b *testing.B, srv *slacktest.Server, handle func(*socketmode.Client, socketmode.Event)) {
	client := socketmode.New(apiClient(srv))
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	go func() { _ = client.RunContext(ctx) }()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-client.Events:
				handle(client, evt)
			}
		}
	}()
}
