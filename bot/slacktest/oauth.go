package slacktest

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// OAuth v2, as Slack runs "Add to Slack" for an app distributed to many
// workspaces (docs.slack.dev/authentication/installing-with-oauth): the
// app's install page links to /oauth/v2/authorize with its client_id,
// scopes, redirect_uri and a state; the person approves (Approve stands in
// for Slack's consent page) and their browser is sent to redirect_uri with
// a one-time code and the state; the app exchanges the code at
// oauth.v2.access for the workspace's bot token. With token rotation on
// (Options.TokenRotation) the token expires and comes with a refresh
// token, which oauth.v2.access with grant_type=refresh_token exchanges,
// once, for a new pair.

// Workspace is a workspace that can install the app through OAuth.
type Workspace struct {
	ID, Name, BotUserID string
}

// oauthState is the server's side of OAuth; guarded by Server.mu.
type oauthState struct {
	codes   map[string]grant // code -> what it grants; single use
	tokens  map[string]grant // bot access token -> its workspace
	refresh map[string]grant // refresh token -> its workspace; single use
	revoked map[string]bool  // tokens of uninstalled workspaces
	issued  map[string]int   // team -> tokens issued
}

type grant struct {
	team     Workspace
	user     string
	redirect string
	expires  time.Time // zero: never
}

func (o *oauthState) init() {
	o.codes, o.tokens, o.refresh = map[string]grant{}, map[string]grant{}, map[string]grant{}
	o.revoked, o.issued = map[string]bool{}, map[string]int{}
}

// OAuthAuthorizeURL is where an install page sends the person: Slack's
// /oauth/v2/authorize on this server.
func (s *Server) OAuthAuthorizeURL() string { return s.base + "/oauth/v2/authorize" }

// Approve is the person userID of workspace ws pressing Allow on Slack's
// consent page reached through authorizeURL (the install button's link):
// it returns where Slack sends their browser, redirect_uri with a code
// and the state.
func (s *Server) Approve(authorizeURL string, ws Workspace, userID string) (string, error) {
	u, err := url.Parse(authorizeURL)
	if err != nil {
		return "", fmt.Errorf("slacktest: authorize URL: %w", err)
	}
	q := u.Query()
	switch {
	case !strings.HasPrefix(authorizeURL, s.OAuthAuthorizeURL()):
		return "", fmt.Errorf("slacktest: %s is not this server's authorize URL", u.Path)
	case q.Get("client_id") != s.opts.ClientID || s.opts.ClientID == "":
		return "", fmt.Errorf("slacktest: unknown client_id %q", q.Get("client_id"))
	case q.Get("scope") == "":
		return "", fmt.Errorf("slacktest: the authorize URL asks for no scope")
	}
	redirect := q.Get("redirect_uri")
	if redirect == "" {
		return "", fmt.Errorf("slacktest: the authorize URL has no redirect_uri")
	}
	if ws.BotUserID == "" {
		ws.BotUserID = "U0BOT" + ws.ID
	}
	code := "code-" + randomHex(8)
	s.mu.Lock()
	s.oauth.codes[code] = grant{team: ws, user: userID, redirect: redirect}
	s.mu.Unlock()
	back, _ := url.Parse(redirect)
	bq := back.Query()
	bq.Set("code", code)
	bq.Set("state", q.Get("state"))
	back.RawQuery = bq.Encode()
	return back.String(), nil
}

// Revoke invalidates every token of the workspace, as uninstalling the
// app does (send app_uninstalled with SendEvent to tell the bot).
func (s *Server) Revoke(teamID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok, g := range s.oauth.tokens {
		if g.team.ID == teamID {
			s.oauth.revoked[tok] = true
		}
	}
}

// Refreshes counts the token refreshes the server granted for teamID.
func (s *Server) Refreshes(teamID string) int {
	n := 0
	for _, c := range s.Calls("oauth.v2.access") {
		if c.Params["grant_type"] == "refresh_token" && c.Error == "" && c.Team == teamID {
			n++
		}
	}
	return n
}

func (s *Server) oauthV2Access(req *apiReq) apiResp {
	id, secret := req.params["client_id"], req.params["client_secret"]
	if u, p, ok := basicAuth(req); ok {
		id, secret = u, p
	}
	switch {
	case s.opts.ClientID == "" || id != s.opts.ClientID:
		return fail("invalid_client_id")
	case secret != s.opts.ClientSecret:
		return fail("bad_client_secret")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var g grant
	if req.params["grant_type"] == "refresh_token" {
		var known bool
		if g, known = s.oauth.refresh[req.params["refresh_token"]]; !known {
			return fail("invalid_refresh_token")
		}
		delete(s.oauth.refresh, req.params["refresh_token"]) // a refresh token is spent once used
	} else {
		var known bool
		if g, known = s.oauth.codes[req.params["code"]]; !known {
			return fail("invalid_code")
		}
		delete(s.oauth.codes, req.params["code"])
		if req.params["redirect_uri"] != g.redirect {
			return fail("bad_redirect_uri")
		}
	}
	req.team = g.team.ID
	s.oauth.issued[g.team.ID]++
	token := fmt.Sprintf("xoxb-%s-%d-%s", g.team.ID, s.oauth.issued[g.team.ID], randomHex(8))
	fields := map[string]any{
		"access_token": token, "token_type": "bot", "scope": req.params["scope"],
		"bot_user_id": g.team.BotUserID, "app_id": AppID,
		"team":       map[string]any{"id": g.team.ID, "name": g.team.Name},
		"enterprise": nil, "is_enterprise_install": false,
		"authed_user": map[string]any{"id": g.user},
	}
	if s.opts.TokenRotation > 0 {
		g.expires = time.Now().Add(s.opts.TokenRotation)
		refresh := "xoxe-1-" + randomHex(12)
		s.oauth.refresh[refresh] = g
		fields["access_token"] = "xoxe." + token
		fields["refresh_token"] = refresh
		fields["expires_in"] = int(s.opts.TokenRotation.Seconds())
		token = "xoxe." + token
	}
	s.oauth.tokens[token] = g
	return ok(fields)
}

func basicAuth(req *apiReq) (string, string, bool) {
	return (&http.Request{Header: req.header}).BasicAuth()
}

// tokenTeamLocked is the workspace an OAuth-issued bot token belongs to,
// and why it is refused ("" when it is not).
func (s *Server) tokenTeamLocked(tok string, at time.Time) (Workspace, string, bool) {
	g, ok := s.oauth.tokens[tok]
	switch {
	case !ok:
		return Workspace{}, "", false
	case s.oauth.revoked[tok]:
		return g.team, "token_revoked", true
	case !g.expires.IsZero() && at.After(g.expires):
		return g.team, "token_expired", true
	}
	return g.team, "", true
}
