package main

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/robfig/cron/v3"
	"golang.org/x/text/currency"

	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/strain"
	"github.com/tact-bot/tact/vault"
)

// config is everything the bot reads from its environment, read once here;
// no other package looks at the environment.
type config struct {
	AppToken, BotToken string
	SigningSecret      string // set: Slack may reach the bot over HTTP
	// ClientID, ClientSecret and RedirectURI, set instead of BotToken:
	// many workspaces, each installed with "Add to Slack".
	ClientID, ClientSecret, RedirectURI string
	TokenKey                            []byte   // TACT_TOKEN_KEY; nil: derived from the secret
	TokenKeysPrevious                   [][]byte // TACT_TOKEN_KEY_PREVIOUS, for key rotation
	Transport                           string   // "socket" or "http", as resolved by loadConfig
	APIURL                              string
	DatabaseURL                         string
	DataDir                             string
	DigestChannel                       string
	DigestSchedule                      string
	DigestCatchup                       time.Duration
	PulseSchedule                       string
	StrainPollHours                     int
	StrainMinAnswers                    int
	Location                            *time.Location
	Managers                            []string
	DefaultLocale                       string
	Currency                            string
	HTTPAddr                            string
	Secret                              string
	LogLevel                            slog.Level
	Workers, Queue                      int
}

// configError is a bad or missing variable, printed as one line.
type configError struct{ name, problem, fix string }

func (e *configError) Error() string {
	return fmt.Sprintf("%s %s: %s", e.name, e.problem, e.fix)
}

// variable is one environment variable: its default, its help line and how
// it is parsed. --help and the README table come from the same list.
type variable struct {
	name, def, help string
	set             func(c *config, v string) error
}

func variables() []variable {
	return []variable{
		{"SLACK_APP_TOKEN", "", "App-level token (xapp-…) with connections:write, for Socket Mode. Required unless Slack reaches the bot over HTTP.", setAppToken},
		{"SLACK_BOT_TOKEN", "", "Bot token (xoxb-…) from OAuth & Permissions: one workspace. Required unless the three SLACK_CLIENT_… / SLACK_REDIRECT_URI variables are set.", setBotToken},
		{"SLACK_CLIENT_ID", "", "Client ID (Basic Information), set instead of SLACK_BOT_TOKEN: any number of workspaces install the app with Add to Slack on /slack/install.", func(c *config, v string) error { c.ClientID = v; return nil }},
		{"SLACK_CLIENT_SECRET", "", "Client Secret (Basic Information), with SLACK_CLIENT_ID.", func(c *config, v string) error { c.ClientSecret = v; return nil }},
		{"SLACK_REDIRECT_URI", "", "With SLACK_CLIENT_ID: this bot's https://…/slack/oauth_redirect, as listed under OAuth & Permissions → Redirect URLs.", setRedirectURI},
		{"SLACK_SIGNING_SECRET", "", "Signing secret (Basic Information): with it, and no app token, Slack reaches the bot over HTTP on HTTP_ADDR under /slack/.", setSigningSecret},
		{"SLACK_TRANSPORT", "", "socket or http; empty: http when SLACK_SIGNING_SECRET is set without SLACK_APP_TOKEN, else socket.", setTransport},
		{"SLACK_API_URL", "", "Web API base URL; every call, apps.connections.open included, goes through it. Default: Slack's own.", setAPIURL},
		{"DATABASE_URL", "", "PostgreSQL URL. Unset: the bot runs its own PostgreSQL in TACT_DATA_DIR.", setDatabaseURL},
		{"TACT_DATA_DIR", "./data", "Where the embedded database and the generated secret live.", func(c *config, v string) error { c.DataDir = v; return nil }},
		{"TACT_SECRET", "", "Server-side secret for keyed hashes (anonymous votes), 32+ characters. Generated in TACT_DATA_DIR when unset with the embedded database; required with DATABASE_URL so replicas share it.", setSecret},
		{"TACT_TOKEN_KEY", "", "Key the workspaces' Slack tokens are encrypted with in the database (AES-256-GCM): 32 random bytes as 64 hex digits (`openssl rand -hex 32`). Unset: derived from TACT_SECRET.", setTokenKey},
		{"TACT_TOKEN_KEY_PREVIOUS", "", "Comma-separated keys tokens were encrypted with before TACT_TOKEN_KEY; the bot re-encrypts them with TACT_TOKEN_KEY at start (key rotation).", setPreviousTokenKeys},
		{"DIGEST_CHANNEL", "", "Channel id (C…/G…) for the weekly digest and the monthly pulse.", setChannel},
		{"DIGEST_SCHEDULE", "0 9 * * 1", "Cron spec for the weekly digest, in TZ (default Mondays 09:00).", cronSetter(func(c *config, v string) { c.DigestSchedule = v })},
		{"DIGEST_CATCHUP_HOURS", "48", "A digest or monthly pulse missed while the bot was down is posted on start if at most this many hours late.", intSetter(1, 24*14, func(c *config, n int) { c.DigestCatchup = time.Duration(n) * time.Hour })},
		{"PULSE_SCHEDULE", "0 10 1-7 * 1", "Cron spec for the monthly strain pulse, in TZ (default first Monday 10:00).", setPulseSchedule},
		{"STRAIN_POLL_HOURS", "72", "Hours a strain poll stays open.", intSetter(1, 24*30, func(c *config, n int) { c.StrainPollHours = n })},
		{"STRAIN_MIN_ANSWERS", "3", "Answers a closed poll (or a client in the pulse) needs for its result to be shown and kept; never below 3.", intSetter(strain.MinAnswers, 1000, func(c *config, n int) { c.StrainMinAnswers = n })},
		{"TZ", "UTC", "IANA time zone for schedules and dates shown (e.g. Europe/Moscow).", setZone},
		{"MANAGERS", "", "Comma-separated user ids (U…) and user-group ids (S…) allowed to use manager features.", setManagers},
		{"DEFAULT_LOCALE", "en", "Language when Slack doesn't tell a user's: en or ru.", setLocale},
		{"CURRENCY", "USD", "ISO 4217 code money is shown in.", setCurrency},
		{"HTTP_ADDR", ":8080", "Address for /healthz, /readyz and /metrics.", setHTTPAddr},
		{"LOG_LEVEL", "info", "debug, info, warn or error.", setLogLevel},
		{"WORKERS", "32", "Handlers running at once.", intSetter(1, 1024, func(c *config, n int) { c.Workers = n })},
		{"QUEUE", "1024", "Envelopes waiting for a worker before users are told the bot is busy.", intSetter(1, 1<<20, func(c *config, n int) { c.Queue = n })},
	}
}

// loadConfig reads the variables through getenv; the first problem wins.
// Without Slack (the demo), the tokens are not asked for.
func loadConfig(getenv func(string) string, withSlack bool) (*config, error) {
	c := &config{}
	for _, v := range variables() {
		val := strings.TrimSpace(getenv(v.name))
		if !withSlack && strings.HasPrefix(v.name, "SLACK_") {
			continue
		}
		if val == "" {
			val = v.def
		}
		if err := v.set(c, val); err != nil {
			var ce *configError
			if errors.As(err, &ce) {
				return nil, err
			}
			return nil, &configError{v.name, "is " + strconv.Quote(val), err.Error()}
		}
	}
	if withSlack {
		if err := c.resolveTransport(); err != nil {
			return nil, err
		}
		if err := c.resolveWorkspaces(); err != nil {
			return nil, err
		}
	}
	if c.DatabaseURL != "" && c.Secret == "" && withSlack {
		return nil, &configError{"TACT_SECRET", "is missing", "with DATABASE_URL set, every replica must share one secret: set TACT_SECRET to 32+ random characters (e.g. `openssl rand -hex 32`)"}
	}
	return c, nil
}

func setAppToken(c *config, v string) error {
	if v == "" {
		return nil // resolveTransport says whether it is needed
	}
	if !strings.HasPrefix(v, "xapp-") {
		return &configError{"SLACK_APP_TOKEN", "is not an app-level token", "it starts with xapp-; the xoxb- token goes in SLACK_BOT_TOKEN"}
	}
	c.AppToken = v
	return nil
}

func setSigningSecret(c *config, v string) error {
	if v != "" && len(v) < 16 {
		return &configError{"SLACK_SIGNING_SECRET", "is too short", "copy the Signing Secret from Basic Information → App Credentials (32 characters)"}
	}
	c.SigningSecret = v
	return nil
}

func setTransport(c *config, v string) error {
	switch strings.ToLower(v) {
	case "", "socket", "http":
		c.Transport = strings.ToLower(v)
		return nil
	}
	return &configError{"SLACK_TRANSPORT", "is not socket or http", "set SLACK_TRANSPORT=socket or SLACK_TRANSPORT=http, or leave it empty"}
}

// resolveTransport picks Socket Mode or HTTP and checks the tokens each
// needs.
func (c *config) resolveTransport() error {
	if c.Transport == "" {
		c.Transport = "socket"
		if c.SigningSecret != "" && c.AppToken == "" {
			c.Transport = "http"
		}
	}
	switch {
	case c.Transport == "http" && c.SigningSecret == "":
		return &configError{"SLACK_SIGNING_SECRET", "is missing", "Slack's requests over HTTP are verified with it: copy the Signing Secret from Basic Information → App Credentials"}
	case c.Transport == "socket" && c.AppToken == "":
		return &configError{"SLACK_APP_TOKEN", "is missing", "create an app-level token with connections:write under Basic Information and put it in .env (or set SLACK_SIGNING_SECRET to serve Slack over HTTP)"}
	}
	return nil
}

// manyWorkspaces reports whether workspaces install the app with "Add to
// Slack" (else one workspace's SLACK_BOT_TOKEN).
func (c *config) manyWorkspaces() bool { return c.ClientID != "" }

// resolveWorkspaces checks that exactly one of the two modes is set up.
func (c *config) resolveWorkspaces() error {
	switch {
	case c.BotToken != "" && c.ClientID != "":
		return &configError{"SLACK_BOT_TOKEN", "is set with SLACK_CLIENT_ID", "set SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_REDIRECT_URI for many, not both"}
	case c.BotToken == "" && c.ClientID == "":
		return &configError{"SLACK_BOT_TOKEN", "is missing", "install the app to your workspace and copy the Bot User OAuth Token (xoxb-…) into .env, or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_REDIRECT_URI to let any workspace install it"}
	case c.ClientID != "" && c.ClientSecret == "":
		return &configError{"SLACK_CLIENT_SECRET", "is missing", "copy the Client Secret from Basic Information → App Credentials"}
	case c.ClientID != "" && c.RedirectURI == "":
		return &configError{"SLACK_REDIRECT_URI", "is missing", "set it to this bot's public https://…/slack/oauth_redirect and list the same URL under OAuth & Permissions → Redirect URLs"}
	}
	return nil
}

func setRedirectURI(c *config, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	loopback := err == nil && u.Scheme == "http" && (u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost")
	if err != nil || u.Host == "" || (u.Scheme != "https" && !loopback) || !strings.HasSuffix(u.Path, "/slack/oauth_redirect") {
		return &configError{"SLACK_REDIRECT_URI", "is not this bot's redirect URL", "use https://<your host>/slack/oauth_redirect (plain http only on 127.0.0.1 or localhost)"}
	}
	c.RedirectURI = v
	return nil
}

func setTokenKey(c *config, v string) error {
	if v == "" {
		return nil
	}
	key, err := vault.ParseKey(v)
	if err != nil {
		return &configError{"TACT_TOKEN_KEY", "is not a key", err.Error() + " (`openssl rand -hex 32`)"}
	}
	c.TokenKey = key
	return nil
}

func setPreviousTokenKeys(c *config, v string) error {
	for part := range strings.SplitSeq(v, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		key, err := vault.ParseKey(part)
		if err != nil {
			return &configError{"TACT_TOKEN_KEY_PREVIOUS", "holds something that is not a key", err.Error()}
		}
		c.TokenKeysPrevious = append(c.TokenKeysPrevious, key)
	}
	return nil
}

// tokenKeys is the keyring the workspaces' tokens are sealed with.
func (c *config) tokenKeys(secret []byte) (*vault.Keyring, error) {
	if c.TokenKey == nil {
		if len(c.TokenKeysPrevious) > 0 {
			return nil, usageError{&configError{"TACT_TOKEN_KEY", "is missing", "TACT_TOKEN_KEY_PREVIOUS only helps rotate to a new TACT_TOKEN_KEY: set the new key too"}}
		}
		return vault.FromSecret(secret)
	}
	// The derived key always opens what it sealed, so moving from it to a
	// key of one's own needs no previous key named.
	derived, err := vault.DeriveKey(secret)
	if err != nil {
		return nil, err
	}
	return vault.New(c.TokenKey, append(c.TokenKeysPrevious, derived)...)
}

// httpSecret is the signing secret when Slack reaches the bot over HTTP,
// "" for Socket Mode.
func (c *config) httpSecret() string {
	if c.Transport != "http" {
		return ""
	}
	return c.SigningSecret
}

func setBotToken(c *config, v string) error {
	if v == "" {
		return nil // resolveWorkspaces says whether it is needed
	}
	if !strings.HasPrefix(v, "xoxb-") {
		return &configError{"SLACK_BOT_TOKEN", "is not a bot token", "it starts with xoxb-; find it under OAuth & Permissions"}
	}
	c.BotToken = v
	return nil
}

func setAPIURL(c *config, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &configError{"SLACK_API_URL", "is not an http(s) URL", "use e.g. https://slack.com/api/ or leave it unset"}
	}
	if !strings.HasSuffix(v, "/") {
		v += "/"
	}
	c.APIURL = v
	return nil
}

func setDatabaseURL(c *config, v string) error {
	if v == "" {
		return nil
	}
	if u, err := url.Parse(v); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return &configError{"DATABASE_URL", "is not a PostgreSQL URL", "use postgres://user:password@host:5432/dbname?sslmode=disable, or unset it for the embedded database"}
	}
	c.DatabaseURL = v
	return nil
}

func setSecret(c *config, v string) error {
	if v != "" && len(v) < 32 {
		return &configError{"TACT_SECRET", "is too short", "use at least 32 random characters (e.g. `openssl rand -hex 32`)"}
	}
	c.Secret = v
	return nil
}

var channelID = regexp.MustCompile(`^[CG][A-Z0-9]{2,}$`)

func setChannel(c *config, v string) error {
	if v != "" && !channelID.MatchString(v) {
		return &configError{"DIGEST_CHANNEL", "is not a channel id", "use the id (C0123ABCD) from the channel's details, not its #name"}
	}
	c.DigestChannel = v
	return nil
}

func cronSetter(assign func(*config, string)) func(*config, string) error {
	return func(c *config, v string) error {
		// Schedules run in TZ, like every date the bot shows; the cron
		// library's own zone prefix would split the two (and, bare, panics
		// inside the library).
		if strings.HasPrefix(v, "TZ=") || strings.HasPrefix(v, "CRON_TZ=") {
			return errors.New("put the time zone in TZ, not in the spec: use five fields, minute hour day month weekday, e.g. \"0 9 * * 1\"")
		}
		if _, err := cron.ParseStandard(v); err != nil {
			return errors.New("use a cron spec of five fields, minute hour day month weekday, e.g. \"0 9 * * 1\"")
		}
		assign(c, v)
		return nil
	}
}

// setPulseSchedule wants five fields: the pulse reads its day fields to
// post only on the first matching weekday of the month.
func setPulseSchedule(c *config, v string) error {
	if strings.HasPrefix(v, "@") {
		return errors.New(`use five fields, minute hour day month weekday, e.g. "0 10 1-7 * 1"`)
	}
	return cronSetter(func(c *config, v string) { c.PulseSchedule = v })(c, v)
}

func intSetter(lo, hi int, assign func(*config, int)) func(*config, string) error {
	return func(c *config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("use a whole number from %d to %d", lo, hi)
		}
		assign(c, n)
		return nil
	}
}

func setZone(c *config, v string) error {
	loc, err := time.LoadLocation(v)
	if err != nil {
		return &configError{"TZ", "is not a known time zone", "use an IANA name such as Europe/Moscow or America/New_York"}
	}
	c.Location = loc
	return nil
}

var managerID = regexp.MustCompile(`^[UWS][A-Z0-9]{2,}$`)

func setManagers(c *config, v string) error {
	c.Managers = nil
	for _, id := range strings.Split(v, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if !managerID.MatchString(id) {
			return &configError{"MANAGERS", "has " + strconv.Quote(id) + ", which is not a user or user-group id", "list ids like U0123ABCD or S0123ABCD (from a profile's ⋮ menu: Copy member ID)"}
		}
		c.Managers = append(c.Managers, id)
	}
	return nil
}

func setLocale(c *config, v string) error {
	if !locale.Supported(v) {
		return &configError{"DEFAULT_LOCALE", "must be en or ru", "set DEFAULT_LOCALE=en or DEFAULT_LOCALE=ru"}
	}
	c.DefaultLocale = v
	return nil
}

func setCurrency(c *config, v string) error {
	v = strings.ToUpper(v)
	if _, err := currency.ParseISO(v); err != nil {
		return &configError{"CURRENCY", "is not an ISO 4217 code", "use a three-letter code such as USD, EUR or RUB"}
	}
	c.Currency = v
	return nil
}

func setHTTPAddr(c *config, v string) error {
	if _, _, err := net.SplitHostPort(v); err != nil {
		return &configError{"HTTP_ADDR", "is not host:port", "use e.g. :8080 or 127.0.0.1:8080"}
	}
	c.HTTPAddr = v
	return nil
}

func setLogLevel(c *config, v string) error {
	if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
		return &configError{"LOG_LEVEL", "is not a level", "use debug, info, warn or error"}
	}
	return nil
}

// secret returns TACT_SECRET or the one kept in the data directory,
// creating it on first start; it never goes to the database. An existing
// file is never replaced: anonymous votes are keyed by it, so a new secret
// would let everyone vote again in an open poll.
func (c *config) secret() ([]byte, error) {
	if c.Secret != "" {
		return []byte(c.Secret), nil
	}
	path := c.secretPath()
	s, err := readSecretFile(path)
	if !errors.Is(err, os.ErrNotExist) {
		return s, err
	}
	if err := createSecretFile(c.DataDir, path); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, err
	}
	// Created here or by a start racing this one: the file holds the secret.
	return readSecretFile(path)
}

func (c *config) secretPath() string { return filepath.Join(c.DataDir, "secret") }

// readSecretFile returns the secret in path, an error wrapping
// os.ErrNotExist when there is none, or a one-line usage error.
func readSecretFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, usageError{fmt.Errorf("the secret file %s is unreadable (%v): fix its owner or mode, or restore it from a backup (or set TACT_SECRET to the secret it held); it is never replaced, since anonymous votes are keyed by it", path, err)}
	}
	s := strings.TrimSpace(string(b))
	if len(s) < 32 {
		return nil, usageError{fmt.Errorf("the secret file %s is damaged (%d characters, 32+ expected): restore it from a backup (or set TACT_SECRET to the secret it held); it is never replaced, since anonymous votes are keyed by it", path, len(s))}
	}
	return []byte(s), nil
}

// createSecretFile writes a new secret to path only if there is none: the
// secret goes to a temporary file first and is linked into place, which
// fails with os.ErrExist when a concurrent start got there first, so no one
// ever reads a half-written secret.
func createSecretFile(dir, path string) error {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("generating secret: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".secret-*")
	if err != nil {
		return fmt.Errorf("creating the secret file: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(hex.EncodeToString(raw) + "\n")
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing the secret file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return err
		}
		return fmt.Errorf("creating %s: %w", path, err)
	}
	return nil
}

// printUsage writes `tact --help`.
func printUsage(w io.Writer) {
	fmt.Fprintln(w, "tact — a Slack bot for handling difficult clients with data.")
	fmt.Fprintln(w, "\nUsage:\n  tact          run the bot (reads .env in the working directory when present)\n  tact demo     fill the database with a demo workspace and print what the bot shows\n  tact export --out <dir> [--team T…] [--client <name>]\n                write the workspace's data as CSV files into <dir>\n  tact --help   this text")
	fmt.Fprintln(w, "\nEnvironment (the real environment wins over .env):")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, v := range variables() {
		def := v.def
		if def == "" {
			def = "—"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", v.name, def, v.help)
	}
	tw.Flush()
}

// checkSecret refuses to start with a secret other than the one the
// database was first started with (another replica's, or a new one after a
// lost secret file): anonymous votes are keyed by it, so a second secret
// would let people vote twice. The first start records its fingerprint.
func checkSecret(ctx context.Context, db *storage.DB, cfg *config, secret []byte) error {
	stored, err := db.SecretFingerprint(ctx, strain.SecretFingerprint(secret))
	if err != nil {
		return fmt.Errorf("checking the secret against the database: %w", err)
	}
	if hmac.Equal(stored, strain.SecretFingerprint(secret)) {
		return nil
	}
	source := "TACT_SECRET"
	if cfg.Secret == "" {
		source = "the secret in " + cfg.secretPath()
	}
	return usageError{fmt.Errorf("%s is not the one this database was first started with: give every replica that secret (anonymous votes are keyed by it); a new one is never accepted", source)}
}
