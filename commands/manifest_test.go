package commands_test

import (
	"os"
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
