package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot/slacktest"
	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage/storagetest"
)

// Test users: a manager and a member, one reading English, one Russian.
const (
	teamID    = "T0TEST"
	channel   = "C0TEST"
	manager   = "U0MANAGER"
	member    = "U0MEMBER"
	russian   = "U0RUSSIAN"
	appToken  = "xapp-1-A0TEST-secret-app-token"
	botToken  = "xoxb-0000-secret-bot-token"
	ackBudget = 3 * time.Second
)

// harness is one real bot (the run function main calls) against the
// project's Slack test server and a fresh database.
type harness struct {
	t     *testing.T
	slack *slacktest.Server
	env   map[string]string
	logs  *syncBuffer
	http  string
	stop  context.CancelFunc
	done  chan error
}

type harnessOption func(*harness, *options)

func withEnv(k, v string) harnessOption {
	return func(h *harness, _ *options) { h.env[k] = v }
}

func withOptions(o options) harnessOption {
	return func(_ *harness, opts *options) { *opts = o }
}

// slackOptions is the test Slack with the people most tests need.
func slackOptions() slacktest.Options {
	return slacktest.Options{
		AppToken: appToken, BotToken: botToken,
		Users: map[string]slacktest.User{
			manager: {ID: manager, TeamID: teamID, Name: "maria", Locale: "en-US", TZ: "Europe/London"},
			member:  {ID: member, TeamID: teamID, Name: "max", Locale: "en-GB", TZ: "Europe/London"},
			russian: {ID: russian, TeamID: teamID, Name: "olga", Locale: "ru-RU", TZ: "Europe/Moscow"},
		},
	}
}

func newSlack(t *testing.T) *slacktest.Server {
	t.Helper()
	return startSlack(t, slackOptions())
}

// startSlack starts the test Slack with opts; it closes when the test ends.
func startSlack(t *testing.T, opts slacktest.Options) *slacktest.Server {
	t.Helper()
	srv, err := slacktest.New(opts)
	if err != nil {
		t.Fatalf("starting the Slack test server: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// startBot runs the bot and waits until its socket is connected.
// jobSet is one replica's scheduled jobs, wired as serve wires them:
// tests run them directly.
type jobSet struct {
	schedule.Deps
	secret []byte
}

// job is the job named name in the table serve schedules.
func (j jobSet) job(t *testing.T, name string) schedule.Job {
	t.Helper()
	for _, e := range j.Jobs() {
		if e.Job.Name() == name {
			return e.Job
		}
	}
	t.Fatalf("no %s job", name)
	return nil
}

func startBot(t *testing.T, srv *slacktest.Server, hopts ...harnessOption) *harness {
	t.Helper()
	h := &harness{t: t, slack: srv, logs: &syncBuffer{}, done: make(chan error, 1)}
	h.env = map[string]string{
		"SLACK_APP_TOKEN": appToken,
		"SLACK_BOT_TOKEN": botToken,
		"SLACK_API_URL":   srv.APIURL(),
		"TACT_SECRET":     "test-secret-0123456789abcdef0123456789abcdef",
		"TACT_DATA_DIR":   t.TempDir(),
		"HTTP_ADDR":       freeAddr(t),
		"MANAGERS":        manager,
		"DIGEST_CHANNEL":  channel,
		// Never fires, so no test sees a digest it did not ask for (the
		// default schedule would catch up on Mondays and Tuesdays).
		"DIGEST_SCHEDULE": "0 0 31 2 *",
		// Likewise the pulse, which catches up at start too.
		"PULSE_SCHEDULE": "0 0 31 2 *",
		"LOG_LEVEL":      "debug",
	}
	var opts options
	if os.Getenv("TACT_TEST_TRANSPORT") == "http" {
		// The whole suite again with Slack reaching the bot over HTTP.
		hopts = append([]harnessOption{overHTTP()}, hopts...)
	}
	for _, o := range hopts {
		o(h, &opts)
	}
	if _, ok := h.env["DATABASE_URL"]; !ok {
		h.env["DATABASE_URL"] = storagetest.URL(t)
	}
	h.http = h.env["HTTP_ADDR"]
	ctx, cancel := context.WithCancel(context.Background())
	h.stop = cancel
	before := srv.ConnectCount()
	overHTTP := h.env["SLACK_TRANSPORT"] == "http"
	if overHTTP {
		srv.SendOverHTTP("http://"+h.http+"/slack/events", h.env["SLACK_SIGNING_SECRET"])
	}
	go func() {
		h.done <- run(ctx, nil, func(k string) string { return h.env[k] }, io.Discard, h.logs, opts)
	}()
	t.Cleanup(h.shutdown)
	if overHTTP {
		h.waitFor("the bot to serve HTTP", func() bool { code, _ := h.get("/readyz"); return code == http.StatusOK })
	} else {
		h.waitFor("the bot to connect", func() bool { return srv.ConnectCount() > before })
	}
	return h
}

// signingSecret signs the test Slack's requests over HTTP.
const signingSecret = "test-signing-secret-0123456789abcdef"

// overHTTP runs the bot with Slack reaching it over HTTP, signed, instead
// of Socket Mode.
func overHTTP() harnessOption {
	return func(h *harness, _ *options) {
		h.env["SLACK_SIGNING_SECRET"] = signingSecret
		h.env["SLACK_TRANSPORT"] = "http"
		delete(h.env, "SLACK_APP_TOKEN")
	}
}

// overSocket keeps a test about the socket itself on Socket Mode when the
// suite runs over HTTP.
func overSocket() harnessOption {
	return func(h *harness, _ *options) {
		h.env["SLACK_APP_TOKEN"] = appToken
		h.env["SLACK_TRANSPORT"] = "socket"
		delete(h.env, "SLACK_SIGNING_SECRET")
	}
}

// shutdown stops the bot as SIGTERM would and checks it exits cleanly.
func (h *harness) shutdown() {
	if h.stop == nil {
		return
	}
	if h.env["SLACK_TRANSPORT"] == "http" {
		// As a load balancer does once the replica stops being ready.
		h.slack.StopSendingTo("http://" + h.http + "/slack/events")
	}
	h.stop()
	h.stop = nil
	select {
	case err := <-h.done:
		if err != nil {
			h.t.Errorf("bot exited with %v", err)
		}
	case <-time.After(15 * time.Second):
		h.t.Errorf("bot did not stop within 15 s of its context ending")
	}
}

func (h *harness) waitFor(what string, ok func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s\nbot logs:\n%s", what, h.logs.tail(4000))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// command sends a slash command, checks it is acked within Slack's 3 s and
// returns the envelope.
func (h *harness) command(user, cmd, text string) slacktest.Envelope {
	h.t.Helper()
	env, err := h.slack.SendSlashCommand(slacktest.SlashCommand{TeamID: teamID, UserID: user, ChannelID: channel, Command: cmd, Text: text})
	if err != nil {
		h.t.Fatalf("sending %s %s: %v", cmd, text, err)
	}
	ack, err := h.slack.WaitAck(env.ID, ackBudget)
	if err != nil {
		h.t.Fatalf("%s %s not acked within %s: %v\nlogs:\n%s", cmd, text, ackBudget, err, h.logs.tail(4000))
	}
	if ack.Latency > ackBudget {
		h.t.Fatalf("%s acked after %s", cmd, ack.Latency)
	}
	return env
}

// reply waits for the response_url post answering an envelope and returns
// its text with the blocks' text appended.
func (h *harness) reply(env slacktest.Envelope) string {
	h.t.Helper()
	call, err := h.slack.WaitCall("response_url", func(c slacktest.Call) bool {
		return c.Path != "" && strings.HasSuffix(env.ResponseURL, c.Path)
	}, 10*time.Second)
	if err != nil {
		h.t.Fatalf("no reply to envelope %s: %v\nlogs:\n%s", env.ID, err, h.logs.tail(4000))
	}
	return string(call.Body)
}

func (h *harness) get(path string) (int, string) {
	h.t.Helper()
	resp, err := http.Get("http://" + h.http + path)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// syncBuffer collects the bot's log lines from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) tail(n int) string {
	s := b.String()
	if len(s) > n {
		return fmt.Sprintf("…%s", s[len(s)-n:])
	}
	return s
}
