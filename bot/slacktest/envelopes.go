package slacktest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"time"
)

// SlashCommand is what a user typed; the server fills in the rest of Slack's payload.
type SlashCommand struct {
	TeamID, UserID, ChannelID, Command, Text string
}

// SendSlashCommand delivers a slash_commands envelope with a fresh trigger_id and a
// response_url served by this server.
func (s *Server) SendSlashCommand(c SlashCommand) (Envelope, error) {
	if c.TeamID == "" {
		c.TeamID = s.opts.TeamID
	}
	s.mu.Lock()
	trigger := s.issueTriggerLocked()
	respURL := s.issueResponseURLLocked()
	s.mu.Unlock()
	payload := map[string]any{
		"token":        VerificationToken,
		"team_id":      c.TeamID,
		"team_domain":  TeamDomain,
		"channel_id":   c.ChannelID,
		"channel_name": channelName(c.ChannelID),
		"user_id":      c.UserID,
		"user_name":    s.userName(c.UserID),
		"command":      c.Command,
		"text":         c.Text,
		"api_app_id":   AppID,
		"response_url": respURL,
		"trigger_id":   trigger,
	}
	env, err := s.send("slash_commands", true, payload)
	env.TriggerID, env.ResponseURL = trigger, respURL
	return env, err
}

// SendInteraction delivers an interactive envelope. A block_actions, shortcut,
// message_action or view_submission payload without trigger_id gets a fresh one;
// a message_action, or block_actions on a message, without response_url gets one.
// The payload map is not modified.
func (s *Server) SendInteraction(payload map[string]any) (Envelope, error) {
	p := maps.Clone(payload)
	if p == nil {
		p = map[string]any{}
	}
	typ, _ := p["type"].(string)
	var env Envelope
	s.mu.Lock()
	switch typ {
	case "block_actions", "shortcut", "message_action", "view_submission":
		if t, ok := p["trigger_id"].(string); ok && t != "" {
			env.TriggerID = t
		} else {
			env.TriggerID = s.issueTriggerLocked()
			p["trigger_id"] = env.TriggerID
		}
	}
	if _, has := p["response_url"]; !has && (typ == "message_action" || (typ == "block_actions" && onMessage(p))) {
		env.ResponseURL = s.issueResponseURLLocked()
		p["response_url"] = env.ResponseURL
	} else if u, ok := p["response_url"].(string); ok {
		env.ResponseURL = u
	}
	s.mu.Unlock()
	if _, ok := p["api_app_id"]; !ok {
		p["api_app_id"] = AppID
	}
	if _, ok := p["token"]; !ok {
		p["token"] = VerificationToken
	}
	// Slack expects the ack of these to carry the answer.
	accepts := typ == "view_submission" || typ == "block_suggestion"
	sent, err := s.send("interactive", accepts, p)
	env.ID, env.SentAt = sent.ID, sent.SentAt
	return env, err
}

func onMessage(p map[string]any) bool {
	if _, ok := p["message"]; ok {
		return true
	}
	c, _ := p["container"].(map[string]any)
	return c != nil && c["type"] == "message"
}

// SendEvent delivers an events_api envelope wrapping event in an event_callback.
func (s *Server) SendEvent(teamID string, event map[string]any) (Envelope, error) {
	if teamID == "" {
		teamID = s.opts.TeamID
	}
	now := time.Now()
	s.mu.Lock()
	eventID := fmt.Sprintf("Ev%08X", s.nextIDLocked())
	s.mu.Unlock()
	payload := map[string]any{
		"token":      VerificationToken,
		"team_id":    teamID,
		"api_app_id": AppID,
		"event":      event,
		"type":       "event_callback",
		"event_id":   eventID,
		"event_time": now.Unix(),
		"authorizations": []map[string]any{{
			"enterprise_id": nil, "team_id": teamID, "user_id": s.opts.BotUserID,
			"is_bot": true, "is_enterprise_install": false,
		}},
		"is_ext_shared_channel": false,
	}
	return s.send("events_api", false, payload)
}

func (s *Server) send(typ string, accepts bool, payload map[string]any) (Envelope, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return Envelope{}, fmt.Errorf("slacktest: encoding %s payload: %w", typ, err)
	}
	e := &envelope{id: newUUID(), typ: typ, accepts: accepts, payload: raw}
	at, err := s.sendEnvelope(e)
	return Envelope{ID: e.id, SentAt: at}, err
}

func (s *Server) userName(id string) string {
	if u, ok := s.opts.Users[id]; ok && u.Name != "" {
		return u.Name
	}
	return strings.ToLower(id)
}

func channelName(id string) string {
	switch {
	case strings.HasPrefix(id, "D"):
		return "directmessage"
	case strings.HasPrefix(id, "G"):
		return "privategroup"
	default:
		return "channel-" + strings.ToLower(id)
	}
}

// newUUID makes an envelope id shaped like Slack's (a random UUID).
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
