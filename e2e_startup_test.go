package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
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
