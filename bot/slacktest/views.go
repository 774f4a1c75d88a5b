package slacktest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

type trigger struct {
	issued time.Time
	used   bool
}

type viewRecord struct {
	id, typ, hash, externalID, rootID, user string
	team                                    string // whose token opened it
}

// issueTriggerLocked makes a trigger_id shaped like Slack's, valid TriggerTTL and once.
func (s *Server) issueTriggerLocked() string {
	now := time.Now()
	id := fmt.Sprintf("%d.%d.%s", now.Unix(), s.nextIDLocked(), randomHex(16))
	s.web.triggers[id] = &trigger{issued: now}
	return id
}

// Trigger errors as Slack names them.
const (
	errExpiredTrigger   = "expired_trigger_id"
	errExchangedTrigger = "exchanged_trigger_id"
	errInvalidTrigger   = "invalid_trigger_id"
)

// useTriggerLocked validates a trigger_id; consume marks it used.
func (s *Server) useTriggerLocked(id string, at time.Time, consume bool) (time.Duration, string) {
	t := s.web.triggers[id]
	if t == nil {
		return 0, errInvalidTrigger
	}
	age := at.Sub(t.issued)
	switch {
	case t.used:
		return age, errExchangedTrigger
	case age > TriggerTTL:
		return age, errExpiredTrigger
	}
	if consume {
		t.used = true
	}
	return age, ""
}

// viewParam decodes the "view" parameter; form callers send it as a JSON string.
func viewParam(req *apiReq) (json.RawMessage, map[string]any, apiResp) {
	raw := json.RawMessage(req.params["view"])
	var m map[string]any
	if len(raw) == 0 || json.Unmarshal(raw, &m) != nil || m == nil {
		return nil, nil, fail("invalid_arguments", "missing or invalid `view`")
	}
	return raw, m, apiResp{}
}

func (s *Server) viewsOpen(req *apiReq) apiResp { return s.openOrPush(req) }

// OpenedViews are the ids of the modals opened (views.open, views.push),
// in order: what a test submits a modal as.
func (s *Server) OpenedViews() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.web.opened)
}

func (s *Server) viewsPush(req *apiReq) apiResp { return s.openOrPush(req) }

// openOrPush serves views.open and views.push: both exchange a trigger_id for a modal.
func (s *Server) openOrPush(req *apiReq) apiResp {
	raw, view, r := viewParam(req)
	if r.err != "" {
		return r
	}
	tid := req.params["trigger_id"]
	if tid == "" {
		tid = req.params["interactivity_pointer"]
	}
	if tid == "" {
		return fail("invalid_arguments", "missing `trigger_id`")
	}
	s.mu.Lock()
	age, code := s.useTriggerLocked(tid, req.at, false)
	s.mu.Unlock()
	if code != "" {
		r := fail(code)
		r.triggerAge = age
		return r
	}
	if view["type"] != "modal" {
		r := fail("invalid_arguments", "view type must be modal")
		r.triggerAge = age
		return r
	}
	if errs := CheckView(raw); len(errs) > 0 {
		r := fail("invalid_arguments", errStrings(errs)...)
		r.triggerAge = age
		return r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if age, code = s.useTriggerLocked(tid, req.at, true); code != "" { // lost a race with another call
		r := fail(code)
		r.triggerAge = age
		return r
	}
	rec := &viewRecord{typ: "modal", team: req.team}
	if r := s.storeViewLocked(rec, view); r.err != "" {
		r.triggerAge = age
		return r
	}
	rec.rootID = rec.id
	s.web.opened = append(s.web.opened, rec.id)
	r = ok(map[string]any{"view": s.viewObject(rec, view)})
	r.triggerAge = age
	return r
}

// storeViewLocked gives rec a new id and hash and records its external_id.
func (s *Server) storeViewLocked(rec *viewRecord, view map[string]any) apiResp {
	ext, _ := view["external_id"].(string)
	if ext != "" && ext != rec.externalID {
		if _, taken := s.web.externalIDs[ext]; taken {
			return fail("duplicate_external_id")
		}
	}
	if rec.id == "" {
		rec.id = fmt.Sprintf("V%08X", s.nextIDLocked())
	}
	rec.hash = fmt.Sprintf("%d.%s", time.Now().Unix(), randomHex(4))
	// A view sent without external_id keeps the one it had.
	if ext != "" && ext != rec.externalID {
		delete(s.web.externalIDs, rec.externalID)
		s.web.externalIDs[ext] = rec.id
		rec.externalID = ext
	}
	s.web.views[rec.id] = rec
	return apiResp{}
}

func (s *Server) viewObject(rec *viewRecord, view map[string]any) map[string]any {
	out := make(map[string]any, len(view)+10)
	for k, v := range view {
		out[k] = v
	}
	out["id"] = rec.id
	out["team_id"] = cmp.Or(rec.team, s.opts.TeamID)
	out["hash"] = rec.hash
	out["root_view_id"] = rec.rootID
	out["app_id"] = AppID
	out["bot_id"] = s.opts.BotID
	out["app_installed_team_id"] = cmp.Or(rec.team, s.opts.TeamID)
	out["external_id"] = rec.externalID
	out["state"] = map[string]any{"values": map[string]any{}}
	for _, k := range []string{"private_metadata", "callback_id"} {
		if _, has := out[k]; !has {
			out[k] = ""
		}
	}
	return out
}

func (s *Server) viewsUpdate(req *apiReq) apiResp {
	raw, view, r := viewParam(req)
	if r.err != "" {
		return r
	}
	viewID, ext := req.params["view_id"], req.params["external_id"]
	if viewID == "" && ext == "" {
		return fail("invalid_arguments", "either `view_id` or `external_id` is required")
	}
	if errs := CheckView(raw); len(errs) > 0 {
		return fail("invalid_arguments", errStrings(errs)...)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if viewID == "" {
		viewID = s.web.externalIDs[ext]
	}
	rec := s.web.views[viewID]
	if rec == nil {
		return fail("not_found")
	}
	if typ, _ := view["type"].(string); typ != rec.typ {
		return fail("invalid_arguments", fmt.Sprintf("view type %q does not match the %s being updated", typ, rec.typ))
	}
	if h := req.params["hash"]; h != "" && h != rec.hash {
		return fail("hash_conflict")
	}
	if r := s.storeViewLocked(rec, view); r.err != "" {
		return r
	}
	return ok(map[string]any{"view": s.viewObject(rec, view)})
}

func (s *Server) viewsPublish(req *apiReq) apiResp {
	raw, view, r := viewParam(req)
	if r.err != "" {
		return r
	}
	user := req.params["user_id"]
	if user == "" {
		return fail("invalid_arguments", "missing `user_id`")
	}
	if _, known := s.opts.Users[user]; len(s.opts.Users) > 0 && !known {
		return fail("user_not_found")
	}
	if view["type"] != "home" {
		return fail("invalid_arguments", "view type must be home")
	}
	if errs := CheckView(raw); len(errs) > 0 {
		return fail("invalid_arguments", errStrings(errs)...)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.web.views[s.web.homeViews[user]]
	if rec == nil {
		rec = &viewRecord{typ: "home", user: user, team: req.team}
	} else if h := req.params["hash"]; h != "" && h != rec.hash {
		return fail("hash_conflict")
	}
	if r := s.storeViewLocked(rec, view); r.err != "" {
		return r
	}
	rec.rootID = rec.id
	s.web.homeViews[user] = rec.id
	return ok(map[string]any{"view": s.viewObject(rec, view)})
}
