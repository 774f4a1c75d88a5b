package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	_ "embed"

	"go.yaml.in/yaml/v3"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/storage"
)

// One workspace (SLACK_BOT_TOKEN) or many ("Add to Slack"): what differs
// between the two is wired here, and everything else is the same bot.

//go:embed deploy/slack-app-manifest.yml
var manifest []byte

// served is the workspaces the bot serves, as the runtime, the ops server
// and the scheduler need them.
type served struct {
	// One workspace: its team, organisation and directory. Many: empty
	// team, and the directory answers only the default language.
	teamID    string
	workspace bot.Workspace
	people    *bot.People
	// Many workspaces only.
	tenants  bot.TenantSource
	oauth    *bot.OAuth
	installs storage.Installations
	refresh  *schedule.TokenRefresh
}

func wireWorkspaces(ctx context.Context, cfg *config, secret []byte, db *storage.DB, api *bot.Client, cat *locale.Catalog, log *slog.Logger, opts options) (*served, error) {
	settings := cfg.workspaces(db)
	if !cfg.manyWorkspaces() {
		auth, err := bot.Reach(ctx, api, cfg.APIURL, opts.reachDelay, log)
		if errors.Is(err, bot.ErrTokenRefused) {
			return nil, usageError{err}
		}
		if err != nil {
			return nil, err
		}
		// A token Slack accepts means the app is installed (again, after an
		// uninstall): the workspace's jobs run.
		if err := db.MarkInstalled(ctx, auth.TeamID); err != nil {
			return nil, err
		}
		return &served{
			teamID: auth.TeamID, workspace: bot.Workspace{TeamID: auth.TeamID, EnterpriseID: auth.EnterpriseID},
			people: bot.NewPeopleWith(api, cfg.DefaultLocale, roles(settings, auth.TeamID, log)),
		}, nil
	}
	keys, err := cfg.tokenKeys(secret)
	if err != nil {
		return nil, err
	}
	installs := storage.Installations{DB: db, Keys: keys}
	// Key rotation: whatever a previous key sealed is sealed again now.
	if n, err := installs.Reseal(ctx); err != nil {
		return nil, fmt.Errorf("re-encrypting the workspaces' tokens under TACT_TOKEN_KEY (is the previous key in TACT_TOKEN_KEY_PREVIOUS?): %w", err)
	} else if n > 0 {
		log.Info("workspace tokens re-encrypted under the current key", "workspaces", n)
	}
	scopes, err := botScopes(manifest)
	if err != nil {
		return nil, err
	}
	oauth := &bot.OAuth{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURI: cfg.RedirectURI, Scopes: scopes,
		AuthorizeURL: cfg.authorizeURL(), APIURL: cfg.apiURL(), Base: api, Store: installStore{installs}, Catalog: cat, Log: log,
	}
	s := &served{
		people:   bot.NewPeople(api, cfg.DefaultLocale, nil),
		installs: installs,
		oauth:    oauth,
		tenants: &bot.Tenants{Base: api, DefaultLang: cfg.DefaultLocale, Lookup: lookupInstall(installs),
			Roles: func(teamID string) func(context.Context) bot.Roles { return roles(settings, teamID, log) }},
		refresh: &schedule.TokenRefresh{Installs: installs, Refresh: func(ctx context.Context, refreshToken string) (storage.Tokens, error) {
			next, err := oauth.RefreshTokens(ctx, refreshToken)
			return storage.Tokens{BotToken: next.BotToken, RefreshToken: next.RefreshToken, ExpiresAt: next.ExpiresAt}, err
		}},
	}
	return s, nil
}

// jobs is the table of scheduled jobs: the one workspace's, or every
// installed workspace's and the token refresh.
func (s *served) jobs(d schedule.Deps) []schedule.Entry {
	if s.tenants == nil {
		return d.Jobs()
	}
	return schedule.Fleet{Base: d, Teams: s.installs.Teams, Tenants: s.tenants, Tokens: s.refresh}.Jobs()
}

// lookupInstall reads a workspace's install for the runtime.
func lookupInstall(installs storage.Installations) func(context.Context, string) (bot.Install, error) {
	return func(ctx context.Context, teamID string) (bot.Install, error) {
		in, err := installs.Get(ctx, teamID)
		if errors.Is(err, storage.ErrNotFound) {
			return bot.Install{}, fmt.Errorf("%s: %w", teamID, bot.ErrNotInstalled)
		}
		if err != nil {
			return bot.Install{}, err
		}
		return bot.Install{TeamID: in.TeamID, EnterpriseID: in.EnterpriseID, BotToken: in.BotToken}, nil
	}
}

// installStore keeps the install pages' states and installs in storage.
type installStore struct{ storage.Installations }

func (s installStore) SaveInstall(ctx context.Context, in bot.Installed) error {
	return s.Save(ctx, storage.Installation{
		TeamID: in.TeamID, EnterpriseID: in.EnterpriseID, TeamName: in.TeamName, AppID: in.AppID,
		BotUserID: in.BotUserID, Scope: in.Scope, InstallerID: in.InstallerID,
		BotToken: in.BotToken, RefreshToken: in.RefreshToken, ExpiresAt: in.ExpiresAt,
	})
}

// botScopes are the bot scopes the app manifest asks for: the install
// button asks for the same.
func botScopes(raw []byte) ([]string, error) {
	var m struct {
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
	}
	if err := yaml.Unmarshal(raw, &m); err != nil || len(m.OAuth.Scopes.Bot) == 0 {
		return nil, fmt.Errorf("reading the bot scopes from the app manifest: %v", err)
	}
	return m.OAuth.Scopes.Bot, nil
}

// apiURL is the Web API's base URL.
func (c *config) apiURL() string {
	if c.APIURL != "" {
		return c.APIURL
	}
	return "https://slack.com/api/"
}

// authorizeURL is Slack's consent page beside its Web API (slack.com/api/
// → slack.com/oauth/v2/authorize; the test server's likewise).
func (c *config) authorizeURL() string {
	base := c.apiURL()
	if i := len(base) - len("api/"); i > 0 && base[i:] == "api/" {
		base = base[:i]
	}
	return base + "oauth/v2/authorize"
}
