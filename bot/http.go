package bot

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// Slack over HTTP, beside Socket Mode: the request URLs of slash commands,
// interactivity (block suggestions included) and the Events API. Every
// request's signature is checked before its body is parsed; a request is
// then routed exactly as a Socket Mode envelope is, and Slack's answer is
// the HTTP response, written within its 3 s.

// MaxRequestBody is the largest request body read; a larger one is
// refused with 413 before it is read whole.
const MaxRequestBody = 1 << 20

// httpAckWait bounds how long a request waits for its handler's answer:
// the runtime acks payload-carrying requests by AckDeadline on its own, so
// this is only a backstop below Slack's 3 s.
const httpAckWait = 2900 * time.Millisecond

// serveHTTP marks the runtime ready and waits for ctx: requests come
// through HTTPHandler on the caller's server.
func (rt *Runtime) serveHTTP(ctx, workCtx context.Context) {
	rt.mu.Lock()
	rt.work = workCtx
	rt.mu.Unlock()
	rt.connected.Store(true)
	<-ctx.Done()
}

// HTTPHandler serves Slack's requests, signed with the signing secret.
func (rt *Runtime) HTTPHandler() http.Handler {
	signingSecret := rt.cfg.SigningSecret
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		received := time.Now()
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		body, status := readSigned(w, r, signingSecret)
		if status != http.StatusOK {
			rt.cfg.Metrics.envelopes.WithLabelValues("refused").Inc()
			rt.log.Warn("Slack request refused", "status", status, "path", r.URL.Path)
			http.Error(w, http.StatusText(status), status)
			return
		}
		evt, challenge, err := parseHTTP(r.Header.Get("Content-Type"), body)
		switch {
		case challenge != "":
			writeJSON(w, map[string]string{"challenge": challenge})
			return
		case err != nil:
			// Signed by Slack but not understood: answered, so Slack does
			// not send it again and again, as Socket Mode acks it.
			rt.cfg.Metrics.envelopes.WithLabelValues("unreadable").Inc()
			rt.log.Warn("unreadable Slack request answered and dropped", "path", r.URL.Path, "err", err)
			w.WriteHeader(http.StatusOK)
			return
		}
		// A retry is the same body: its key makes it a redelivery.
		sum := sha256.Sum256(body)
		evt.Request = &socketmode.Request{EnvelopeID: "http-" + hex.EncodeToString(sum[:16])}
		evt.Request.RetryAttempt, _ = strconv.Atoi(r.Header.Get("X-Slack-Retry-Num"))
		rt.answer(w, r, newRequest(evt), received)
	})
}

// answer routes req and writes the answer the handler acks with.
func (rt *Runtime) answer(w http.ResponseWriter, r *http.Request, req *Request, received time.Time) {
	acked := make(chan any, 1)
	ack := func(payload any) {
		select {
		case acked <- payload:
		default:
		}
	}
	rt.mu.RLock()
	work, closing := rt.work, rt.closing
	if work != nil && !closing {
		rt.route(work, req, ack, received, rt.jobs)
	}
	rt.mu.RUnlock()
	if work == nil || closing {
		http.Error(w, "restarting", http.StatusServiceUnavailable)
		return
	}
	var payload any
	select {
	case payload = <-acked:
	case <-time.After(httpAckWait - time.Since(received)):
	case <-r.Context().Done():
		return
	}
	if payload == nil {
		w.WriteHeader(http.StatusOK)
	} else {
		writeJSON(w, payload)
	}
	rt.cfg.Metrics.ackLatency.Observe(time.Since(received).Seconds())
}

// readSigned reads the body, at most MaxRequestBody, and checks Slack's
// signature over it and its timestamp (at most 5 minutes off); the status
// is 200 when both hold.
func readSigned(w http.ResponseWriter, r *http.Request, secret string) ([]byte, int) {
	sv, err := slack.NewSecretsVerifier(r.Header, secret)
	if err != nil {
		return nil, http.StatusUnauthorized
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxRequestBody))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, http.StatusRequestEntityTooLarge
	case err != nil:
		return nil, http.StatusBadRequest
	}
	if _, err := sv.Write(body); err != nil || sv.Ensure() != nil {
		return nil, http.StatusUnauthorized
	}
	return body, http.StatusOK
}

// parseHTTP reads a verified body into the event Socket Mode would have
// delivered; challenge is set for url_verification.
func parseHTTP(contentType string, body []byte) (evt socketmode.Event, challenge string, err error) {
	if bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) || contentType == "application/json" {
		outer, err := slackevents.ParseEvent(json.RawMessage(body), slackevents.OptionNoVerifyToken())
		if err != nil {
			return evt, "", fmt.Errorf("events API body: %w", err)
		}
		if v, ok := outer.Data.(*slackevents.EventsAPIURLVerificationEvent); ok {
			return evt, v.Challenge, nil
		}
		return socketmode.Event{Type: socketmode.EventTypeEventsAPI, Data: outer}, "", nil
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return evt, "", fmt.Errorf("form body: %w", err)
	}
	if p := form.Get("payload"); p != "" {
		var cb slack.InteractionCallback
		if err := json.Unmarshal([]byte(p), &cb); err != nil {
			return evt, "", fmt.Errorf("interaction payload: %w", err)
		}
		return socketmode.Event{Type: socketmode.EventTypeInteractive, Data: cb}, "", nil
	}
	if form.Get("command") == "" {
		return evt, "", errors.New("neither a command, an interaction nor an event")
	}
	fake, _ := http.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	fake.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cmd, err := slack.SlashCommandParse(fake)
	if err != nil {
		return evt, "", fmt.Errorf("slash command: %w", err)
	}
	return socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: cmd}, "", nil
}

func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encoding the answer", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}
