package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/tact-bot/tact/bot/blockkit"
	"github.com/tact-bot/tact/locale"
)

// dispatch routes one envelope: handlers that answer in the ack run at once
// on their own lane; the rest are queued for a worker and acked now, or
// turned away politely when the queue is full.
func (rt *Runtime) dispatch(ctx context.Context, sm *socketmode.Client, evt socketmode.Event, jobs chan<- job) {
	received := time.Now()
	req := newRequest(evt)
	rt.route(ctx, req, func(payload any) { rt.ack(sm, evt.Request, payload, received) }, received, jobs)
}

// route serves one request whichever transport brought it; ack answers
// Slack (the envelope's ack, or the HTTP response).
func (rt *Runtime) route(ctx context.Context, req *Request, ack func(payload any), received time.Time, jobs chan<- job) {
	req.API, req.people, req.log = rt.cfg.API, rt.cfg.People, rt.log
	req.ackFn = ack
	req.anonymous = rt.cfg.Router.Anonymous(req.Kind, req.Key)
	if req.Kind.acksWithPayload() {
		req.startFallback(rt.cfg.AckDeadline, received)
	}
	rt.cfg.Metrics.envelopes.WithLabelValues(string(req.Kind)).Inc()

	h, ok := rt.cfg.Router.Lookup(req.Kind, req.Key)
	if !ok || req.Kind == "" {
		rt.log.Info("no handler", "kind", req.Kind, "key", locale.Clip(req.Key, 80))
		if req.Kind == KindCommand && req.Key != "" {
			// Someone typed it (the app manifest lists a command this
			// version lacks): say so rather than stay silent.
			text := rt.cfg.Catalog.For(rt.cfg.People.DefaultLang()).T("error.unknown_command", map[string]any{"Command": locale.Clip(req.Key, 40)})
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
	p := rt.cfg.Catalog.For(rt.cfg.People.DefaultLang())
	busy := p.T("error.busy")
	switch req.Kind {
	case KindCommand:
		req.Ack(map[string]any{"response_type": "ephemeral", "text": busy})
	case KindView:
		req.Ack(ViewUpdate(noticeModal(p, busy, rt.entered(req))))
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

// serve runs one handler: dedupe, language, input check, panic recovery,
// deadline, and telling the person when it failed.
func (rt *Runtime) serve(ctx context.Context, req *Request, h Handler) {
	ref := newRef()
	log := rt.log.With("ref", ref, "kind", req.Kind, "key", locale.Clip(req.Key, 80))
	defer func() {
		if p := recover(); p != nil {
			rt.cfg.Metrics.handlerErrs.WithLabelValues(string(req.Kind)).Inc()
			log.Error("handler panicked", "panic", fmt.Sprint(p))
			rt.apologize(ctx, req, ref, log)
		}
		req.Ack(nil)
		req.stopFallback()
	}()
	if ctx.Err() != nil {
		// The shutdown grace ran out before this one started.
		rt.tell(ctx, req, rt.text(req, "error.restarting", nil), log)
		return
	}
	// ctx ends only at shutdown; hctx also bounds the handler's own time.
	hctx, cancel := context.WithTimeout(ctx, rt.cfg.HandlerTimeout)
	defer cancel()
	if !rt.bindTenant(hctx, req, log) {
		return
	}
	hctx, dup := rt.duplicate(hctx, req, log)
	if dup {
		rt.cfg.Metrics.duplicates.Inc()
		return
	}
	req.Lang = req.people.Lang(hctx, req.UserID)
	if rt.refuseNonStaff(hctx, req, log) {
		return
	}
	err := rt.run(hctx, req, h, log)
	if err == nil {
		rt.tellMissed(ctx, req, log)
		return
	}
	rt.cfg.Metrics.handlerErrs.WithLabelValues(string(req.Kind)).Inc()
	switch text, ok := rt.explain(err, req.Lang); {
	case ctx.Err() != nil:
		// Cut off by shutdown: whatever it was doing may not have
		// happened, so the honest answer is to check and retry.
		log.Warn("handler cut off by shutdown", "err", err)
		rt.tell(ctx, req, rt.text(req, "error.restarting", nil), log)
	case ok:
		log.Warn("handler failed; telling the user why", "err", err)
		rt.tell(ctx, req, text, log)
	case hctx.Err() != nil:
		log.Error("handler ran past its deadline", "err", err, "deadline", rt.cfg.HandlerTimeout)
		rt.tell(ctx, req, rt.text(req, "submission.too_slow", nil), log)
	default:
		log.Error("handler failed", "err", err)
		rt.apologize(ctx, req, ref, log)
	}
}

// bindTenant gives the request its workspace's Slack client and directory;
// false when the workspace has no install (the person is told so) or it
// could not be read. Events are served without one: app_uninstalled may
// come after the tokens are gone.
func (rt *Runtime) bindTenant(ctx context.Context, req *Request, log *slog.Logger) bool {
	t, err := rt.cfg.Tenants.For(ctx, req.TeamID)
	switch {
	case err == nil:
		req.API, req.people, req.workspace = t.API, t.People, t.Workspace
		return true
	case req.Kind == KindEvent:
		return true
	case errors.Is(err, ErrNotInstalled):
		log.Info("request from a workspace without an install", "team", req.TeamID)
		rt.tell(ctx, req, rt.text(req, "error.not_installed", nil), log)
	default:
		log.Warn("reading the workspace's install", "err", err)
		text, ok := rt.explain(err, rt.lang(req))
		if !ok {
			text = rt.text(req, "error.db_unavailable", nil)
		}
		rt.tell(ctx, req, text, log)
	}
	return false
}

// run checks what the person typed, then runs the handler.
func (rt *Runtime) run(ctx context.Context, req *Request, h Handler, log *slog.Logger) error {
	if rt.refuseBadInput(ctx, req, log) {
		return nil
	}
	return h(ctx, req)
}

func (rt *Runtime) explain(err error, lang string) (string, bool) {
	if rt.cfg.Explain == nil {
		return "", false
	}
	return rt.cfg.Explain(err, lang)
}

// duplicate claims the envelope; a database hiccup lets it through rather
// than losing the user's command (writes carry their own delivery keys).
// Anonymous routes claim nothing: their writes are idempotent upserts.
func (rt *Runtime) duplicate(ctx context.Context, req *Request, log *slog.Logger) (context.Context, bool) {
	if rt.cfg.Dedupe == nil || req.Kind == KindSuggestion || req.anonymous {
		return ctx, false
	}
	claimed, first, err := rt.cfg.Dedupe.ClaimEnvelopeContext(ctx, req.TeamID, req.envelopeKey())
	if err != nil {
		log.Warn("envelope dedupe unavailable", "err", err)
		return ctx, false
	}
	if !first {
		log.Info("redelivered envelope skipped", "retry_attempt", req.RetryAttempt)
	}
	return claimed, !first
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

// tell answers a failed request in the way its kind allows. A submission
// not acked yet gets a modal saying so; one whose modal already closed gets
// a private message with what was entered.
func (rt *Runtime) tell(ctx context.Context, req *Request, text string, log *slog.Logger) {
	if req.Kind == KindView {
		if req.ackIfPending(ViewUpdate(noticeModal(rt.cfg.Catalog.For(rt.lang(req)), text, rt.entered(req)))) {
			return
		}
		if fellBack, _ := req.lateState(); fellBack {
			rt.tellSubmitter(ctx, req, text, log)
			return
		}
		// The handler answered the modal itself and failed afterwards: it
		// owns what the person sees from then on (a views.update, say).
		log.Warn("handler failed after answering the modal; the runtime tells the user nothing more")
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

// entered is what a submitted modal held, for a notice that replaces it.
func (rt *Runtime) entered(req *Request) string {
	if req.Kind != KindView || req.Interaction == nil {
		return ""
	}
	p := rt.cfg.Catalog.For(rt.lang(req))
	e := echo(req.Interaction.View, p)
	if e == "" {
		return ""
	}
	return "*" + p.T("submission.entered") + "*\n" + e
}

// noticeModal is a one-paragraph modal used to answer a submission we could
// not process, with what was entered under it so it can be copied.
func noticeModal(p *locale.Printer, text, entered string) slack.ModalViewRequest {
	blocks := []slack.Block{blockkit.Section(text)}
	if entered != "" {
		blocks = append(blocks, blockkit.Section(entered))
	}
	return slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  slack.NewTextBlockObject(slack.PlainTextType, p.T("notice.title"), false, false),
		Close:  slack.NewTextBlockObject(slack.PlainTextType, p.T("notice.close"), false, false),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

func newRef() string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
