package slacktest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Channel history: every message chat.postMessage accepts is kept with its
// message metadata, and conversations.history serves it as Slack documents
// (https://docs.slack.dev/reference/methods/conversations.history): newest
// first, parent messages only (thread replies live in
// conversations.replies), metadata only with include_all_metadata, pages
// of limit (default 100) with a next_cursor.

// Message is a message in a channel's history.
type Message struct {
	Channel  string
	TS       string
	ThreadTS string // "" for a message in the channel itself
	Text     string
	Blocks   json.RawMessage
	// Metadata is the message metadata it was posted with, nil without.
	Metadata *Metadata
	Deleted  bool
}

// Metadata is message metadata (https://docs.slack.dev/messaging/message-metadata).
type Metadata struct {
	EventType    string         `json:"event_type"`
	EventPayload map[string]any `json:"event_payload"`
}

// Messages returns the messages posted to channel, thread replies
// included, oldest first; deleted ones are left out.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.web.history[channel] {
		if !m.Deleted {
			out = append(out, *m)
		}
	}
	return out
}

// Delay holds every answer to method (a Web API method) for d after the
// call has taken effect, like a slow network on the way back: a message is
// in the channel while its poster still waits. d <= 0 clears it.
func (s *Server) Delay(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.delays, method)
		return
	}
	s.delays[method] = d
}

// wait holds the answer to req as Delay says; it ends early when the
// caller hangs up or the server closes.
func (s *Server) wait(r *http.Request, method string) {
	s.mu.Lock()
	d := s.delays[method]
	s.mu.Unlock()
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.closed:
	}
}

// parseMetadata reads chat.postMessage's metadata argument: a JSON object
// with a string event_type and an object event_payload.
func parseMetadata(raw string) (*Metadata, bool) {
	if emptyJSON(raw) {
		return nil, true
	}
	var m Metadata
	if err := json.Unmarshal([]byte(raw), &m); err != nil || m.EventType == "" || m.EventPayload == nil {
		return nil, false
	}
	return &m, true
}

// keepMessageLocked stores a posted message in its channel's history.
func (s *Server) keepMessageLocked(req *apiReq, channel, ts string, meta *Metadata) {
	m := &Message{Channel: channel, TS: ts, ThreadTS: req.params["thread_ts"], Text: req.params["text"], Metadata: meta}
	if b := req.params["blocks"]; !emptyJSON(b) && json.Valid([]byte(b)) {
		m.Blocks = json.RawMessage(b)
	}
	s.web.history[channel] = append(s.web.history[channel], m)
}

func (s *Server) findMessageLocked(channel, ts string) *Message {
	for _, m := range s.web.history[channel] {
		if m.TS == ts {
			return m
		}
	}
	return nil
}

func (s *Server) conversationsHistory(req *apiReq) apiResp {
	channel := req.params["channel"]
	if channel == "" {
		return fail("channel_not_found")
	}
	limit := 100
	if v := req.params["limit"]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fail("invalid_limit")
		}
		limit = min(n, 999)
	}
	offset := 0
	if c := req.params["cursor"]; c != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(c, "offset:"))
		if err != nil || n < 0 {
			return fail("invalid_cursor")
		}
		offset = n
	}
	inclusive := truthy(req.params["inclusive"])
	withMeta := truthy(req.params["include_all_metadata"])
	oldest, latest := req.params["oldest"], req.params["latest"]
	s.mu.Lock()
	var picked []map[string]any
	for _, m := range slices.Backward(s.web.history[channel]) {
		if m.Deleted || (m.ThreadTS != "" && m.ThreadTS != m.TS) || !inRange(m.TS, oldest, latest, inclusive) {
			continue
		}
		picked = append(picked, historyObject(s, m, withMeta))
	}
	s.mu.Unlock()
	offset = min(offset, len(picked))
	page := picked[offset:min(offset+limit, len(picked))]
	more := offset+len(page) < len(picked)
	next := ""
	if more {
		next = "offset:" + strconv.Itoa(offset+len(page))
	}
	return ok(map[string]any{
		"messages": page, "has_more": more, "pin_count": 0,
		"response_metadata": map[string]any{"next_cursor": next},
	})
}

func historyObject(s *Server, m *Message, withMeta bool) map[string]any {
	o := map[string]any{
		"type": "message", "subtype": "bot_message", "text": m.Text, "ts": m.TS,
		"user": s.opts.BotUserID, "bot_id": s.opts.BotID, "app_id": AppID, "team": s.opts.TeamID,
	}
	if m.Blocks != nil {
		o["blocks"] = m.Blocks
	}
	if withMeta && m.Metadata != nil {
		o["metadata"] = m.Metadata
	}
	return o
}

// inRange compares Slack timestamps ("1700000000.000100") exactly; an
// empty bound is open.
func inRange(ts, oldest, latest string, inclusive bool) bool {
	t := tsMicros(ts)
	if oldest != "" {
		if o := tsMicros(oldest); t < o || (t == o && !inclusive) {
			return false
		}
	}
	if latest != "" {
		if l := tsMicros(latest); t > l || (t == l && !inclusive) {
			return false
		}
	}
	return true
}

// tsMicros reads a ts as microseconds; a malformed one reads as 0.
func tsMicros(ts string) int64 {
	sec, frac, _ := strings.Cut(ts, ".")
	s, _ := strconv.ParseInt(sec, 10, 64)
	frac = (frac + "000000")[:6]
	f, _ := strconv.ParseInt(frac, 10, 64)
	return s*1_000_000 + f
}

func truthy(v string) bool { return v == "1" || v == "true" }
