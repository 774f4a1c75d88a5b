// Command tact is a Slack bot that helps service businesses handle difficult
// clients with data, and part with them well. main only wires: it reads the
// configuration once and builds every part in a fixed order.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // zones for TZ even in a scratch container

	"github.com/joho/godotenv"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/tact-bot/tact/bot"
	"github.com/tact-bot/tact/commands"
	"github.com/tact-bot/tact/demo"
	"github.com/tact-bot/tact/dialogs"
	"github.com/tact-bot/tact/ledger"
	"github.com/tact-bot/tact/locale"
	"github.com/tact-bot/tact/schedule"
	"github.com/tact-bot/tact/settings"
	"github.com/tact-bot/tact/storage"
	"github.com/tact-bot/tact/storage/pgserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr, options{})
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// options lets end-to-end tests reach into the wiring without a second
// code path: the bot they run is the one main runs.
type options struct {
	routes     func(*bot.Router) // extra routes, e.g. a handler that panics
	jobGrace   time.Duration     // scheduled jobs' shutdown grace; 0 is the default
	reachDelay time.Duration     // first wait between auth.test attempts at start; default 2 s
	now        func() time.Time  // the handlers' clock; nil means time.Now
}

// usageError is a problem the person starting the bot must fix: printed as
// one line, exit code 2, no stack trace.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "tact:", err)
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// run is the whole program; tests call it with their own environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer, opts options) error {
	mode := ""
	if len(args) > 0 {
		mode = args[0]
	}
	switch mode {
	case "-h", "--help", "help":
		printUsage(stdout)
		return nil
	case "", "demo", "export":
	default:
		return usageError{fmt.Errorf("unknown argument %q: run `tact --help`", mode)}
	}
	env, err := withDotEnv(getenv)
	if err != nil {
		return usageError{err}
	}
	cfg, err := loadConfig(env, mode == "")
	if err != nil {
		return usageError{err}
	}
	var secret []byte
	if mode == "" {
		// Before the database starts: a damaged secret file stops the bot
		// with nothing else started.
		if secret, err = cfg.secret(); err != nil {
			return err
		}
	}
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	db, closeDB, err := openDatabase(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeDB()
	cat, err := locale.New()
	if err != nil {
		return fmt.Errorf("loading message catalogues: %w", err)
	}
	switch mode {
	case "demo":
		return demo.Run(ctx, db, cat, &demo.Config{DefaultLocale: cfg.DefaultLocale, Currency: cfg.Currency, Location: cfg.Location}, stdout)
	case "export":
		return exportToDir(ctx, db, cfg.Currency, args[1:], stdout)
	}
	return serve(ctx, cfg, secret, db, cat, log, opts)
}

// withDotEnv reads .env from the working directory when present; the real
// environment wins.
func withDotEnv(getenv func(string) string) (func(string) string, error) {
	file, err := godotenv.Read(".env")
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf(".env is unreadable (%v): fix its syntax (KEY=value per line) or remove it", err)
	}
	return func(k string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return file[k]
	}, nil
}

// openDatabase connects to DATABASE_URL, or starts the embedded server.
func openDatabase(ctx context.Context, cfg *config, log *slog.Logger) (*storage.DB, func(), error) {
	dsn, stopServer := cfg.DatabaseURL, func() {}
	if dsn == "" {
		srv, err := pgserver.Start(ctx, pgserver.Options{DataDir: cfg.DataDir, Log: log})
		if errors.Is(err, pgserver.ErrNoBinaries) {
			return nil, nil, usageError{err}
		}
		if errors.Is(err, pgserver.ErrUnreachable) {
			return nil, nil, usageError{fmt.Errorf("%w: set TACT_DATA_DIR to such a directory, or DATABASE_URL", err)}
		}
		if err != nil {
			return nil, nil, fmt.Errorf("starting the embedded database: %w", err)
		}
		dsn, stopServer = srv.DSN(), func() {
			if err := srv.Stop(); err != nil {
				log.Error("stopping the embedded database", "err", err)
			}
		}
	}
	db, err := storage.Open(ctx, dsn, log)
	if err != nil {
		stopServer()
		return nil, nil, fmt.Errorf("opening the database: %w", err)
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		stopServer()
		return nil, nil, fmt.Errorf("migrating the database: %w", err)
	}
	return db, func() { db.Close(); stopServer() }, nil
}

// serve runs the bot until ctx ends.
func serve(ctx context.Context, cfg *config, secret []byte, db *storage.DB, cat *locale.Catalog, log *slog.Logger, opts options) error {
	if err := checkSecret(ctx, db, cfg, secret); err != nil {
		return err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	metrics := bot.NewMetrics(reg)
	api := bot.NewClient(bot.ClientConfig{BotToken: cfg.BotToken, AppToken: cfg.AppToken, APIURL: cfg.APIURL, Metrics: metrics})
	// Settings (and installs) are kept in memory while a LISTEN tells this
	// replica of every change; without it they are read at each use.
	if err := db.ListenSettings(ctx); err != nil {
		log.Warn("settings will be read from the database at each use", "err", err)
	}
	ws, err := wireWorkspaces(ctx, cfg, secret, db, api, cat, log, opts)
	if err != nil {
		return err
	}

	router := bot.NewRouter()
	// One clock for every handler, so none can disagree about today.
	clock := ledger.NewClock(opts.now, cfg.Location)
	dlg := dialogs.New(dialogs.Deps{DB: db, Catalog: cat, Currency: cfg.Currency, Clock: clock, Log: log, Secret: secret,
		PollHours: cfg.StrainPollHours, MinAnswers: cfg.StrainMinAnswers, Settings: cfg.workspaces(db)})
	dlg.Register(router)
	jobs := jobDeps(cfg, db, cat, log, api, ws.people, dlg, ws.teamID)
	commands.New(commands.Deps{DB: db, Catalog: cat, Dialogs: dlg, Currency: cfg.Currency, Clock: clock,
		Digest: schedule.ManualDigests{Deps: jobs}}).Register(router)
	if opts.routes != nil {
		opts.routes(router)
	}
	rt, err := bot.New(bot.Config{
		API: api, Router: router, People: ws.people, Workspace: ws.workspace, Tenants: ws.tenants, Catalog: cat, Dedupe: db, Explain: explainer(cat),
		Log: log, Metrics: metrics, Workers: cfg.Workers, Queue: cfg.Queue, SubmissionChannel: dialogs.MetadataChannel,
		SigningSecret: cfg.httpSecret(),
	})
	if err != nil {
		return err
	}
	stopOps, err := startOps(cfg.HTTPAddr, bot.OpsHandler(rt, db, reg, ws.oauth), log)
	if err != nil {
		return err
	}
	defer stopOps()
	sched := schedule.New(cfg.Location, log, opts.jobGrace)
	if err := sched.Register(ws.jobs(jobs)); err != nil {
		return usageError{err}
	}
	sched.Start(ctx)
	defer sched.Stop()
	log.Info("tact starting", "team", ws.teamID, "many_workspaces", cfg.manyWorkspaces(), "transport", cfg.Transport, "http", cfg.HTTPAddr, "tz", cfg.Location.String(), "locale", cfg.DefaultLocale)
	err = rt.Run(ctx)
	log.Info("tact stopped")
	return err
}

// jobDeps is what the scheduled jobs are built from (schedule.Deps.Jobs
// lists them).
func jobDeps(cfg *config, db *storage.DB, cat *locale.Catalog, log *slog.Logger, api *bot.Client, people *bot.People, polls schedule.StrainPolls, teamID string) schedule.Deps {
	return schedule.Deps{
		DB: db, API: api, People: people, Polls: polls, Catalog: cat, Log: log, TeamID: teamID,
		Location: cfg.Location, Currency: cfg.Currency, DigestChannel: cfg.DigestChannel,
		DigestSpec: cfg.DigestSchedule, PulseSpec: cfg.PulseSchedule, CatchUp: cfg.DigestCatchup,
		Settings: cfg.workspaces(db),
	}
}

// workspaces reads each workspace's settings: what its managers chose in
// Slack over the environment's defaults.
func (c *config) workspaces(db *storage.DB) storage.Workspaces {
	return storage.Workspaces{DB: db, Defaults: settings.Workspace{
		DigestChannel: c.DigestChannel, DigestSpec: c.DigestSchedule, Managers: c.Managers,
		Currency: c.Currency, Location: c.Location, Language: c.DefaultLocale, PulseSpec: c.PulseSchedule,
		PollHours: c.StrainPollHours, MinAnswers: c.StrainMinAnswers,
	}}
}

// roles are the managers and language the workspace's settings name now;
// when the database cannot say, the environment's, so nobody is locked out
// by a passing failure.
func roles(ws storage.Workspaces, teamID string, log *slog.Logger) func(context.Context) bot.Roles {
	return func(ctx context.Context) bot.Roles {
		w, err := ws.For(ctx, teamID)
		if err != nil {
			log.Warn("reading the workspace's settings; using the defaults", "err", err)
			w = ws.Defaults
		}
		return bot.Roles{DefaultLang: w.Language, Managers: w.Managers}
	}
}

// explainer words the failures users can act on: the database being away
// (nothing saved), or going away during a commit (check first).
func explainer(cat *locale.Catalog) func(error, string) (string, bool) {
	return func(err error, lang string) (string, bool) {
		switch {
		case errors.Is(err, storage.ErrOutcomeUnknown):
			return cat.For(lang).T("submission.outcome_unknown"), true
		case errors.Is(err, storage.ErrUnavailable):
			return cat.For(lang).T("error.db_unavailable"), true
		}
		return "", false
	}
}

// startOps serves health and metrics; the returned func shuts it down.
func startOps(addr string, h http.Handler, log *slog.Logger) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, usageError{fmt.Errorf("HTTP_ADDR %s is unusable (%v): pick a free port", addr, err)}
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("ops server", "err", err)
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
