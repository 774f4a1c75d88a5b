package slacktest

import (
	"net/http"
	"time"
)

type responseURL struct {
	issued time.Time
	uses   int
}

// issueResponseURLLocked makes a response_url on this server, valid
// ResponseURLTTL and ResponseURLMaxUses times.
func (s *Server) issueResponseURLLocked() string {
	id := randomHex(12)
	s.web.responseURLs[id] = &responseURL{issued: time.Now()}
	return s.base + "/response/" + id
}

// handleResponseURL takes a message posted to a response_url (JSON: text, blocks,
// response_type, replace_original, delete_original). Only accepted posts count
// as uses.
func (s *Server) handleResponseURL(w http.ResponseWriter, r *http.Request) {
	req, perr := readRequest(r)
	req.method = MethodResponseURL
	id := r.PathValue("id")
	var resp apiResp
	switch {
	case perr != nil:
		resp = apiResp{status: http.StatusBadRequest, err: "invalid_payload", errors: []string{perr.Error()}}
	case r.Method != http.MethodPost:
		resp = apiResp{status: http.StatusMethodNotAllowed, err: "method_not_allowed"}
	case s.rateLimited(MethodResponseURL, &resp):
	default:
		resp = s.postToResponseURL(id, req)
	}
	s.finish(w, req, resp)
}

func (s *Server) postToResponseURL(id string, req *apiReq) apiResp {
	expired := apiResp{status: http.StatusNotFound, err: "expired_url"}
	s.mu.Lock()
	u := s.web.responseURLs[id]
	usable := u != nil && u.uses < ResponseURLMaxUses && req.at.Sub(u.issued) <= ResponseURLTTL
	s.mu.Unlock()
	if !usable {
		return expired
	}
	switch rt := req.params["response_type"]; rt {
	case "", "ephemeral", "in_channel":
	default:
		return fail("invalid_arguments", "response_type must be ephemeral or in_channel, got "+rt)
	}
	if req.params["delete_original"] != "true" {
		if r := s.checkNewMessage(req); r.err != "" {
			return r
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.uses >= ResponseURLMaxUses { // lost a race with a concurrent post
		return expired
	}
	u.uses++
	return ok(nil)
}
