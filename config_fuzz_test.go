package main

import (
	"strings"
	"testing"

	"github.com/robfig/cron/v3"

	"github.com/tact-bot/tact/locale"
)

// Whatever the environment holds, loadConfig either refuses it in one line
// naming a variable, or returns a configuration every part can use.
func FuzzLoadConfig(f *testing.F) {
	f.Add(uint8(0), "xapp-1-A", uint8(11), "Europe/Moscow", uint8(12), "U0A, S0B")
	f.Add(uint8(3), "postgres://x@127.0.0.1/x", uint8(5), "C0TEST", uint8(7), "0 9 * * 1")
	f.Add(uint8(17), "0", uint8(18), "99999999999", uint8(15), "::1:8080")
	f.Add(uint8(13), "ru", uint8(14), "rub", uint8(4), "../../etc")
	// Cron zone prefixes: bare ones panicked inside the cron library.
	f.Add(uint8(7), "TZ=UTC", uint8(9), "CRON_TZ=UTC", uint8(11), "UTC")
	f.Add(uint8(7), "CRON_TZ=Europe/Moscow 0 9 * * 1", uint8(9), "TZ=UTC 0 10 1-7 * 1", uint8(7), "TZ=")
	f.Add(uint8(9), "@every 1h", uint8(7), "0 9 * * 1 2", uint8(9), "60 25 32 13 8")
	vars := variables()
	f.Fuzz(func(t *testing.T, i1 uint8, v1 string, i2 uint8, v2 string, i3 uint8, v3 string) {
		env := map[string]string{"SLACK_APP_TOKEN": "xapp-1-A0TEST-x", "SLACK_BOT_TOKEN": "xoxb-1-x", "HTTP_ADDR": "127.0.0.1:0"}
		for _, kv := range []struct {
			i uint8
			v string
		}{{i1, v1}, {i2, v2}, {i3, v3}} {
			env[vars[int(kv.i)%len(vars)].name] = kv.v
		}
		c, err := loadConfig(func(k string) string { return env[k] }, true)
		if err != nil {
			msg := err.Error()
			named := false
			for _, v := range vars {
				named = named || strings.Contains(msg, v.name)
			}
			if strings.Contains(msg, "\n") || !named {
				t.Fatalf("refusal is not one line naming a variable: %q", msg)
			}
			return
		}
		switch {
		case !strings.HasPrefix(c.AppToken, "xapp-") || !strings.HasPrefix(c.BotToken, "xoxb-") && !c.manyWorkspaces():
			t.Fatalf("tokens accepted: %q, %q", c.AppToken, c.BotToken)
		case c.manyWorkspaces() && (c.BotToken != "" || c.ClientSecret == "" || !strings.HasSuffix(c.RedirectURI, "/slack/oauth_redirect")):
			t.Fatalf("many workspaces with bot token %q, secret set %v, redirect %q", c.BotToken, c.ClientSecret != "", c.RedirectURI)
		case c.Location == nil || !locale.Supported(c.DefaultLocale) || len(c.Currency) != 3:
			t.Fatalf("zone %v, locale %q, currency %q", c.Location, c.DefaultLocale, c.Currency)
		case c.Workers < 1 || c.Queue < 1 || c.StrainPollHours < 1 || c.DigestCatchup <= 0:
			t.Fatalf("workers %d, queue %d, poll hours %d, catch-up %s", c.Workers, c.Queue, c.StrainPollHours, c.DigestCatchup)
		case c.DatabaseURL != "" && len(c.Secret) < 32:
			t.Fatalf("DATABASE_URL without a 32-character secret")
		}
		for _, spec := range []string{c.DigestSchedule, c.PulseSchedule} {
			if _, err := cron.ParseStandard(spec); err != nil {
				t.Fatalf("accepted cron spec %q: %v", spec, err)
			}
			if strings.Contains(spec, "TZ=") {
				t.Fatalf("accepted cron spec %q with its own zone; schedules run in TZ", spec)
			}
		}
		if c.APIURL != "" && !strings.HasSuffix(c.APIURL, "/") {
			t.Fatalf("SLACK_API_URL %q lacks its trailing slash", c.APIURL)
		}
	})
}
