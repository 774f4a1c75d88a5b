package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/storage/storagetest"
)

// A cron spec with the cron library's zone prefix, bare or before five
// fields, is the one-line config error (a bare one used to panic inside
// the library): schedules run in TZ, like every date the bot shows.
func TestCronZonePrefixExitsTwoWithOneLine(t *testing.T) {
	for _, c := range []struct{ name, spec string }{
		{"DIGEST_SCHEDULE", "TZ=UTC"},
		{"DIGEST_SCHEDULE", "TZ="},
		{"DIGEST_SCHEDULE", "CRON_TZ=Europe/Moscow 0 9 * * 1"},
		{"PULSE_SCHEDULE", "CRON_TZ=UTC"},
		{"PULSE_SCHEDULE", "TZ=UTC 0 10 1-7 * 1"},
	} {
		t.Run(c.name+"="+c.spec, func(t *testing.T) {
			env := map[string]string{"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1", c.name: c.spec}
			var stderr bytes.Buffer
			err := run(context.Background(), nil, func(k string) string { return env[k] }, &stderr, &stderr, options{})
			code := exitCode(err, &stderr)
			out := strings.TrimSpace(stderr.String())
			if code != 2 || strings.Count(out, "\n") != 0 || !strings.Contains(out, c.name) || !strings.Contains(out, "put the time zone in TZ") {
				t.Fatalf("exit %d, output %q; want 2 and one line naming %s", code, out, c.name)
			}
		})
	}
}

// runToExit runs the bot with token against the Slack at apiURL until it
// stops, and returns its exit code, the line it printed and its logs.
func runToExit(t *testing.T, token, apiURL string) (int, string, *syncBuffer) {
	t.Helper()
	env := map[string]string{
		"SLACK_APP_TOKEN": appToken, "SLACK_BOT_TOKEN": token, "SLACK_API_URL": apiURL,
		"DATABASE_URL": storagetest.URL(t), "TACT_SECRET": strings.Repeat("s", 40), "HTTP_ADDR": freeAddr(t),
	}
	logs := &syncBuffer{}
	err := run(context.Background(), nil, func(k string) string { return env[k] }, logs, logs, options{reachDelay: 10 * time.Millisecond})
	var out bytes.Buffer
	code := exitCode(err, &out)
	return code, strings.TrimSpace(out.String()), logs
}

// A Slack that cannot be reached at start is retried a bounded number of
// times, each said in the log, then the bot stops with a line saying so,
// never blaming the token.
func TestSlackUnreachableAtStartIsRetriedThenNamed(t *testing.T) {
	apiURL := "http://" + freeAddr(t) + "/api/" // nothing listens there
	code, line, logs := runToExit(t, botToken, apiURL)
	if code != 1 || strings.Count(line, "\n") != 0 || !strings.Contains(line, "cannot reach Slack at "+apiURL) || strings.Contains(line, "token") {
		t.Fatalf("exit %d, %q; want 1 and one line saying Slack at %s cannot be reached", code, line, apiURL)
	}
	retries := strings.Count(logs.String(), "cannot reach Slack at "+apiURL+"; retrying")
	if retries != bot.ReachAttempts-1 {
		t.Errorf("%d retries logged; want %d\n%s", retries, bot.ReachAttempts-1, logs.tail(3000))
	}
}

// A refused token stops the bot at once, with one line naming the variable
// and exit 2, without retrying.
func TestSlackRefusedTokenAtStartExitsTwo(t *testing.T) {
	srv := newSlack(t)
	code, line, _ := runToExit(t, "xoxb-not-this-one", srv.APIURL())
	if code != 2 || !strings.Contains(line, "Slack refused the bot token (auth.test: invalid_auth): check SLACK_BOT_TOKEN") || strings.Contains(line, "xoxb-not-this-one") {
		t.Fatalf("exit %d, %q; want 2 and the refused-token line", code, line)
	}
	if n := len(srv.Calls("auth.test")); n != 1 {
		t.Errorf("auth.test called %d times; a refused token is not retried", n)
	}
}
