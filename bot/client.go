package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
)

// Client is the Slack Web API client every handler and job uses: slack-go's
// client over an instrumented transport, retrying 429s after Retry-After and
// transient network errors a bounded number of times.
type Client struct {
	*slack.Client
	http    *http.Client
	retries int
	opts    []slack.Option // what ForToken builds another workspace's client with
}

// rateLimitRetries bounds the retries of one call answered 429. Slack's
// limits hold for a while, and a message given up on is a message lost,
// so 429s get more tries than network errors; each waits its Retry-After.
const rateLimitRetries = 10

// ClientConfig configures NewClient.
type ClientConfig struct {
	BotToken, AppToken string
	APIURL             string // Web API base URL ending in "/"; empty means Slack's own
	MaxRetries         int    // per call; default 4
	Metrics            *Metrics
}

// NewClient builds the Web API client.
func NewClient(cfg ClientConfig) *Client {
	if cfg.MaxRetries <= 0 {
		cfg.MaxRetries = 4
	}
	hc := &http.Client{
		Timeout:   30 * time.Second,
		Transport: &meteredTransport{next: http.DefaultTransport.(*http.Transport).Clone(), m: cfg.Metrics},
	}
	retry := slack.DefaultRetryConfig()
	retry.MaxRetries = max(cfg.MaxRetries, rateLimitRetries)
	retry.RetryAfterDuration = 5 * time.Second
	retry.RetryAfterJitter = 200 * time.Millisecond
	retry.BackoffMax = 5 * time.Second
	retry.Handlers = []slack.RetryHandler{
		cappedRetry{slack.NewConnectionErrorRetryHandler(), cfg.MaxRetries},
		slack.NewRateLimitErrorRetryHandler(retry),
	}
	opts := []slack.Option{
		slack.OptionHTTPClient(hc),
		slack.OptionRetryConfig(retry),
		slack.OptionAppLevelToken(cfg.AppToken),
	}
	if cfg.APIURL != "" {
		opts = append(opts, slack.OptionAPIURL(cfg.APIURL))
	}
	return &Client{Client: slack.New(cfg.BotToken, opts...), http: hc, retries: cfg.MaxRetries, opts: opts}
}

// ForToken is a client for another workspace's bot token, sharing this
// one's connections, retries and API URL.
func (c *Client) ForToken(token string) *Client {
	return &Client{Client: slack.New(token, c.opts...), http: c.http, retries: c.retries, opts: c.opts}
}

// HTTP is the client's HTTP client, for calls slack-go makes without a
// token (oauth.v2.access).
func (c *Client) HTTP() *http.Client { return c.http }

// Message is a reply or post in a channel.
type Message struct {
	Text            string // fallback text for notifications; required by Slack with blocks
	Blocks          []slack.Block
	InChannel       bool // response_url only: visible to everyone instead of ephemeral
	ReplaceOriginal bool // response_url only: replace the message that had the button
	DeleteOriginal  bool
}

// Respond posts to a response_url (valid 30 minutes, 5 uses), retrying 429s.
func (c *Client) Respond(ctx context.Context, responseURL string, m Message) error {
	body := map[string]any{
		"text":             m.Text,
		"response_type":    "ephemeral",
		"replace_original": m.ReplaceOriginal,
		"delete_original":  m.DeleteOriginal,
	}
	if m.InChannel {
		body["response_type"] = "in_channel"
	}
	if len(m.Blocks) > 0 {
		body["blocks"] = m.Blocks
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("encoding response: %w", err)
	}
	for attempt, limited := 0, 0; ; attempt++ {
		wait, err := c.postResponse(ctx, responseURL, raw)
		if err == nil {
			return nil
		}
		if errors.Is(err, errRateLimited) {
			limited++
		}
		if wait == 0 || attempt-limited >= c.retries || limited > rateLimitRetries {
			return err
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// postResponse sends once; a non-zero wait means the failure is worth retrying.
func (c *Client) postResponse(ctx context.Context, url string, raw []byte) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(raw))
	if err != nil {
		return 0, fmt.Errorf("response_url request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return 200 * time.Millisecond, fmt.Errorf("posting to response_url: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return retryAfter(resp.Header), fmt.Errorf("response_url: %w", errRateLimited)
	case resp.StatusCode >= 500:
		return 500 * time.Millisecond, fmt.Errorf("response_url: status %d", resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return 0, fmt.Errorf("response_url: status %d", resp.StatusCode)
	}
	// Slack may answer 200 with {"ok":false,"error":"invalid_blocks"}: the
	// message was refused, not delivered.
	var answer struct {
		OK    *bool  `json:"ok"`
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &answer) == nil && answer.OK != nil && !*answer.OK {
		return 0, fmt.Errorf("response_url: %w", slack.SlackErrorResponse{Err: answer.Error})
	}
	return 0, nil
}

var errRateLimited = errors.New("rate limited")

// cappedRetry lets a slack-go retry handler retry at most max times, when
// the client's overall cap is set higher for 429s.
type cappedRetry struct {
	slack.RetryHandler
	max int
}

func (c cappedRetry) ShouldRetry(state *slack.RetryState, req *http.Request, resp *http.Response, err error) (bool, time.Duration) {
	if state.Attempt >= c.max {
		return false, 0
	}
	return c.RetryHandler.ShouldRetry(state, req, resp, err)
}

func retryAfter(h http.Header) time.Duration {
	if s, err := strconv.Atoi(h.Get("Retry-After")); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	return time.Second
}

// Post sends a message to a channel and returns its timestamp.
func (c *Client) Post(ctx context.Context, channel string, m Message, opts ...slack.MsgOption) (string, error) {
	opts = append([]slack.MsgOption{slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...)}, opts...)
	_, ts, err := c.PostMessageContext(ctx, channel, opts...)
	if err != nil {
		return "", fmt.Errorf("chat.postMessage: %w", err)
	}
	return ts, nil
}

// Update replaces a message's text and blocks.
func (c *Client) Update(ctx context.Context, channel, ts string, m Message) error {
	_, _, _, err := c.UpdateMessageContext(ctx, channel, ts, slack.MsgOptionText(m.Text, false), slack.MsgOptionBlocks(m.Blocks...))
	if err != nil {
		return fmt.Errorf("chat.update: %w", err)
	}
	return nil
}

// DM sends a direct message to a user.
func (c *Client) DM(ctx context.Context, userID string, m Message) (string, error) {
	ch, _, _, err := c.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{userID}})
	if err != nil {
		return "", fmt.Errorf("conversations.open: %w", err)
	}
	return c.Post(ctx, ch.ID, m)
}

// meteredTransport counts Web API calls by method and status.
type meteredTransport struct {
	next http.RoundTripper
	m    *Metrics
}

func (t *meteredTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	method := apiMethod(req.URL.Path)
	resp, err := t.next.RoundTrip(req)
	if t.m == nil {
		return resp, err
	}
	status := "error"
	if err == nil {
		status = strconv.Itoa(resp.StatusCode)
		if resp.StatusCode == http.StatusTooManyRequests {
			t.m.rateLimited.WithLabelValues(method).Inc()
		}
	}
	t.m.apiCalls.WithLabelValues(method, status).Inc()
	return resp, err
}

// apiMethod names a call for metrics without leaking response_url secrets.
func apiMethod(path string) string {
	if i := strings.Index(path, "/api/"); i >= 0 {
		return path[i+len("/api/"):]
	}
	return "response_url"
}
