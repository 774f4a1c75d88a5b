package slacktest

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Pseudo-methods recorded for requests that are not Web API calls.
const (
	MethodResponseURL = "response_url" // POST to a response_url
	MethodUpload      = "file_upload"  // POST of file bytes to an upload_url
)

// Call is one recorded HTTP request to the server.
type Call struct {
	Method string
	At     time.Time
	Path   string            // request path, e.g. /api/chat.postMessage or /response/ID
	Params map[string]string // form values, or top-level JSON fields (non-strings as raw JSON text)
	Body   []byte            // raw body
	Status int               // HTTP status we answered
	Error  string            // Slack error we answered, "" if ok
	// Errors are the detailed problems behind Error (invalid_blocks, invalid_arguments).
	Errors []string
	// TriggerAge is the age of the trigger_id when views.open or views.push arrived.
	TriggerAge time.Duration
	// Team is the workspace whose token made the call ("" for none), and
	// Token that token (the server's own fakes, for tests of rotation).
	Team, Token string
}

// webState is the Web API side of the server; guarded by Server.mu.
type webState struct {
	calls        []Call
	byMethod     map[string][]int // method -> indexes into calls
	triggers     map[string]*trigger
	responseURLs map[string]*responseURL
	views        map[string]*viewRecord
	opened       []string              // ids of the modals views.open and views.push opened, in order
	externalIDs  map[string]string     // external_id -> view id
	homeViews    map[string]string     // user id -> home view id
	conversation map[string]string     // sorted user list -> D/G channel id
	messages     map[string]bool       // channel/ts -> deleted
	history      map[string][]*Message // channel -> messages posted, oldest first
	files        map[string]*fileRecord
}

func (w *webState) init() {
	w.byMethod = map[string][]int{}
	w.triggers = map[string]*trigger{}
	w.responseURLs = map[string]*responseURL{}
	w.views = map[string]*viewRecord{}
	w.externalIDs = map[string]string{}
	w.homeViews = map[string]string{}
	w.conversation = map[string]string{}
	w.messages = map[string]bool{}
	w.history = map[string][]*Message{}
	w.files = map[string]*fileRecord{}
}

// apiReq is a parsed request.
type apiReq struct {
	method string
	path   string
	header http.Header
	body   []byte
	params map[string]string
	at     time.Time
	// hold, when set, runs after the call is recorded and before it is
	// answered (Delay).
	hold func()
	// team is the workspace whose token made the call, and bot its bot user.
	team, bot, token string
}

// apiResp is what a method answers. Fields are merged into {"ok":..., "error":...}.
type apiResp struct {
	status     int
	fields     map[string]any
	err        string
	errors     []string
	retryAfter int // seconds; sets Retry-After
	triggerAge time.Duration
	text       string // plain text body instead of JSON (upload URL)
	// raw answers text as it is (a file), with contentType.
	raw         bool
	contentType string
}

func ok(fields map[string]any) apiResp { return apiResp{fields: fields} }

func fail(code string, details ...string) apiResp { return apiResp{err: code, errors: details} }

type tokenKind int

const (
	botToken tokenKind = iota
	appToken
	noToken // oauth.v2.access: the app's client id and secret instead
)

type methodSpec struct {
	token tokenKind
	fn    func(*Server, *apiReq) apiResp
}

var methods = map[string]methodSpec{
	"auth.test":                    {botToken, (*Server).authTest},
	"oauth.v2.access":              {noToken, (*Server).oauthV2Access},
	"apps.connections.open":        {appToken, (*Server).connectionsOpen},
	"chat.postMessage":             {botToken, (*Server).chatPostMessage},
	"chat.postEphemeral":           {botToken, (*Server).chatPostEphemeral},
	"chat.update":                  {botToken, (*Server).chatUpdate},
	"chat.delete":                  {botToken, (*Server).chatDelete},
	"chat.getPermalink":            {botToken, (*Server).chatGetPermalink},
	"conversations.history":        {botToken, (*Server).conversationsHistory},
	"conversations.open":           {botToken, (*Server).conversationsOpen},
	"conversations.info":           {botToken, (*Server).conversationsInfo},
	"views.open":                   {botToken, (*Server).viewsOpen},
	"views.push":                   {botToken, (*Server).viewsPush},
	"views.update":                 {botToken, (*Server).viewsUpdate},
	"views.publish":                {botToken, (*Server).viewsPublish},
	"users.info":                   {botToken, (*Server).usersInfo},
	"users.lookupByEmail":          {botToken, (*Server).usersLookupByEmail},
	"users.list":                   {botToken, (*Server).usersList},
	"files.info":                   {botToken, (*Server).filesInfo},
	"usergroups.users.list":        {botToken, (*Server).usergroupsUsersList},
	"usergroups.list":              {botToken, (*Server).usergroupsList},
	"files.getUploadURLExternal":   {botToken, (*Server).filesGetUploadURLExternal},
	"files.completeUploadExternal": {botToken, (*Server).filesCompleteUploadExternal},
}

func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	req, perr := readRequest(r)
	req.method = r.PathValue("method")
	var resp apiResp
	switch spec, known := methods[req.method]; {
	case perr != nil:
		resp = fail("invalid_form_data", perr.Error())
	case s.rateLimited(req.method, &resp):
	case s.failing(req.method, &resp):
	case !known:
		resp = fail("unknown_method")
	default:
		if code := s.checkToken(req, spec.token); code != "" {
			resp = fail(code)
		} else {
			resp = spec.fn(s, req)
			req.hold = func() { s.wait(r, req.method) }
		}
	}
	s.finish(w, req, resp)
}

// finish records the call, then answers it: a client that got its answer can
// rely on the call being in Calls.
func (s *Server) finish(w http.ResponseWriter, req *apiReq, resp apiResp) {
	if resp.status == 0 {
		resp.status = http.StatusOK
	}
	s.record(Call{
		Method:     req.method,
		At:         req.at,
		Path:       req.path,
		Params:     req.params,
		Body:       req.body,
		Status:     resp.status,
		Error:      resp.err,
		Errors:     resp.errors,
		TriggerAge: resp.triggerAge,
		Team:       req.team,
		Token:      req.token,
	})
	if resp.err != "" {
		s.logf("slacktest: %s -> %s %v", req.method, resp.err, resp.errors)
	}
	if req.hold != nil {
		req.hold()
	}
	if resp.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(resp.retryAfter))
	}
	if resp.raw || resp.text != "" {
		ctype := resp.contentType
		if ctype == "" {
			ctype = "text/plain; charset=utf-8"
		}
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(resp.status)
		_, _ = io.WriteString(w, resp.text)
		return
	}
	body := make(map[string]any, len(resp.fields)+4)
	maps.Copy(body, resp.fields)
	body["ok"] = resp.err == ""
	if resp.err != "" {
		body["error"] = resp.err
		if len(resp.errors) > 0 {
			body["errors"] = resp.errors
			msgs := make([]string, len(resp.errors))
			for i, e := range resp.errors {
				msgs[i] = "[ERROR] " + e
			}
			body["response_metadata"] = map[string]any{"messages": msgs}
		}
	}
	out, err := json.Marshal(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(resp.status)
	_, _ = w.Write(out)
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.web.calls = append(s.web.calls, c)
	s.web.byMethod[c.Method] = append(s.web.byMethod[c.Method], len(s.web.calls)-1)
	s.notifyLocked()
}

// readRequest reads the body and flattens form, multipart, JSON and query
// parameters into one map.
func readRequest(r *http.Request) (*apiReq, error) {
	req := &apiReq{path: r.URL.Path, header: r.Header, at: time.Now(), params: map[string]string{}}
	for k, v := range r.URL.Query() {
		req.params[k] = v[0]
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	if err != nil {
		return req, fmt.Errorf("reading body: %w", err)
	}
	req.body = body
	ctype, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case len(body) == 0:
	case ctype == "application/json":
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			return req, fmt.Errorf("decoding JSON body: %w", err)
		}
		for k, v := range m {
			var str string
			if len(v) > 0 && v[0] == '"' && json.Unmarshal(v, &str) == nil {
				req.params[k] = str
			} else {
				req.params[k] = string(v)
			}
		}
	case ctype == "multipart/form-data":
		// Only upload URLs take multipart; their handler reads the parts.
	default:
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return req, fmt.Errorf("decoding form body: %w", err)
		}
		for k, v := range vals {
			req.params[k] = v[0]
		}
	}
	return req, nil
}

func (s *Server) checkToken(req *apiReq, kind tokenKind) string {
	if kind == noToken {
		return ""
	}
	tok := req.params["token"]
	if h := req.header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		tok = strings.TrimPrefix(h, "Bearer ")
	}
	req.team, req.bot, req.token = s.opts.TeamID, s.opts.BotUserID, tok
	s.mu.Lock()
	ws, refused, issued := s.tokenTeamLocked(tok, req.at)
	s.mu.Unlock()
	if issued {
		req.team, req.bot = ws.ID, ws.BotUserID
		if kind == appToken {
			return "not_allowed_token_type"
		}
		return refused
	}
	want, other := s.opts.BotToken, s.opts.AppToken
	if kind == appToken {
		want, other = other, want
	}
	switch tok {
	case "":
		return "not_authed"
	case want:
		return ""
	case other:
		return "not_allowed_token_type"
	default:
		return "invalid_auth"
	}
}

// Calls returns recorded calls of method ("" for all), in arrival order.
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	if method == "" {
		return slices.Clone(s.web.calls)
	}
	idx := s.web.byMethod[method]
	out := make([]Call, len(idx))
	for i, j := range idx {
		out[i] = s.web.calls[j]
	}
	return out
}

// WaitCall returns the first call of method ("" for any) in arrival order for
// which match (nil matches all) is true, waiting up to timeout for it. Calls made
// before WaitCall count too. match runs without the server lock held.
func (s *Server) WaitCall(method string, match func(Call) bool, timeout time.Duration) (Call, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	next := 0 // calls already examined
	for {
		s.mu.Lock()
		var fresh []Call
		if method == "" {
			fresh = slices.Clone(s.web.calls[next:])
		} else {
			idx := s.web.byMethod[method][next:]
			fresh = make([]Call, len(idx))
			for i, j := range idx {
				fresh[i] = s.web.calls[j]
			}
		}
		ch := s.changed
		s.mu.Unlock()
		next += len(fresh)
		for _, c := range fresh {
			if match == nil || match(c) {
				return c, nil
			}
		}
		select {
		case <-ch:
		case <-timer.C:
			return Call{}, fmt.Errorf("slacktest: timed out after %v waiting for a %q call", timeout, method)
		case <-s.closed:
			return Call{}, fmt.Errorf("waiting for a %q call: %w", method, ErrClosed)
		}
	}
}

// checkNewMessage is checkMessage for a message being posted, which must
// say something.
func (s *Server) checkNewMessage(req *apiReq) apiResp {
	if req.params["text"] == "" && emptyJSON(req.params["blocks"]) && emptyJSON(req.params["attachments"]) {
		return fail("no_text")
	}
	return s.checkMessage(req)
}

func (s *Server) checkMessage(req *apiReq) apiResp {
	text := req.params["text"]
	if !utf8.ValidString(text) {
		return fail("invalid_arguments", "text is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(text); n > MaxMessageText {
		return fail("msg_too_long", fmt.Sprintf("text must be at most %d characters (got %d)", MaxMessageText, n))
	}
	if b, ok := req.params["blocks"]; ok && b != "" && b != "null" {
		if errs := CheckBlocks(json.RawMessage(b), "message"); len(errs) > 0 {
			return fail("invalid_blocks", errStrings(errs)...)
		}
	}
	return apiResp{}
}

func errStrings(errs []error) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = e.Error()
	}
	return out
}
