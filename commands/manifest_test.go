package commands_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/tact-bot/tact/commands"
	"github.com/tact-bot/tact/locale"
)

// The app manifest declares the slash commands Slack will send; it must list
// exactly the commands the bot defines, with the same usage hints.
func TestManifestMatchesCommandDefinitions(t *testing.T) {
	raw, err := os.ReadFile("../deploy/slack-app-manifest.yml")
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Features struct {
			SlashCommands []struct {
				Command     string `yaml:"command"`
				Description string `yaml:"description"`
				UsageHint   string `yaml:"usage_hint"`
			} `yaml:"slash_commands"`
			Shortcuts []struct {
				CallbackID string `yaml:"callback_id"`
			} `yaml:"shortcuts"`
		} `yaml:"features"`
		Settings struct {
			SocketMode bool `yaml:"socket_mode_enabled"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(raw, &manifest); err != nil {
		t.Fatalf("manifest is not valid YAML: %v", err)
	}
	if !manifest.Settings.SocketMode {
		t.Error("socket_mode_enabled must be true")
	}
	cat, err := locale.New()
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]commands.Command{}
	for _, c := range commands.New(commands.Deps{Catalog: cat}).Commands {
		defined[c.Name] = c
	}
	declared := map[string]bool{}
	for _, m := range manifest.Features.SlashCommands {
		declared[m.Command] = true
		c, ok := defined[m.Command]
		switch {
		case !ok:
			t.Errorf("manifest declares %s, which the bot doesn't define", m.Command)
		case c.UsageHint != m.UsageHint:
			t.Errorf("%s usage hint: manifest %q, definition %q", m.Command, m.UsageHint, c.UsageHint)
		case m.Description == "" || len([]rune(m.Description)) > 100:
			t.Errorf("%s needs a description of at most 100 characters", m.Command)
		}
	}
	for name := range defined {
		if !declared[name] {
			t.Errorf("the bot defines %s but the manifest doesn't declare it", name)
		}
	}
	if len(manifest.Features.Shortcuts) != 1 || !strings.HasPrefix(manifest.Features.Shortcuts[0].CallbackID, "log_incident") {
		t.Errorf("the manifest should declare the 'Log as incident' message shortcut")
	}
}

// The HTTP manifest is the Socket Mode one with request URLs instead of
// the socket: the same commands, scopes and events, every URL under the
// bot's /slack/ path.
func TestHTTPManifestMatchesTheSocketOne(t *testing.T) {
	read := func(path string) map[string]any {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := yaml.Unmarshal(raw, &m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return m
	}
	socket, http := read("../deploy/slack-app-manifest.yml"), read("../deploy/slack-app-manifest-http.yml")
	var urls []string
	var strip func(v any) any
	strip = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			out := map[string]any{}
			for k, e := range x {
				switch k {
				case "url", "request_url", "message_menu_options_url":
					urls = append(urls, e.(string))
				case "redirect_urls": // "Add to Slack" needs a public URL
					for _, u := range e.([]any) {
						urls = append(urls, u.(string))
					}
				case "socket_mode_enabled":
				default:
					out[k] = strip(e)
				}
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = strip(e)
			}
			return out
		}
		return v
	}
	urls = nil
	a := strip(socket)
	if len(urls) != 0 {
		t.Errorf("the Socket Mode manifest has request URLs: %v", urls)
	}
	b := strip(http)
	if !reflect.DeepEqual(a, b) {
		t.Error("the HTTP manifest differs from the Socket Mode one beyond its request URLs")
	}
	if len(urls) < 10 {
		t.Errorf("%d request URLs; want one per command, events, interactivity and options", len(urls))
	}
	for _, u := range urls {
		if !strings.HasPrefix(u, "https://") || !strings.Contains(u, "/slack/") {
			t.Errorf("request URL %q is not an https URL under /slack/", u)
		}
	}
	if s, _ := http["settings"].(map[string]any); s["socket_mode_enabled"] != false {
		t.Error("the HTTP manifest must turn Socket Mode off")
	}
}
