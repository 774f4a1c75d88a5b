package bot_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/locale"
)

const (
	appToken = "xapp-1-A0TEST-runtime-app-token"
	botToken = "xoxb-0000-runtime-bot-token"
	user     = "U0USER"
	channel  = "C0TEST"
)

// runtimeWorld is a Runtime (no database) against the Slack test server.
type runtimeWorld struct {
	t    *testing.T
	srv  *slacktest.Server
	cat  *locale.Catalog
	stop context.CancelFunc
	done chan error
}

func startRuntime(t *testing.T, cfg bot.Config, routes func(*bot.Router)) *runtimeWorld {
	t.Helper()
	srv, err := slacktest.New(slacktest.Options{AppToken: appToken, BotToken: botToken,
		Users: map[string]slacktest.User{user: {ID: user, Name: "u", Locale: "en-US"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	metrics := bot.NewMetrics(prometheus.NewRegistry())
	api := bot.NewClient(bot.ClientConfig{BotToken: botToken, AppToken: appToken, APIURL: srv.APIURL(), Metrics: metrics})
	router := bot.NewRouter()
	routes(router)
	cfg.API, cfg.Router, cfg.Catalog, cfg.Metrics = api, router, cat, metrics
	cfg.People = bot.NewPeople(api, "en", nil)
	cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	rt, err := bot.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &runtimeWorld{t: t, srv: srv, cat: cat, stop: cancel, done: make(chan error, 1)}
	go func() { w.done <- rt.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-w.done })
	if err := srv.WaitConnections(1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *runtimeWorld) command(cmd, text string) slacktest.Envelope {
	w.t.Helper()
	env, err := w.srv.SendSlashCommand(slacktest.SlashCommand{UserID: user, ChannelID: channel, Command: cmd, Text: text})
	if err != nil {
		w.t.Fatal(err)
	}
	return env
}

// replies are the texts of the accepted response_url posts answering env.
func (w *runtimeWorld) replies(env slacktest.Envelope) []string {
	var out []string
	for _, c := range w.srv.Calls(slacktest.MethodResponseURL) {
		if c.Status == 200 && c.Error == "" && strings.HasSuffix(env.ResponseURL, c.Path) {
			out = append(out, c.Params["text"])
		}
	}
	return out
}

func (w *runtimeWorld) waitReplies(env slacktest.Envelope, n int) []string {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if got := w.replies(env); len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("envelope %s: %d replies, want %d; calls: %+v", env.ID, len(w.replies(env)), n, w.srv.Calls(slacktest.MethodResponseURL))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestUnknownCommandIsAnsweredInTheAck(t *testing.T) {
	w := startRuntime(t, bot.Config{}, func(r *bot.Router) {
		r.Command("/known", func(context.Context, *bot.Request) error { return nil })
	})
	env := w.command("/gone", "anything")
	ack, err := w.srv.WaitAck(env.ID, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	want := w.cat.For("en").T("error.unknown_command", map[string]any{"Command": "/gone"})
	if !strings.Contains(string(ack.Payload), `"response_type":"ephemeral"`) || !strings.Contains(string(ack.Payload), "/gone") ||
		!strings.Contains(want, "/tact help") {
		t.Fatalf("ack of an unknown command = %s, want an ephemeral %q", ack.Payload, want)
	}
}

// A reply Slack refuses for its blocks or length still reaches the user, as
// plain text within Slack's limit.
func TestRefusedReplyIsResentAsPlainText(t *testing.T) {
	long := strings.Repeat("word ", 10_000) // 50,000 characters
	w := startRuntime(t, bot.Config{}, func(r *bot.Router) {
		r.Command("/blocks", func(ctx context.Context, r *bot.Request) error {
			section := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, strings.Repeat("b", 5000), false, false), nil, nil)
			return r.Reply(ctx, bot.Message{Text: "fallback text", Blocks: []slack.Block{section}})
		})
		r.Command("/long", func(ctx context.Context, r *bot.Request) error {
			return r.Reply(ctx, bot.Message{Text: long})
		})
	})
	if got := w.waitReplies(w.command("/blocks", ""), 1); got[0] != "fallback text" {
		t.Errorf("refused blocks: reply %q, want the text alone", got[0])
	}
	got := w.waitReplies(w.command("/long", ""), 1)[0]
	if n := len([]rune(got)); n > 40000 || n < 39990 || !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("over-long text: reply of %d characters ending %q, want at most 40,000 ending with …", n, got[len(got)-10:])
	}
}

// On shutdown, handlers get the grace to finish; those still running after
// it, and those queued that never started, are told to check and retry.
func TestShutdownTellsCutOffAndQueuedCommandsToRetry(t *testing.T) {
	var started atomic.Int32
	w := startRuntime(t, bot.Config{Workers: 1, ShutdownGrace: 300 * time.Millisecond}, func(r *bot.Router) {
		r.Command("/slow", func(ctx context.Context, r *bot.Request) error {
			started.Add(1)
			<-ctx.Done()
			return ctx.Err()
		})
		r.Command("/quick", func(ctx context.Context, r *bot.Request) error {
			return r.Reply(ctx, bot.Message{Text: "done"})
		})
	})
	quick := w.command("/quick", "")
	w.waitReplies(quick, 1)
	slow := []slacktest.Envelope{w.command("/slow", "1"), w.command("/slow", "2"), w.command("/slow", "3")}
	for _, env := range slow {
		if _, err := w.srv.WaitAck(env.ID, 5*time.Second); err != nil {
			t.Fatal(err)
		}
	}
	for started.Load() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	stopped := time.Now()
	w.stop()
	select {
	case err := <-w.done:
		w.done <- err
		if err != nil {
			t.Fatalf("Run returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return within 5 s of the context ending")
	}
	if took := time.Since(stopped); took < 300*time.Millisecond {
		t.Errorf("Run returned after %s, before the shutdown grace", took)
	}
	want := w.cat.For("en").T("error.restarting")
	for i, env := range slow {
		if got := w.replies(env); len(got) != 1 || got[0] != want {
			t.Errorf("/slow %d: replies %q, want once %q", i+1, got, want)
		}
	}
	if n := started.Load(); n != 1 {
		t.Errorf("%d slow handlers started; the queued ones should not start after the grace", n)
	}
}
