package slacktest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

func (s *Server) authTest(req *apiReq) apiResp {
	return ok(map[string]any{
		"url":                   "https://" + TeamDomain + ".slack.com/",
		"team":                  "Test",
		"user":                  "tact",
		"team_id":               req.team,
		"user_id":               req.bot,
		"bot_id":                s.opts.BotID,
		"is_enterprise_install": false,
	})
}

func (s *Server) connectionsOpen(*apiReq) apiResp {
	ticket := randomHex(16)
	s.mu.Lock()
	s.sock.tickets[ticket] = true
	s.mu.Unlock()
	return ok(map[string]any{"url": "ws" + strings.TrimPrefix(s.base, "http") + "/link/?ticket=" + ticket})
}

func (s *Server) chatPostMessage(req *apiReq) apiResp {
	channel := req.params["channel"]
	if channel == "" {
		return fail("channel_not_found")
	}
	if r := s.checkNewMessage(req); r.err != "" {
		return r
	}
	meta, valid := parseMetadata(req.params["metadata"])
	if !valid {
		return fail("invalid_metadata_format", "metadata must be a JSON object with event_type and event_payload")
	}
	s.mu.Lock()
	if isUserID(channel) {
		channel = s.dmLocked([]string{channel})
	}
	ts := s.nextTSLocked()
	s.web.messages[channel+"/"+ts] = false
	s.keepMessageLocked(req, channel, ts, meta)
	s.mu.Unlock()
	return ok(map[string]any{"channel": channel, "ts": ts, "message": s.messageObject(req, ts)})
}

func (s *Server) chatPostEphemeral(req *apiReq) apiResp {
	channel, user := req.params["channel"], req.params["user"]
	if channel == "" {
		return fail("channel_not_found")
	}
	if user == "" {
		return fail("user_not_in_channel")
	}
	if r := s.checkNewMessage(req); r.err != "" {
		return r
	}
	s.mu.Lock()
	ts := s.nextTSLocked()
	s.mu.Unlock()
	return ok(map[string]any{"message_ts": ts})
}

func (s *Server) chatUpdate(req *apiReq) apiResp {
	channel, ts := req.params["channel"], req.params["ts"]
	if channel == "" {
		return fail("channel_not_found")
	}
	if ts == "" {
		return fail("message_not_found")
	}
	if r := s.checkMessage(req); r.err != "" {
		return r
	}
	s.mu.Lock()
	deleted := s.web.messages[channel+"/"+ts]
	if m := s.findMessageLocked(channel, ts); m != nil && !deleted {
		m.Text = req.params["text"]
		if b := req.params["blocks"]; !emptyJSON(b) {
			m.Blocks = json.RawMessage(b)
		}
	}
	s.mu.Unlock()
	// Messages this server never saw (posted through a response_url or by a
	// test's payload) can be updated: only deleted ones are gone.
	if deleted {
		return fail("message_not_found")
	}
	return ok(map[string]any{"channel": channel, "ts": ts, "text": req.params["text"], "message": s.messageObject(req, ts)})
}

func (s *Server) chatDelete(req *apiReq) apiResp {
	channel, ts := req.params["channel"], req.params["ts"]
	if channel == "" {
		return fail("channel_not_found")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := channel + "/" + ts
	if ts == "" || s.web.messages[key] {
		return fail("message_not_found")
	}
	s.web.messages[key] = true
	if m := s.findMessageLocked(channel, ts); m != nil {
		m.Deleted = true
	}
	return ok(map[string]any{"channel": channel, "ts": ts})
}

func (s *Server) chatGetPermalink(req *apiReq) apiResp {
	channel, ts := req.params["channel"], req.params["message_ts"]
	if channel == "" {
		return fail("channel_not_found")
	}
	if ts == "" {
		return fail("message_not_found")
	}
	return ok(map[string]any{
		"channel":   channel,
		"permalink": fmt.Sprintf("https://%s.slack.com/archives/%s/p%s", TeamDomain, channel, strings.ReplaceAll(ts, ".", "")),
	})
}

func (s *Server) messageObject(req *apiReq, ts string) map[string]any {
	m := map[string]any{
		"type":    "message",
		"subtype": "bot_message",
		"text":    req.params["text"],
		"user":    s.opts.BotUserID,
		"bot_id":  s.opts.BotID,
		"app_id":  AppID,
		"team":    s.opts.TeamID,
		"ts":      ts,
	}
	if t := req.params["thread_ts"]; t != "" {
		m["thread_ts"] = t
	}
	if b := req.params["blocks"]; !emptyJSON(b) && json.Valid([]byte(b)) {
		m["blocks"] = json.RawMessage(b)
	}
	return m
}

func (s *Server) conversationsOpen(req *apiReq) apiResp {
	if ch := req.params["channel"]; ch != "" {
		return ok(map[string]any{"channel": map[string]any{"id": ch}, "no_op": true, "already_open": true})
	}
	var users []string
	for u := range strings.SplitSeq(req.params["users"], ",") {
		if u = strings.TrimSpace(u); u != "" {
			users = append(users, u)
		}
	}
	if len(users) == 0 {
		return fail("users_list_not_supplied")
	}
	if len(users) > 8 {
		return fail("too_many_users")
	}
	for _, u := range users {
		if _, known := s.opts.Users[u]; len(s.opts.Users) > 0 && !known {
			return fail("user_not_found")
		}
	}
	s.mu.Lock()
	_, already := s.web.conversation[convKey(users)]
	id := s.dmLocked(users)
	s.mu.Unlock()
	ch := map[string]any{"id": id, "created": 1700000000, "is_open": true}
	if len(users) == 1 {
		ch["is_im"] = true
		ch["user"] = users[0]
	} else {
		ch["is_mpim"] = true
	}
	return ok(map[string]any{"channel": ch, "no_op": already, "already_open": already})
}

// dmLocked returns the stable D… (one user) or G… (several) channel of users.
func (s *Server) dmLocked(users []string) string {
	key := convKey(users)
	if id, ok := s.web.conversation[key]; ok {
		return id
	}
	prefix := "D"
	if len(users) > 1 {
		prefix = "G"
	}
	id := fmt.Sprintf("%s%08X", prefix, s.nextIDLocked())
	s.web.conversation[key] = id
	return id
}

func convKey(users []string) string {
	u := slices.Clone(users)
	slices.Sort(u)
	return strings.Join(u, ",")
}

func isUserID(id string) bool { return strings.HasPrefix(id, "U") || strings.HasPrefix(id, "W") }

func emptyJSON(v string) bool { return v == "" || v == "null" || v == "[]" }
