package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/tact-bot/tact/locale"
)

// Deduper remembers which deliveries were already taken, across replicas,
// so a redelivered envelope is handled once.
type Deduper interface {
	ClaimEnvelope(ctx context.Context, teamID, key string) (first bool, err error)
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

	Workers       int           // concurrent handlers; default 32
	Queue         int           // envelopes waiting for a worker before "busy"; default 1024
	AckDeadline   time.Duration // when a payload-acking handler is cut off; default 2.5s
	ShutdownGrace time.Duration // how long in-flight handlers may finish; default 10s
}

// Runtime owns the Socket Mode connection: it acks every envelope, routes it
// to its handler on a bounded worker pool, and keeps the socket alive.
type Runtime struct {
	cfg       Config
	log       *slog.Logger
	connected atomic.Bool
	connects  atomic.Int64
	urgent    chan struct{} // bounds handlers that must answer inside the ack
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
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 10 * time.Second
	}
	return &Runtime{cfg: cfg, log: cfg.Log, urgent: make(chan struct{}, cfg.Workers*2)}, nil
}

// Connected reports whether the socket is up (for /readyz).
func (rt *Runtime) Connected() bool { return rt.connected.Load() }

// Run connects and serves until ctx ends, then stops taking envelopes and
// lets in-flight handlers finish within the shutdown grace.
func (rt *Runtime) Run(ctx context.Context) error {
	sm := socketmode.New(rt.cfg.API.Client, socketmode.OptionLog(slogPrinter{rt.log}))
	jobs := make(chan job, rt.cfg.Queue)
	// Handlers outlive the signal so that a write in progress completes.
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	var workers sync.WaitGroup
	for range rt.cfg.Workers {
		workers.Go(func() {
			for j := range jobs {
				rt.serve(workCtx, j.req, j.h)
			}
		})
	}

	fatal := make(chan error, 1)
	go func() { fatal <- rt.keepConnected(ctx, sm) }()

	var runErr error
loop:
	for {
		select {
		case evt := <-sm.Events:
			rt.onEvent(workCtx, sm, evt, jobs)
		case err := <-fatal:
			runErr = err
			break loop
		case <-ctx.Done():
			break loop
		}
	}
	rt.connected.Store(false)
	close(jobs)
	rt.drain(&workers, cancelWork)
	return runErr
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

func (rt *Runtime) dispatch(ctx context.Context, sm *socketmode.Client, evt socketmode.Event, jobs chan<- job) {
	received := time.Now()
	req := newRequest(evt)
	req.API, req.people, req.log = rt.cfg.API, rt.cfg.People, rt.log
	req.ackFn = func(payload any) { rt.ack(sm, evt.Request, payload, received) }
	rt.cfg.Metrics.envelopes.WithLabelValues(string(req.Kind)).Inc()

	h, ok := rt.cfg.Router.Lookup(req.Kind, req.Key)
	if !ok || req.Kind == "" {
		rt.log.Info("no handler", "kind", req.Kind, "key", truncate(req.Key, 80))
		if req.Kind == KindCommand && req.Key != "" {
			// Someone typed it (the app manifest lists a command this
			// version lacks): say so rather than stay silent.
			text := rt.cfg.Catalog.For(rt.cfg.People.DefaultLang()).T("error.unknown_command", map[string]any{"Command": truncate(req.Key, 40)})
			req.Ack(map[string]any{"response_type": "ephemeral", "text": text})
			return
		}
		req.Ack(nil)
		return
	}
	if req.Kind.acksWithPayload() {
		rt.serveUrgent(ctx, req, h)
		return
	}
	select {
	case jobs <- job{req, h}:
		req.Ack(nil)
	default:
		rt.cfg.Metrics.busy.Inc()
		rt.turnAway(ctx, req)
	}
}

// serveUrgent runs handlers whose answer travels in the ack, outside the
// queue so a backlog of commands cannot make them miss Slack's 3 s.
func (rt *Runtime) serveUrgent(ctx context.Context, req *Request, h Handler) {
	select {
	case rt.urgent <- struct{}{}:
		go func() {
			defer func() { <-rt.urgent }()
			rt.serve(ctx, req, h)
		}()
	default:
		rt.cfg.Metrics.busy.Inc()
		rt.turnAway(ctx, req)
	}
}

// turnAway answers politely when the bot is saturated, instead of silence.
func (rt *Runtime) turnAway(ctx context.Context, req *Request) {
	busy := rt.cfg.Catalog.For(rt.cfg.People.DefaultLang()).T("error.busy")
	switch req.Kind {
	case KindCommand:
		req.Ack(map[string]any{"response_type": "ephemeral", "text": busy})
	case KindView:
		req.Ack(ViewUpdate(noticeModal(busy)))
	default:
		req.Ack(nil)
	}
}

func (rt *Runtime) ack(sm *socketmode.Client, envelope *socketmode.Request, payload any, received time.Time) {
	if envelope == nil || envelope.EnvelopeID == "" {
		return
	}
	var err error
	if payload == nil {
		err = sm.Ack(*envelope)
	} else {
		err = sm.Ack(*envelope, payload)
	}
	if err != nil {
		rt.log.Error("ack failed", "envelope", envelope.EnvelopeID, "err", err)
		if payload != nil {
			_ = sm.Ack(*envelope) // an ack without payload still stops redelivery
		}
	}
	rt.cfg.Metrics.ackLatency.Observe(time.Since(received).Seconds())
}

// serve runs one handler: dedupe, language, panic recovery, deadline ack.
func (rt *Runtime) serve(ctx context.Context, req *Request, h Handler) {
	ref := newRef()
	log := rt.log.With("ref", ref, "kind", req.Kind, "key", truncate(req.Key, 80))
	defer func() {
		if p := recover(); p != nil {
			rt.cfg.Metrics.handlerErrs.WithLabelValues(string(req.Kind)).Inc()
			log.Error("handler panicked", "panic", fmt.Sprint(p))
			rt.apologize(ctx, req, ref, log)
		}
		req.Ack(nil)
	}()
	if ctx.Err() != nil {
		// The shutdown grace ran out before this one started.
		rt.tell(ctx, req, rt.text(req, "error.restarting", nil), log)
		return
	}
	if rt.duplicate(ctx, req, log) {
		rt.cfg.Metrics.duplicates.Inc()
		return
	}
	req.Lang = rt.cfg.People.Lang(ctx, req.UserID)
	if req.Kind.acksWithPayload() {
		t := time.AfterFunc(rt.cfg.AckDeadline, func() { req.Ack(nil) })
		defer t.Stop()
	}
	if err := h(ctx, req); err != nil {
		rt.cfg.Metrics.handlerErrs.WithLabelValues(string(req.Kind)).Inc()
		if ctx.Err() != nil {
			// Cut off by shutdown: whatever it was doing may not have
			// happened, so the honest answer is to check and retry.
			log.Warn("handler cut off by shutdown", "err", err)
			rt.tell(ctx, req, rt.text(req, "error.restarting", nil), log)
			return
		}
		if text, ok := rt.explain(err, req.Lang); ok {
			log.Warn("handler failed; user told why", "err", err)
			rt.tell(ctx, req, text, log)
			return
		}
		log.Error("handler failed", "err", err)
		rt.apologize(ctx, req, ref, log)
	}
}

func (rt *Runtime) explain(err error, lang string) (string, bool) {
	if rt.cfg.Explain == nil {
		return "", false
	}
	return rt.cfg.Explain(err, lang)
}

// duplicate claims the envelope; a database hiccup lets it through rather
// than losing the user's command (writes carry their own delivery keys).
func (rt *Runtime) duplicate(ctx context.Context, req *Request, log *slog.Logger) bool {
	if rt.cfg.Dedupe == nil || req.Kind == KindSuggestion {
		return false
	}
	first, err := rt.cfg.Dedupe.ClaimEnvelope(ctx, req.TeamID, req.envelopeKey())
	if err != nil {
		log.Warn("envelope dedupe unavailable", "err", err)
		return false
	}
	if !first {
		log.Info("redelivered envelope skipped", "retry_attempt", req.RetryAttempt)
	}
	return !first
}

// apologize tells the user something broke, with the reference in the logs.
func (rt *Runtime) apologize(ctx context.Context, req *Request, ref string, log *slog.Logger) {
	rt.tell(ctx, req, rt.text(req, "error.generic", map[string]any{"Ref": ref}), log)
}

// text is a catalogue message in the requester's language, or the default
// one when it is not known yet.
func (rt *Runtime) text(req *Request, id string, data map[string]any) string {
	lang := req.Lang
	if lang == "" {
		lang = rt.cfg.People.DefaultLang()
	}
	return rt.cfg.Catalog.For(lang).T(id, data)
}

// tellTimeout bounds telling a user about a failure, which may happen after
// the handler's context was cancelled by shutdown.
const tellTimeout = 5 * time.Second

// tell answers a failed request in the way its kind allows.
func (rt *Runtime) tell(ctx context.Context, req *Request, text string, log *slog.Logger) {
	if req.Kind == KindView {
		req.Ack(ViewUpdate(noticeModal(text)))
		return
	}
	if req.Kind == KindSuggestion || req.Kind == KindEvent && req.UserID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), tellTimeout)
	defer cancel()
	if err := req.Reply(ctx, Message{Text: text}); err != nil {
		log.Error("could not tell the user about the failure", "err", err)
	}
}

// Reply answers the user privately: through response_url when Slack gave
// one, else as an ephemeral message in the channel, else by DM. A message
// Slack refuses for its size or blocks goes again as plain text within
// Slack's limit: a clipped answer beats none. (The refusal is logged: it is
// a bug in whoever built the message.)
func (r *Request) Reply(ctx context.Context, m Message) error {
	err := r.reply(ctx, m)
	if !refusedContent(err) || (len(m.Blocks) == 0 && utf8.RuneCountInString(m.Text) <= maxMessageText) || m.Text == "" {
		return err
	}
	if r.log != nil {
		r.log.Warn("Slack refused a reply; sending it as plain text", "kind", r.Kind, "key", truncate(r.Key, 80), "err", err)
	}
	plain := m
	plain.Blocks, plain.Text = nil, truncate(m.Text, maxMessageText-1)
	if err := r.reply(ctx, plain); err != nil {
		return fmt.Errorf("replying as plain text after %w", err)
	}
	return nil
}

// maxMessageText is the most characters Slack takes in a message's text.
const maxMessageText = 40000

// refusedContent reports whether Slack refused a message for what it
// contained (blocks, length), which a plain text retry can get past.
func refusedContent(err error) bool {
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		return false
	}
	switch se.Err {
	case "invalid_blocks", "invalid_blocks_format", "msg_too_long", "too_many_blocks":
		return true
	}
	return false
}

func (r *Request) reply(ctx context.Context, m Message) error {
	switch {
	case r.ResponseURL != "":
		return r.API.Respond(ctx, r.ResponseURL, m)
	case r.ChannelID != "" && r.UserID != "":
		_, err := r.API.PostEphemeralContext(ctx, r.ChannelID, r.UserID,
			slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...))
		if err != nil {
			return fmt.Errorf("chat.postEphemeral: %w", err)
		}
		return nil
	case r.UserID != "":
		_, err := r.API.DM(ctx, r.UserID, m)
		return err
	}
	return errors.New("reply: no user to answer")
}

// noticeModal is a one-paragraph modal used to answer a submission we could
// not process.
func noticeModal(text string) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:  slack.VTModal,
		Title: slack.NewTextBlockObject(slack.PlainTextType, "Tact", false, false),
		Close: slack.NewTextBlockObject(slack.PlainTextType, "OK", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil),
		}},
	}
}

func newRequest(evt socketmode.Event) *Request {
	req := &Request{}
	if evt.Request != nil {
		req.EnvelopeID, req.RetryAttempt = evt.Request.EnvelopeID, evt.Request.RetryAttempt
	}
	switch data := evt.Data.(type) {
	case slack.SlashCommand:
		req.Kind, req.Key, req.Command = KindCommand, data.Command, &data
		req.TeamID, req.UserID, req.ChannelID = data.TeamID, data.UserID, data.ChannelID
		req.TriggerID, req.ResponseURL = data.TriggerID, data.ResponseURL
	case slack.InteractionCallback:
		fillInteraction(req, &data)
	case slackevents.EventsAPIEvent:
		req.Kind, req.Key, req.TeamID = KindEvent, data.InnerEvent.Type, data.TeamID
		req.Event = &data.InnerEvent
		if cb, ok := data.Data.(*slackevents.EventsAPICallbackEvent); ok {
			req.EventID = cb.EventID
		}
		if e, ok := data.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok {
			req.UserID, req.ChannelID = e.User, ""
		}
	}
	return req
}

func fillInteraction(req *Request, cb *slack.InteractionCallback) {
	req.Interaction = cb
	req.TeamID, req.UserID, req.ChannelID = cb.Team.ID, cb.User.ID, cb.Channel.ID
	req.TriggerID, req.ResponseURL = cb.TriggerID, cb.ResponseURL
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		if len(cb.ActionCallback.BlockActions) > 0 {
			req.Action = cb.ActionCallback.BlockActions[0]
			req.Kind, req.Key = KindAction, req.Action.ActionID
		}
	case slack.InteractionTypeBlockSuggestion:
		req.Kind, req.Key = KindSuggestion, cb.ActionID
	case slack.InteractionTypeViewSubmission:
		req.Kind, req.Key = KindView, cb.View.CallbackID
	case slack.InteractionTypeViewClosed:
		req.Kind, req.Key = KindViewClosed, cb.View.CallbackID
	case slack.InteractionTypeShortcut, slack.InteractionTypeMessageAction:
		req.Kind, req.Key = KindShortcut, cb.CallbackID
	}
	if req.TeamID == "" {
		req.TeamID = cb.View.TeamID
	}
}

// envelopeKey is what makes a redelivery recognisable at the runtime level.
// Submissions use the envelope id: a modal resubmitted after a validation
// error is a new delivery with the same view id and hash.
func (r *Request) envelopeKey() string {
	switch {
	case r.Kind == KindEvent && r.EventID != "":
		return "event:" + r.EventID
	case r.Kind == KindView || r.Kind == KindViewClosed || r.TriggerID == "":
		return "envelope:" + r.EnvelopeID
	case r.Kind == KindAction && r.Action != nil:
		return "action:" + r.TriggerID + ":" + r.Action.ActionID
	}
	return string(r.Kind) + ":" + r.TriggerID
}

func newRef() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// slogPrinter adapts slog to slack-go's logger (used only for its debug lines).
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Output(_ int, s string) error {
	p.log.Debug(strings.TrimSpace(s), "component", "socketmode")
	return nil
}
