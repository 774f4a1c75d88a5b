package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/storage/storagetest"
)

func TestHelpAnsweredAndReady(t *testing.T) {
	h := startBot(t, newSlack(t))
	env := h.command(member, "/tact", "help")
	text := h.reply(env)
	if !strings.Contains(text, "/tact") {
		t.Fatalf("help does not list the commands: %s", text)
	}
	h.waitFor("/readyz to answer 200", func() bool { code, _ := h.get("/readyz"); return code == 200 })
	if code, _ := h.get("/healthz"); code != 200 {
		t.Fatalf("/healthz = %d", code)
	}
	_, metrics := h.get("/metrics")
	for _, name := range []string{"tact_envelopes_total", "tact_ack_latency_seconds", "tact_slack_api_calls_total"} {
		if !strings.Contains(metrics, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
}

func TestHelpInRussian(t *testing.T) {
	h := startBot(t, newSlack(t))
	text := h.reply(h.command(russian, "/tact", ""))
	if !regexp.MustCompile(`[а-яА-Я]{4,}`).MatchString(text) {
		t.Fatalf("a ru-RU user got help without Russian: %s", text)
	}
}

func TestReconnectsAfterDropAndDisconnectFrame(t *testing.T) {
	srv := newSlack(t)
	h := startBot(t, srv, overSocket())
	srv.DropConnections()
	h.waitFor("a reconnect after the drop", func() bool { return srv.ConnectCount() >= 2 && srv.Connections() == 1 })
	h.reply(h.command(member, "/tact", "help"))

	srv.SendDisconnect("refresh_requested")
	h.waitFor("a reconnect after the disconnect frame", func() bool { return srv.ConnectCount() >= 3 && srv.Connections() == 1 })
	h.reply(h.command(member, "/tact", "help"))
	_, metrics := h.get("/metrics")
	if !regexp.MustCompile(`tact_socket_reconnects_total [2-9]`).MatchString(metrics) {
		t.Fatalf("reconnects not counted:\n%s", grepLines(metrics, "reconnects"))
	}
}

// redeliverFirstDuplicate has Slack send env again and waits until the bot
// counts it as its first duplicate.
func (h *harness) redeliverFirstDuplicate(env slacktest.Envelope) {
	h.t.Helper()
	if err := h.slack.Redeliver(env.ID); err != nil {
		h.t.Fatal(err)
	}
	h.waitFor("the redelivery to be recognised", func() bool {
		_, m := h.get("/metrics")
		return strings.Contains(m, "tact_envelopes_duplicate_total 1")
	})
}

func TestRedeliveredEnvelopeHandledOnce(t *testing.T) {
	srv := newSlack(t)
	h := startBot(t, srv)
	env := h.command(member, "/tact", "help")
	h.reply(env)
	h.redeliverFirstDuplicate(env)
	if n := len(srv.Calls("response_url")); n != 1 {
		t.Fatalf("a redelivered /tact help was answered %d times", n)
	}
}

func TestPanickingHandlerApologisesAndBotSurvives(t *testing.T) {
	srv := newSlack(t)
	h := startBot(t, srv, withOptions(options{routes: func(r *bot.Router) {
		r.Command("/boom", func(context.Context, *bot.Request) error { panic("boom") })
	}}))
	text := h.reply(h.command(member, "/boom", ""))
	ref := regexp.MustCompile(`[0-9a-f]{8}`).FindString(text)
	if ref == "" {
		t.Fatalf("apology without a reference: %s", text)
	}
	if !strings.Contains(h.logs.String(), ref) {
		t.Fatalf("reference %s not in the logs", ref)
	}
	h.reply(h.command(member, "/tact", "help"))
}

func TestRateLimitedPostIsRetriedAndDeliveredOnce(t *testing.T) {
	srv := newSlack(t)
	h := startBot(t, srv, withOptions(options{routes: func(r *bot.Router) {
		r.Command("/announce", func(ctx context.Context, req *bot.Request) error {
			_, err := req.API.Post(ctx, req.ChannelID, bot.Message{Text: "hello team"})
			return err
		})
	}}))
	srv.RateLimit("chat.postMessage", 1, time.Second)
	start := time.Now()
	h.command(member, "/announce", "")
	h.waitFor("the retried post", func() bool { return len(okCalls(srv, "chat.postMessage")) == 1 })
	if waited := time.Since(start); waited < time.Second {
		t.Fatalf("retried after %s, before Retry-After", waited)
	}
	time.Sleep(200 * time.Millisecond)
	if all, ok := len(srv.Calls("chat.postMessage")), len(okCalls(srv, "chat.postMessage")); all != 2 || ok != 1 {
		t.Fatalf("chat.postMessage calls: %d, delivered: %d; want 2 and 1", all, ok)
	}
}

func okCalls(srv *slacktest.Server, method string) []slacktest.Call {
	var out []slacktest.Call
	for _, c := range srv.Calls(method) {
		if c.Status == 200 && c.Error == "" {
			out = append(out, c)
		}
	}
	return out
}

func TestBadConfigExitsTwoWithOneLine(t *testing.T) {
	cases := map[string]map[string]string{
		"SLACK_APP_TOKEN": {"SLACK_BOT_TOKEN": "xoxb-1"},
		"SLACK_BOT_TOKEN": {"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxp-user-token"},
		"TZ":              {"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1", "TZ": "Mars/Olympus"},
		"MANAGERS":        {"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1", "MANAGERS": "maria"},
		"DIGEST_SCHEDULE": {"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1", "DIGEST_SCHEDULE": "every monday"},
		"CURRENCY":        {"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1", "CURRENCY": "dollars"},
		"PULSE_SCHEDULE":  {"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1", "PULSE_SCHEDULE": "@every 1h"},
		"TACT_SECRET":     {"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1", "DATABASE_URL": "postgres://x@127.0.0.1/x"},
		// Over HTTP the signing secret is what Slack's requests are checked with.
		"SLACK_SIGNING_SECRET": {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_TRANSPORT": "http"},
		"SLACK_TRANSPORT":      {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1", "SLACK_TRANSPORT": "carrier-pigeon"},
		// Many workspaces: the three OAuth variables, instead of a bot token.
		"SLACK_CLIENT_ID":     {"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1", "SLACK_CLIENT_ID": "1.2"},
		"SLACK_CLIENT_SECRET": {"SLACK_APP_TOKEN": "xapp-1", "SLACK_CLIENT_ID": "1.2"},
		"SLACK_REDIRECT_URI":  {"SLACK_APP_TOKEN": "xapp-1", "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "SLACK_REDIRECT_URI": "http://example.com/slack/oauth_redirect"},
		"TACT_TOKEN_KEY":      {"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1", "TACT_TOKEN_KEY": "not-a-key"},
	}
	for name, env := range cases {
		t.Run(name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(context.Background(), nil, func(k string) string { return env[k] }, &stderr, &stderr, options{})
			code := exitCode(err, &stderr)
			out := strings.TrimSpace(stderr.String())
			if code != 2 || strings.Count(out, "\n") != 0 || !strings.Contains(out, name) {
				t.Fatalf("exit %d, output %q; want 2 and one line naming %s", code, out, name)
			}
		})
	}
}

// The transport follows the tokens given: a signing secret alone means
// HTTP, an app token Socket Mode (also beside a signing secret, unless
// SLACK_TRANSPORT says http).
func TestTransportChosenByTheEnvironment(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"SLACK_APP_TOKEN": "xapp-1"}, "socket"},
		{map[string]string{"SLACK_SIGNING_SECRET": signingSecret}, "http"},
		{map[string]string{"SLACK_SIGNING_SECRET": signingSecret, "SLACK_APP_TOKEN": "xapp-1"}, "socket"},
		{map[string]string{"SLACK_SIGNING_SECRET": signingSecret, "SLACK_APP_TOKEN": "xapp-1", "SLACK_TRANSPORT": "HTTP"}, "http"},
	} {
		c.env["SLACK_BOT_TOKEN"] = "xoxb-1"
		cfg, err := loadConfig(func(k string) string { return c.env[k] }, true)
		if err != nil || cfg.Transport != c.want {
			t.Errorf("%v: transport %v, %v; want %s", c.env, cfg, err, c.want)
			continue
		}
		if got := cfg.httpSecret(); (got != "") != (c.want == "http") {
			t.Errorf("%v: the runtime's signing secret is %q", c.env, got)
		}
	}
}

func TestHelpListsEveryVariable(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, func(string) string { return "" }, &out, &out, options{}); err != nil {
		t.Fatal(err)
	}
	for _, v := range variables() {
		if !strings.Contains(out.String(), v.name) {
			t.Errorf("--help lacks %s", v.name)
		}
	}
}

func TestEmbeddedDatabaseStartsAndReachesSlack(t *testing.T) {
	srv := newSlack(t)
	dataDir := storagetest.ReachableDir(t) + "/data"
	h := startBot(t, srv, overSocket(), withEnv("DATABASE_URL", ""), withEnv("TACT_SECRET", ""), withEnv("TACT_DATA_DIR", dataDir))
	if len(srv.Calls("apps.connections.open")) == 0 {
		t.Fatal("apps.connections.open never called")
	}
	h.reply(h.command(member, "/tact", "help"))
	h.shutdown()
	for _, f := range []string{"secret", "pg/PG_VERSION"} {
		if !fileExists(dataDir + "/" + f) {
			t.Errorf("%s/%s missing", dataDir, f)
		}
	}
}

// TestTwoBotProcessesMigrateOneEmptyDatabase starts two real `tact`
// processes at once on an empty database: both migrate (one waits for the
// other's advisory lock), connect, and stop cleanly on SIGTERM.
func TestTwoBotProcessesMigrateOneEmptyDatabase(t *testing.T) {
	bin := buildTact(t)
	url := storagetest.EmptyURL(t)
	srv := newSlack(t)
	var procs []*exec.Cmd
	var logs []*syncBuffer
	for range 2 {
		cmd := exec.Command(bin)
		cmd.Dir = t.TempDir() // no .env from the checkout
		cmd.Env = append(os.Environ(),
			"SLACK_APP_TOKEN="+appToken, "SLACK_BOT_TOKEN="+botToken, "SLACK_API_URL="+srv.APIURL(),
			"DATABASE_URL="+url, "TACT_SECRET="+strings.Repeat("s", 40), "HTTP_ADDR="+freeAddr(t),
			"DIGEST_SCHEDULE=0 0 31 2 *")
		out := &syncBuffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill() })
		procs, logs = append(procs, cmd), append(logs, out)
	}
	if err := srv.WaitConnections(2, 30*time.Second); err != nil {
		t.Fatalf("both bots should connect after migrating: %v\n%s\n%s", err, logs[0].tail(2000), logs[1].tail(2000))
	}
	for i, cmd := range procs {
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("bot %d exited with %v after SIGTERM:\n%s", i, err, logs[i].tail(2000))
			}
		case <-time.After(15 * time.Second):
			t.Errorf("bot %d did not stop within 15 s of SIGTERM", i)
		}
	}
}

// buildTact builds the real binary, as `go build .` does.
func buildTact(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tact")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestReadmeRunCommand does what the README's first command does: the real
// binary in a directory holding only a .env with the two tokens (and where
// Slack is), on the embedded database; it creates ./data, reaches Slack and
// stops cleanly, database included, on SIGTERM.
func TestReadmeRunCommand(t *testing.T) {
	bin := buildTact(t)
	srv := newSlack(t)
	dir := storagetest.ReachableDir(t) // as root, the database's own user must reach ./data
	dotenv := fmt.Sprintf("SLACK_APP_TOKEN=%s\nSLACK_BOT_TOKEN=%s\nSLACK_API_URL=%s\nHTTP_ADDR=%s\n",
		appToken, botToken, srv.APIURL(), freeAddr(t))
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(dotenv), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !strings.HasPrefix(k, "SLACK_") && k != "DATABASE_URL" && k != "TACT_SECRET" && k != "TACT_DATA_DIR" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	if err := srv.WaitConnections(1, 60*time.Second); err != nil {
		t.Fatalf("the bot did not reach Slack: %v\n%s", err, out.tail(3000))
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, out.tail(3000))
	}
	for _, f := range []string{"data/secret", "data/pg/PG_VERSION"} {
		if !fileExists(filepath.Join(dir, f)) {
			t.Errorf("%s missing after the first run", f)
		}
	}
	if fileExists(filepath.Join(dir, "data/pg/postmaster.pid")) {
		t.Error("the embedded database is still running after the bot stopped")
	}
}
