// Package slacktest is the project's own Slack test server: it speaks the Socket
// Mode websocket protocol and the subset of the Web API the bot uses, so tests and
// benchmarks can run the real bot (slack-go and its socketmode client) against it.
//
// It never imports testing: the benchmark program links it too.
package slacktest

import (
	"errors"
	"fmt"
	"maps"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Defaults used when Options leaves a field empty.
const (
	DefaultPingInterval = 5 * time.Second
	DefaultTeamID       = "T0TEST"
	DefaultBotUserID    = "U0BOT"
	DefaultBotID        = "B0BOT"
	AppID               = "A0TEST"
	TeamDomain          = "test"
	// VerificationToken is the legacy token Slack puts in payloads.
	VerificationToken = "verification-token"
)

// Limits of the Slack platform the server enforces.
const (
	TriggerTTL          = 3 * time.Second
	ResponseURLTTL      = 30 * time.Minute
	ResponseURLMaxUses  = 5
	maxAutoRedeliveries = 3
	disconnectGrace     = time.Second
	maxRequestBody      = 64 << 20
)

// ErrClosed is returned by waits and sends once the server is closed.
var ErrClosed = errors.New("slacktest: server closed")

// Options configures a Server.
type Options struct {
	AppToken, BotToken string // required; a wrong token is answered with invalid_auth
	// PingInterval is how often each connection gets a websocket PING; slack-go drops
	// a connection that sees no ping for 30 s. Default 5 s.
	PingInterval time.Duration
	// AutoRedeliver, if > 0, re-sends an envelope not acked within this delay (same
	// envelope_id, retry_attempt+1, retry_reason "timeout"), up to 3 times, like Slack.
	AutoRedeliver time.Duration
	Users         map[string]User     // users.info answers
	Channels      map[string]Channel  // conversations.info answers; others are plain channels
	UserGroups    map[string][]string // usergroups.users.list answers; usergroups.list lists them
	// GroupHandles names user groups in usergroups.list (the id's lower
	// case when missing).
	GroupHandles map[string]string
	Logf         func(format string, args ...any)

	// TeamID, BotUserID and BotID appear in auth.test and posted messages; defaults
	// DefaultTeamID, DefaultBotUserID, DefaultBotID.
	TeamID, BotUserID, BotID string

	// ClientID and ClientSecret are the app's OAuth credentials, which
	// oauth.v2.access checks; with them, workspaces install the app
	// through Approve and get tokens of their own.
	ClientID, ClientSecret string
	// TokenRotation, when set, makes the tokens OAuth issues expire after
	// it, with a refresh token.
	TokenRotation time.Duration
}

// User is a workspace member as users.info reports it. A guest is
// restricted (multi-channel) or ultra-restricted (single-channel); a Slack
// Connect user from another organisation has that organisation's TeamID.
// EnterpriseID, on Enterprise Grid, is reported in enterprise_user.
type User struct {
	EnterpriseID                    string
	ID, TeamID, Name, Locale, TZ    string
	Email, RealName                 string // the profile's; RealName defaults to Name
	IsAdmin                         bool
	IsRestricted, IsUltraRestricted bool
}

// Channel is a conversation as conversations.info reports it. IsExtShared
// marks a Slack Connect channel shared with another organisation.
type Channel struct {
	Name                   string
	IsPrivate, IsExtShared bool
}

// Server is a fake Slack: Socket Mode websocket plus Web API over plain HTTP on
// 127.0.0.1. All methods are safe for concurrent use.
type Server struct {
	opts     Options
	ln       net.Listener
	http     *http.Server
	base     string // http://127.0.0.1:PORT
	upgrader websocket.Upgrader
	closed   chan struct{}
	once     sync.Once

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change; see notifyLocked
	seq     uint64        // id generator
	lastTS  int64         // last message ts, in microseconds

	sock   socketState
	poster *httpMode // set by SendOverHTTP: deliveries are POSTed
	web    webState
	oauth  oauthState
	rates  map[string]*rateRule
	delays map[string]time.Duration // method -> answer delay (Delay)
	fails  map[string]*failRule     // method -> errors to answer (Fail)
}

// New starts a server listening on 127.0.0.1 on a free port.
func New(opts Options) (*Server, error) {
	if opts.AppToken == "" || opts.BotToken == "" {
		return nil, errors.New("slacktest: AppToken and BotToken are required")
	}
	if opts.PingInterval <= 0 {
		opts.PingInterval = DefaultPingInterval
	}
	if opts.TeamID == "" {
		opts.TeamID = DefaultTeamID
	}
	if opts.BotUserID == "" {
		opts.BotUserID = DefaultBotUserID
	}
	if opts.BotID == "" {
		opts.BotID = DefaultBotID
	}
	// Private copies: the caller may reuse its maps.
	opts.Users = maps.Clone(opts.Users)
	opts.UserGroups = maps.Clone(opts.UserGroups)
	opts.Channels = maps.Clone(opts.Channels)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("slacktest: listening: %w", err)
	}
	s := &Server{
		opts:    opts,
		ln:      ln,
		base:    "http://" + ln.Addr().String(),
		closed:  make(chan struct{}),
		changed: make(chan struct{}),
		rates:   map[string]*rateRule{},
		delays:  map[string]time.Duration{},
		fails:   map[string]*failRule{},
	}
	s.upgrader = websocket.Upgrader{
		ReadBufferSize:  32 << 10,
		WriteBufferSize: 32 << 10,
		// slack-go sends Origin https://api.slack.com; any origin is fine here.
		CheckOrigin: func(*http.Request) bool { return true },
	}
	s.sock.init()
	s.web.init()
	s.oauth.init()

	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.handleAPI)
	mux.HandleFunc("/link/", s.handleWebsocket)
	mux.HandleFunc("/response/{id}", s.handleResponseURL)
	mux.HandleFunc("/upload/{id}", s.handleUpload)
	mux.HandleFunc("/files-pri/{ref}/{name}", s.handleFileDownload)
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }()
	return s, nil
}

// APIURL is the Web API base URL for slack.OptionAPIURL; slack-go appends the
// method name to it.
func (s *Server) APIURL() string { return s.base + "/api/" }

// Close stops the server, closes every connection and wakes all waiters.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.closed)
		_ = s.http.Close()
		s.mu.Lock()
		conns := s.sock.all()
		s.sock.stopTimersLocked()
		s.notifyLocked()
		s.mu.Unlock()
		for _, c := range conns {
			c.close()
		}
	})
}

func (s *Server) isClosed() bool {
	select {
	case <-s.closed:
		return true
	default:
		return false
	}
}

func (s *Server) logf(format string, args ...any) {
	// After Close the caller may be gone (a finished test's t.Logf panics).
	if s.opts.Logf != nil && !s.isClosed() {
		s.opts.Logf(format, args...)
	}
}

// notifyLocked wakes every waiter; they re-check their condition. Waiters select
// on the channel together with a timer, which sync.Cond cannot do.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor blocks until check (called with s.mu held) reports done, the timeout
// passes or the server closes.
func (s *Server) waitFor(timeout time.Duration, what string, check func() bool) error {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		done := check()
		ch := s.changed
		s.mu.Unlock()
		if done {
			return nil
		}
		select {
		case <-ch:
		case <-timer.C:
			return fmt.Errorf("slacktest: timed out after %v waiting for %s", timeout, what)
		case <-s.closed:
			return fmt.Errorf("waiting for %s: %w", what, ErrClosed)
		}
	}
}

// nextIDLocked returns a short unique suffix for generated ids.
func (s *Server) nextIDLocked() uint64 {
	s.seq++
	return s.seq
}

// nextTSLocked returns a unique, strictly increasing message ts ("1700000000.000123").
func (s *Server) nextTSLocked() string {
	now := time.Now().UnixMicro()
	if now <= s.lastTS {
		now = s.lastTS + 1
	}
	s.lastTS = now
	return fmt.Sprintf("%d.%06d", now/1e6, now%1e6)
}
