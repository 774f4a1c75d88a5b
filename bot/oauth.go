package bot

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/tact-bot/tact/locale"
)

// "Add to Slack" (OAuth v2) for many workspaces: /slack/install shows the
// button with a one-time state, which is also set in a cookie so that only
// the browser that began the install can finish it; /slack/oauth_redirect
// checks both, exchanges Slack's code for the workspace's bot token
// (oauth.v2.access), stores it through the InstallStore and welcomes the
// person who installed by DM.

// Installed is what oauth.v2.access told about a new install.
type Installed struct {
	TeamID, TeamName, EnterpriseID string
	AppID, BotUserID, Scope        string
	InstallerID                    string
	BotToken, RefreshToken         string
	ExpiresAt                      time.Time // zero without token rotation
}

// InstallStore keeps install states and installs.
type InstallStore interface {
	SaveState(ctx context.Context, state string) error
	ConsumeState(ctx context.Context, state string) (bool, error)
	SaveInstall(ctx context.Context, in Installed) error
}

// OAuth configures the install pages.
type OAuth struct {
	ClientID, ClientSecret, RedirectURI string
	Scopes                              []string
	// AuthorizeURL is Slack's consent page; APIURL the Web API's base.
	AuthorizeURL, APIURL string
	Base                 *Client // its HTTP client and options make the new workspace's client
	Store                InstallStore
	Catalog              *locale.Catalog
	Log                  *slog.Logger
}

const stateCookie = "tact_install_state"

// exchangeTimeout bounds the code exchange and the welcome.
const exchangeTimeout = 10 * time.Second

// Mount adds the install pages to mux.
func (o *OAuth) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /slack/install", o.install)
	mux.HandleFunc("GET /slack/oauth_redirect", o.redirect)
}

func (o *OAuth) install(w http.ResponseWriter, r *http.Request) {
	p := o.printer(r)
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	state := hex.EncodeToString(b)
	if err := o.Store.SaveState(r.Context(), state); err != nil {
		o.Log.Error("storing an install state", "err", err)
		o.page(w, http.StatusServiceUnavailable, p, p.T("install.unavailable"), "")
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: stateCookie, Value: state, Path: "/slack/", MaxAge: 600,
		HttpOnly: true, Secure: strings.HasPrefix(o.RedirectURI, "https://"), SameSite: http.SameSiteLaxMode,
	})
	q := url.Values{
		"client_id": {o.ClientID}, "scope": {strings.Join(o.Scopes, ",")},
		"redirect_uri": {o.RedirectURI}, "state": {state},
	}
	o.page(w, http.StatusOK, p, p.T("install.intro"), o.AuthorizeURL+"?"+q.Encode())
}

func (o *OAuth) redirect(w http.ResponseWriter, r *http.Request) {
	p := o.printer(r)
	q := r.URL.Query()
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Path: "/slack/", MaxAge: -1})
	if q.Get("error") != "" {
		o.page(w, http.StatusOK, p, p.T("install.cancelled"), "")
		return
	}
	if !o.stateOK(r, q.Get("state")) {
		o.Log.Warn("install redirect refused: bad or used state")
		o.page(w, http.StatusBadRequest, p, p.T("install.bad_state"), "")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), exchangeTimeout)
	defer cancel()
	in, err := o.exchange(ctx, q.Get("code"))
	if err != nil {
		o.Log.Warn("oauth.v2.access refused the install", "err", err)
		o.page(w, http.StatusBadGateway, p, p.T("install.refused"), "")
		return
	}
	if err := o.Store.SaveInstall(ctx, in); err != nil {
		o.Log.Error("storing an install", "team", in.TeamID, "err", err)
		o.page(w, http.StatusServiceUnavailable, p, p.T("install.unavailable"), "")
		return
	}
	o.Log.Info("workspace installed", "team", in.TeamID, "rotation", !in.ExpiresAt.IsZero())
	if err := o.welcome(ctx, in); err != nil {
		o.Log.Warn("welcoming the installer", "team", in.TeamID, "err", err)
	}
	o.page(w, http.StatusOK, p, p.T("install.done", map[string]any{"Team": in.TeamName}),
		"https://slack.com/app_redirect?app="+url.QueryEscape(in.AppID)+"&team="+url.QueryEscape(in.TeamID))
}

// stateOK checks the state came back to the browser that asked for it,
// and uses it up.
func (o *OAuth) stateOK(r *http.Request, state string) bool {
	c, err := r.Cookie(stateCookie)
	if state == "" || err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(state)) != 1 {
		return false
	}
	fresh, err := o.Store.ConsumeState(r.Context(), state)
	if err != nil {
		o.Log.Error("checking an install state", "err", err)
	}
	return fresh
}

func (o *OAuth) exchange(ctx context.Context, code string) (Installed, error) {
	resp, err := slack.GetOAuthV2ResponseContext(ctx, o.Base.HTTP(), o.ClientID, o.ClientSecret, code, o.RedirectURI, slack.OAuthOptionAPIURL(o.APIURL))
	if err != nil {
		return Installed{}, err
	}
	if resp.AccessToken == "" || resp.TokenType != "bot" || resp.Team.ID == "" {
		return Installed{}, errors.New("oauth.v2.access gave no bot token")
	}
	in := Installed{
		TeamID: resp.Team.ID, TeamName: resp.Team.Name, EnterpriseID: resp.Enterprise.ID,
		AppID: resp.AppID, BotUserID: resp.BotUserID, Scope: resp.Scope, InstallerID: resp.AuthedUser.ID,
		BotToken: resp.AccessToken, RefreshToken: resp.RefreshToken,
	}
	if resp.RefreshToken != "" {
		in.ExpiresAt = time.Now().Add(time.Duration(resp.ExpiresIn) * time.Second)
	}
	return in, nil
}

// welcome tells the person who installed what to do next, in their language.
func (o *OAuth) welcome(ctx context.Context, in Installed) error {
	api := o.Base.ForToken(in.BotToken)
	lang := locale.EN
	if u, err := api.GetUserInfoContext(ctx, in.InstallerID); err == nil {
		lang = locale.Match(u.Locale, locale.EN)
	}
	_, err := api.DM(ctx, in.InstallerID, Message{Text: o.Catalog.For(lang).T("install.welcome", map[string]any{"Team": in.TeamName})})
	return err
}

// RefreshTokens exchanges a workspace's refresh token for a new access
// token and refresh token (token rotation).
func (o *OAuth) RefreshTokens(ctx context.Context, refreshToken string) (Installed, error) {
	resp, err := slack.RefreshOAuthV2TokenContext(ctx, o.Base.HTTP(), o.ClientID, o.ClientSecret, refreshToken, slack.OAuthOptionAPIURL(o.APIURL))
	if err != nil {
		return Installed{}, err
	}
	if resp.AccessToken == "" || resp.RefreshToken == "" {
		return Installed{}, errors.New("oauth.v2.access gave no new tokens")
	}
	return Installed{BotToken: resp.AccessToken, RefreshToken: resp.RefreshToken,
		ExpiresAt: time.Now().Add(time.Duration(resp.ExpiresIn) * time.Second)}, nil
}

// printer speaks the browser's language.
func (o *OAuth) printer(r *http.Request) *locale.Printer {
	first, _, _ := strings.Cut(r.Header.Get("Accept-Language"), ",")
	first, _, _ = strings.Cut(first, ";")
	return o.Catalog.For(locale.Match(first, locale.EN))
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{.Title}}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#1d1c1d}
a.button{display:inline-block;background:#4a154b;color:#fff;padding:.6em 1.2em;border-radius:6px;text-decoration:none;font-weight:600}</style>
</head><body><h1>{{.Title}}</h1><p>{{.Text}}</p>
{{if .Link}}<p><a class="button" href="{{.Link}}">{{.Button}}</a></p>{{end}}
</body></html>
`))

func (o *OAuth) page(w http.ResponseWriter, status int, p *locale.Printer, text, link string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(status)
	button := p.T("install.button")
	if strings.Contains(link, "app_redirect") {
		button = p.T("install.open_slack")
	}
	err := pageTemplate.Execute(w, map[string]any{
		"Lang": p.Lang(), "Title": p.T("install.title"), "Text": text, "Link": template.URL(link), "Button": button,
	})
	if err != nil {
		o.Log.Warn("writing an install page", "err", err)
	}
}
