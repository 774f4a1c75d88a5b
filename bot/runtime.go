package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/tact-bot/tact/locale"
)

// Deduper remembers which deliveries were already taken, across replicas,
// so a redelivered envelope is handled once. The context it returns is the
// handler's: the claim may leave there what it read on the way (storage
// leaves the workspace's version, sparing the handler a statement).
type Deduper interface {
	ClaimEnvelopeContext(ctx context.Context, teamID, key string) (context.Context, bool, error)
}

// Config wires a Runtime.
type Config struct {
	API     *Client
	Router  *Router
	People  *People
	Catalog *locale.Catalog
	Dedupe  Deduper
	// Explain turns an error a handler returned into words for the user
	// (e.g. "the database is down, nothing was saved"); false means an
	// unexpected failure, answered with an apology and a reference.
	Explain func(err error, lang string) (string, bool)
	Log     *slog.Logger
	Metrics *Metrics
	// SubmissionChannel reads, from a modal's private_metadata, the channel
	// it was opened from, where a submission is answered after its modal
	// closed ("" when unknown: then by DM).
	SubmissionChannel func(privateMetadata string) string

	Workers        int           // concurrent handlers; default 32
	Queue          int           // envelopes waiting for a worker before "busy"; default 1024
	AckDeadline    time.Duration // after the envelope's arrival, when a submission is acked empty; default 2.5s
	HandlerTimeout time.Duration // the most one handler may take, its Slack and database calls included; default 30s
	ShutdownGrace  time.Duration // how long in-flight handlers may finish; default 10s

	// Workspace is whose members may use the bot; with no TeamID only
	// guests are refused (the organisation is unknown).
	Workspace Workspace
	// Tenants, when set, serves many workspaces: each request gets its
	// workspace's client, directory and organisation instead of API,
	// People and Workspace (which then answer only what must not wait:
	// the default language, the socket).
	Tenants TenantSource

	// SigningSecret, when set, makes the runtime serve Slack over HTTP
	// (HTTPHandler, mounted by OpsHandler) instead of Socket Mode.
	SigningSecret string
}

// DefaultHandlerTimeout bounds a handler: longer than the database's
// statement timeout (storage.DefaultStatementTimeout) so a slow query fails
// and is explained before the handler is cut off.
const DefaultHandlerTimeout = 30 * time.Second

// Runtime owns the Socket Mode connection: it acks every envelope, routes it
// to its handler on a bounded worker pool, and keeps the socket alive.
type Runtime struct {
	cfg       Config
	log       *slog.Logger
	connected atomic.Bool
	connects  atomic.Int64
	urgent    chan struct{} // bounds handlers that must answer inside the ack

	jobs    chan job     // the worker pool's queue
	mu      sync.RWMutex // held to send on jobs; Run takes it to close jobs
	closing bool
	work    context.Context // the handlers' context, once Run serves HTTP
}

type job struct {
	req *Request
	h   Handler
}

// New checks the configuration and the router's registrations.
func New(cfg Config) (*Runtime, error) {
	if err := cfg.Router.Err(); err != nil {
		return nil, fmt.Errorf("router: %w", err)
	}
	if cfg.API == nil || cfg.People == nil || cfg.Catalog == nil || cfg.Log == nil || cfg.Metrics == nil {
		return nil, errors.New("bot: API, People, Catalog, Log and Metrics are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 32
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 1024
	}
	if cfg.AckDeadline <= 0 {
		cfg.AckDeadline = 2500 * time.Millisecond
	}
	if cfg.HandlerTimeout <= 0 {
		cfg.HandlerTimeout = DefaultHandlerTimeout
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 10 * time.Second
	}
	if cfg.Tenants == nil {
		cfg.Tenants = fixedTenant{&Tenant{API: cfg.API, People: cfg.People, Workspace: cfg.Workspace}}
	}
	return &Runtime{cfg: cfg, log: cfg.Log, urgent: make(chan struct{}, cfg.Workers*2), jobs: make(chan job, cfg.Queue)}, nil
}

// Connected reports whether the socket is up (for /readyz).
func (rt *Runtime) Connected() bool { return rt.connected.Load() }

// Run connects and serves until ctx ends, then stops taking envelopes and
// lets in-flight handlers finish within the shutdown grace. Over HTTP it
// runs the workers that HTTPHandler's requests are queued for.
func (rt *Runtime) Run(ctx context.Context) error {
	// Handlers outlive the signal so that a write in progress completes.
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	var workers sync.WaitGroup
	for range rt.cfg.Workers {
		workers.Go(func() {
			for j := range rt.jobs {
				rt.serve(workCtx, j.req, j.h)
			}
		})
	}
	var runErr error
	if rt.cfg.SigningSecret != "" {
		rt.serveHTTP(ctx, workCtx)
	} else {
		runErr = rt.socket(ctx, workCtx)
	}
	rt.connected.Store(false)
	rt.mu.Lock()
	rt.closing = true
	close(rt.jobs)
	rt.mu.Unlock()
	rt.drain(&workers, cancelWork)
	return runErr
}

// socket runs the Socket Mode connection until ctx ends or it cannot go on.
func (rt *Runtime) socket(ctx, workCtx context.Context) error {
	sm := socketmode.New(rt.cfg.API.Client, socketmode.OptionLog(slogPrinter{rt.log}))
	fatal := make(chan error, 1)
	go func() { fatal <- rt.keepConnected(ctx, sm) }()
	for {
		select {
		case evt := <-sm.Events:
			rt.onEvent(workCtx, sm, evt, rt.jobs)
		case err := <-fatal:
			return err
		case <-ctx.Done():
			return nil
		}
	}
}

// drain waits for in-flight handlers, then cancels the stragglers.
func (rt *Runtime) drain(workers *sync.WaitGroup, cancel context.CancelFunc) {
	done := make(chan struct{})
	go func() { workers.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(rt.cfg.ShutdownGrace):
		rt.log.Warn("shutdown grace over; cancelling handlers still running")
		cancel()
		<-done
	}
}

// keepConnected runs the socket; slack-go reconnects on drops and disconnect
// frames itself and returns only when it can't go on (bad token, ctx done).
func (rt *Runtime) keepConnected(ctx context.Context, sm *socketmode.Client) error {
	backoff := time.Second
	for {
		err := sm.RunContext(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if isAuthError(err) {
			return fmt.Errorf("Slack refused the app token (%v): check SLACK_APP_TOKEN", err)
		}
		rt.log.Warn("socket mode stopped; reconnecting", "err", err, "backoff", backoff)
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
			return nil
		}
		backoff = min(backoff*2, time.Minute)
	}
}

func isAuthError(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	for _, code := range []string{"invalid_auth", "not_authed", "account_inactive", "token_revoked", "not_allowed_token_type"} {
		if strings.Contains(s, code) {
			return true
		}
	}
	return false
}

func (rt *Runtime) onEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event, jobs chan<- job) {
	switch evt.Type {
	case socketmode.EventTypeConnecting, socketmode.EventTypeConnectionError:
		rt.connected.Store(false)
		if ce, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			rt.log.Warn("socket mode connection failed", "attempt", ce.Attempt, "backoff", ce.Backoff, "err", ce.ErrorObj)
		}
	case socketmode.EventTypeConnected:
		rt.connected.Store(true)
		if rt.connects.Add(1) > 1 {
			rt.cfg.Metrics.reconnects.Inc()
		}
		rt.log.Info("socket mode connected", "connections", rt.connects.Load())
	case socketmode.EventTypeErrorBadMessage:
		rt.onBadMessage(sm, evt)
	case socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive, socketmode.EventTypeEventsAPI:
		rt.dispatch(ctx, sm, evt, jobs)
	}
}

// onBadMessage acks an envelope slack-go could not parse, so Slack does not
// redeliver it forever; there is nobody we can answer.
func (rt *Runtime) onBadMessage(sm *socketmode.Client, evt socketmode.Event) {
	bad, _ := evt.Data.(*socketmode.ErrorBadMessage)
	if bad == nil {
		return
	}
	rt.cfg.Metrics.envelopes.WithLabelValues("unreadable").Inc()
	var env struct {
		EnvelopeID string `json:"envelope_id"`
		Type       string `json:"type"`
	}
	if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
		_ = sm.Ack(socketmode.Request{EnvelopeID: env.EnvelopeID})
	}
	rt.log.Warn("unreadable envelope acked and dropped", "type", env.Type, "envelope", env.EnvelopeID, "err", bad.Cause)
}

// slogPrinter adapts slog to slack-go's logger (used only for its debug lines).
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Output(_ int, s string) error {
	p.log.Debug(strings.TrimSpace(s), "component", "socketmode")
	return nil
}
