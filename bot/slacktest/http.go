package slacktest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// Slack over HTTP: once SendOverHTTP is called, every Send method POSTs to
// the app's request URL as Slack does, instead of writing to the socket:
// slash commands as a form, interactions as a form with one `payload`
// field, events as JSON, each signed with the signing secret (v0, HMAC-SHA256
// over "v0:<timestamp>:<body>") and a redelivery with X-Slack-Retry-Num. The
// HTTP response is recorded as the ack (WaitAck, Acks), with its status.
// https://api.slack.com/authentication/verifying-requests-from-slack

// httpTimeout is how long Slack waits for an answer before it gives up
// (and, for events, retries).
const httpTimeout = 3 * time.Second

// SendOverHTTP makes every later delivery a signed POST to requestURL;
// called again, it adds another replica's URL, and deliveries go round
// them as a load balancer would. In this mode WaitConnections and
// Connections count the request URLs.
func (s *Server) SendOverHTTP(requestURL, signingSecret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.poster == nil {
		s.poster = &httpMode{secret: signingSecret, client: &http.Client{Timeout: httpTimeout}}
	}
	s.poster.urls = append(s.poster.urls, requestURL)
	s.notifyLocked()
}

// StopSendingTo takes a replica's request URL out of the rotation, as a
// load balancer does with one that stopped.
func (s *Server) StopSendingTo(requestURL string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.poster != nil {
		s.poster.urls = slices.DeleteFunc(s.poster.urls, func(u string) bool { return u == requestURL })
	}
}

type httpMode struct {
	secret string
	client *http.Client
	urls   []string // guarded by Server.mu
	next   int
}

// urlLocked is the next request URL in the rotation, "" when none.
func (m *httpMode) urlLocked() string {
	if len(m.urls) == 0 {
		return ""
	}
	m.next = (m.next + 1) % len(m.urls)
	return m.urls[m.next]
}

// Sign is the X-Slack-Signature of body sent at timestamp ts (Unix
// seconds) under secret.
func Sign(secret, ts string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// httpBody is an envelope's payload as Slack POSTs it.
func httpBody(typ string, payload json.RawMessage) (body []byte, contentType string, err error) {
	switch typ {
	case "slash_commands":
		var fields map[string]any
		if err := json.Unmarshal(payload, &fields); err != nil {
			return nil, "", err
		}
		form := url.Values{}
		for k, v := range fields {
			form.Set(k, fmt.Sprint(v))
		}
		return []byte(form.Encode()), "application/x-www-form-urlencoded", nil
	case "interactive":
		return []byte(url.Values{"payload": {string(payload)}}.Encode()), "application/x-www-form-urlencoded", nil
	}
	return payload, "application/json", nil
}

// postLocked sends e over HTTP in the background; a 2xx answer is
// recorded as its ack (anything else is a failed delivery, as for Slack).
// A raw frame (SendRaw) goes as its payload, or whole when it has none.
func (s *Server) postLocked(e *envelope, frame []byte) {
	typ, payload := e.typ, e.payload
	if e.raw != nil || e.typ == "" {
		_ = json.Unmarshal(e.raw["type"], &typ)
		if payload = e.raw["payload"]; payload == nil {
			payload = frame
		}
	}
	body, ctype, err := httpBody(typ, payload)
	if err != nil {
		body, ctype = payload, "application/json"
	}
	mode, id, attempt, to := s.poster, e.id, e.attempt, s.poster.urlLocked()
	go func() {
		header := http.Header{"Content-Type": {ctype}}
		if attempt > 0 {
			header.Set("X-Slack-Retry-Num", strconv.Itoa(attempt))
			header.Set("X-Slack-Retry-Reason", "http_timeout")
		}
		status, answer, err := mode.post(to, body, header, time.Now())
		switch {
		case err != nil:
			s.logf("slacktest: POST %s: %v", id, err)
		case status/100 != 2:
			s.logf("slacktest: POST %s: %d %s", id, status, answer)
		case id != "":
			s.recordHTTPAck(id, status, answer)
		}
	}()
}

// post signs body as sent at `at` and POSTs it to url with header.
func (m *httpMode) post(url string, body []byte, header http.Header, at time.Time) (int, []byte, error) {
	if url == "" {
		return 0, nil, fmt.Errorf("no request URL to send to")
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header = header.Clone()
	ts := strconv.FormatInt(at.Unix(), 10)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	if req.Header.Get("X-Slack-Signature") == "" {
		req.Header.Set("X-Slack-Signature", Sign(m.secret, ts, body))
	}
	resp, err := m.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, answer, err
}

// PostSigned POSTs body to the request URL as Slack would at `at`, signed
// unless header carries its own X-Slack-Signature, and returns the
// status and the answer: for requests no Send method makes (a stale
// timestamp, a forged signature, an oversized body).
func (s *Server) PostSigned(body []byte, header http.Header, at time.Time) (int, []byte, error) {
	s.mu.Lock()
	mode := s.poster
	to := ""
	if mode != nil {
		to = mode.urlLocked()
	}
	s.mu.Unlock()
	if mode == nil {
		return 0, nil, fmt.Errorf("slacktest: PostSigned needs SendOverHTTP first")
	}
	if header == nil {
		header = http.Header{"Content-Type": {"application/json"}}
	}
	return mode.post(to, body, header, at)
}

// recordHTTPAck records a 2xx HTTP answer as the ack of envelope id.
func (s *Server) recordHTTPAck(id string, status int, answer []byte) {
	var payload json.RawMessage
	if len(bytes.TrimSpace(answer)) > 0 {
		payload = answer
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addAckLocked(Ack{EnvelopeID: id, Payload: payload, Status: status})
}
